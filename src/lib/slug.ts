/** The format of a dashboard slug, as the data contract fixes it. */
export const SLUG_PATTERN = /^[a-z0-9-]{3,64}$/;

/** A slug suggested from a dashboard title: "Ops — Büro 2" becomes "ops-buro-2". */
export function suggestSlug(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  if (base.length >= 3) return base;
  return base ? `${base}-dashboard` : 'dashboard';
}

/** Why `slug` is not a valid slug, or null when it is. */
export function slugError(slug: string): string | null {
  if (slug.length < 3) return 'A slug needs at least 3 characters.';
  if (slug.length > 64) return 'A slug has at most 64 characters.';
  if (!SLUG_PATTERN.test(slug)) return 'A slug may only hold lower-case letters, digits and "-".';
  return null;
}
