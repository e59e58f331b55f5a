import { doc, getDoc, type WriteBatch } from 'firebase/firestore';
import { parseSlug, type Slug } from '../../contract/index.ts';
import { db } from '../firebase.ts';

/** Which dashboard (of which team) an address names. */
export type SlugClaim = Omit<Slug, 'slug'>;

const slugRef = (slug: string) => doc(db, 'slugs', slug);

/** The dashboard id a slug names, or null when no dashboard has it. */
export async function resolveSlug(slug: string): Promise<string | null> {
  const snap = await getDoc(slugRef(slug));
  const data = snap.data();
  return data ? parseSlug(slug, data).dashboardId : null;
}

/** Adds the claim of `slug` to `batch`; the rules refuse it when another dashboard holds the slug. */
export function claimSlug(batch: WriteBatch, slug: string, claim: SlugClaim): void {
  batch.set(slugRef(slug), { dashboardId: claim.dashboardId, teamId: claim.teamId });
}

/** Adds the release of `slug` to `batch`, making the address free. */
export function releaseSlug(batch: WriteBatch, slug: string): void {
  batch.delete(slugRef(slug));
}
