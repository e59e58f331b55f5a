import { doc, getDoc, type WriteBatch } from 'firebase/firestore';
import { db } from '../firebase.ts';

/** A `slugs/{slug}` document: which dashboard (of which team) an address names. */
export interface SlugClaim {
  dashboardId: string;
  teamId: string;
}

const slugRef = (slug: string) => doc(db, 'slugs', slug);

/** The claim a slug document holds, or an error naming the bad field. */
export function parseSlugClaim(slug: string, data: Record<string, unknown>): SlugClaim {
  const { dashboardId, teamId } = data;
  if (typeof dashboardId !== 'string' || !dashboardId) throw new Error(`slugs/${slug}: dashboardId must be a non-empty string.`);
  if (typeof teamId !== 'string' || !teamId) throw new Error(`slugs/${slug}: teamId must be a non-empty string.`);
  return { dashboardId, teamId };
}

/** The dashboard id a slug names, or null when no dashboard has it. */
export async function resolveSlug(slug: string): Promise<string | null> {
  const snap = await getDoc(slugRef(slug));
  const data = snap.data();
  return data ? parseSlugClaim(slug, data).dashboardId : null;
}

/** Adds the claim of `slug` to `batch`; the rules refuse it when another dashboard holds the slug. */
export function claimSlug(batch: WriteBatch, slug: string, claim: SlugClaim): void {
  batch.set(slugRef(slug), { dashboardId: claim.dashboardId, teamId: claim.teamId });
}

/** Adds the release of `slug` to `batch`, making the address free. */
export function releaseSlug(batch: WriteBatch, slug: string): void {
  batch.delete(slugRef(slug));
}
