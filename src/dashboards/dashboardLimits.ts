import { TEXT_LIMITS } from '../../contract/index.ts';

/** How long a dashboard's title and description may be (the contract's limits). */
export const TITLE_MAX = TEXT_LIMITS.dashboardTitle;
export const DESCRIPTION_MAX = TEXT_LIMITS.description;

/** Why `title` cannot be a dashboard's title, or null. */
export function titleError(title: string): string | null {
  const t = title.trim();
  if (!t) return 'A dashboard needs a title.';
  if (t.length > TITLE_MAX) return `A title has at most ${TITLE_MAX} characters; this one has ${t.length}.`;
  return null;
}

/** Why `description` cannot be a dashboard's description, or null. */
export function descriptionError(description: string): string | null {
  const d = description.trim();
  return d.length > DESCRIPTION_MAX ? `A description has at most ${DESCRIPTION_MAX} characters; this one has ${d.length}.` : null;
}
