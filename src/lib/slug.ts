import { SLUG_PATTERN } from '../../contract/index.ts';

export { SLUG_PATTERN };

const SLUG_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A short random slug, "dash-x7k2", for a title with nothing to make an address from. */
export function randomSlug(random: () => number = Math.random): string {
  const suffix = Array.from({ length: 4 }, () => SLUG_ALPHABET[Math.floor(random() * SLUG_ALPHABET.length)]).join('');
  return `dash-${suffix}`;
}

function asciiBase(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/**
 * True when the title's letters or digits have no Latin form to build a slug from
 * (a Chinese or Japanese title, say): the slug suggested is then random, for the user to replace.
 */
export function titleHasNoSlug(title: string): boolean {
  return /[\p{L}\p{N}]/u.test(title) && asciiBase(title) === '';
}

/**
 * A slug suggested from a dashboard title: "Ops — Büro 2" becomes "ops-buro-2",
 * "東京 Line 3" keeps "line-3"; a title with no Latin letters or digits at all gets
 * `placeholder` (random by default), one without any letters "dashboard".
 */
export function suggestSlug(title: string, placeholder: string = randomSlug()): string {
  const base = asciiBase(title);
  if (base.length >= 3) return base;
  if (base) return `${base}-dashboard`;
  return titleHasNoSlug(title) ? placeholder : 'dashboard';
}

/** Why `slug` is not a valid slug, or null when it is. */
export function slugError(slug: string): string | null {
  if (slug.length < 3) return 'A slug needs at least 3 characters.';
  if (slug.length > 64) return 'A slug has at most 64 characters.';
  if (!SLUG_PATTERN.test(slug)) return 'A slug may only hold lower-case letters, digits and "-".';
  return null;
}
