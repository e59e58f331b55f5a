import {
  collection,
  doc,
  getDoc,
  getDocs,
  query,
  serverTimestamp,
  updateDoc,
  where,
  writeBatch,
  type DocumentSnapshot,
  type Timestamp,
} from 'firebase/firestore';
import { db } from '../firebase.ts';
import { widgetsForImport, type DashboardFile, type PipelineMapping } from '../lib/dashboardFile.ts';
import { slugError } from '../lib/slug.ts';
import { useLiveDoc, useLiveQuery } from '../composables/useLiveQuery.ts';

export interface Dashboard {
  id: string;
  teamId: string;
  slug: string;
  title: string;
  description?: string;
  isPublic: boolean;
  createdAt?: Timestamp;
  updatedAt?: Timestamp;
  createdBy?: string;
}

export const TITLE_MAX = 120;

export function titleError(title: string): string | null {
  const t = title.trim();
  if (!t) return 'A dashboard needs a title.';
  if (t.length > TITLE_MAX) return `A title has at most ${TITLE_MAX} characters.`;
  return null;
}

/** The slug is used by another dashboard (found before writing, or refused by the rules at commit). */
export class SlugTakenError extends Error {
  constructor(slug: string) {
    super(`The address /d/${slug} is taken by another dashboard: choose another slug.`);
    this.name = 'SlugTakenError';
  }
}

function toDashboard(d: DocumentSnapshot): Dashboard {
  return { id: d.id, ...(d.data() as Omit<Dashboard, 'id'>) };
}

/** The team's dashboards, live. */
export function useTeamDashboards(teamId: () => string | null) {
  return useLiveQuery(() => {
    const id = teamId();
    return id ? query(collection(db, 'dashboards'), where('teamId', '==', id)) : null;
  }, toDashboard);
}

export function useDashboard(dashboardId: () => string | null) {
  return useLiveDoc(() => {
    const id = dashboardId();
    return id ? doc(db, 'dashboards', id) : null;
  }, toDashboard);
}

/** The dashboard id a slug names, or null. */
export async function resolveSlug(slug: string): Promise<string | null> {
  const snap = await getDoc(doc(db, 'slugs', slug));
  return snap.exists() ? (snap.get('dashboardId') as string) : null;
}

function checkSlug(slug: string): void {
  const e = slugError(slug);
  if (e) throw new Error(e);
}

/**
 * Runs a batch that claims `slug`; a slug claimed meanwhile makes the rules refuse
 * the batch (no update of an existing slug doc), which surfaces as SlugTakenError.
 */
async function commitClaimingSlug(batch: ReturnType<typeof writeBatch>, slug: string): Promise<void> {
  try {
    await batch.commit();
  } catch (err) {
    if ((err as { code?: string }).code === 'permission-denied' && (await resolveSlug(slug).catch(() => null))) throw new SlugTakenError(slug);
    throw err;
  }
}

export interface NewDashboard {
  teamId: string;
  title: string;
  slug: string;
  description?: string;
  isPublic?: boolean;
}

/** Creates a dashboard and claims its slug, in one batch. */
export async function createDashboard(input: NewDashboard, uid: string): Promise<string> {
  const tErr = titleError(input.title);
  if (tErr) throw new Error(tErr);
  checkSlug(input.slug);
  if (await resolveSlug(input.slug)) throw new SlugTakenError(input.slug);
  const ref = doc(collection(db, 'dashboards'));
  const description = input.description?.trim();
  const batch = writeBatch(db);
  batch.set(ref, {
    teamId: input.teamId,
    slug: input.slug,
    title: input.title.trim(),
    ...(description ? { description } : {}),
    isPublic: input.isPublic ?? false,
    createdAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
    createdBy: uid,
  });
  batch.set(doc(db, 'slugs', input.slug), { dashboardId: ref.id, teamId: input.teamId });
  await commitClaimingSlug(batch, input.slug);
  return ref.id;
}

/** Updates title, description or isPublic (never teamId, slug or createdBy). */
export async function updateDashboard(id: string, patch: { title?: string; description?: string; isPublic?: boolean }): Promise<void> {
  const update: Record<string, unknown> = { updatedAt: serverTimestamp() };
  if (patch.title !== undefined) {
    const e = titleError(patch.title);
    if (e) throw new Error(e);
    update.title = patch.title.trim();
  }
  if (patch.description !== undefined) update.description = patch.description.trim();
  if (patch.isPublic !== undefined) update.isPublic = patch.isPublic;
  await updateDoc(doc(db, 'dashboards', id), update);
}

/** Moves a dashboard to a new slug: one batch updating the dashboard, deleting the old slug doc, creating the new. */
export async function changeSlug(dashboard: Pick<Dashboard, 'id' | 'teamId' | 'slug'>, slug: string): Promise<void> {
  if (slug === dashboard.slug) return;
  checkSlug(slug);
  if (await resolveSlug(slug)) throw new SlugTakenError(slug);
  const batch = writeBatch(db);
  batch.update(doc(db, 'dashboards', dashboard.id), { slug, updatedAt: serverTimestamp() });
  batch.delete(doc(db, 'slugs', dashboard.slug));
  batch.set(doc(db, 'slugs', slug), { dashboardId: dashboard.id, teamId: dashboard.teamId });
  await commitClaimingSlug(batch, slug);
}

/**
 * Deletes a dashboard with its widgets and slug in one batch. A Cloud Function
 * also cascades on the dashboard's deletion; doing it here works without one.
 */
export async function deleteDashboard(dashboard: Pick<Dashboard, 'id' | 'slug'>): Promise<void> {
  const widgets = await getDocs(collection(db, 'dashboards', dashboard.id, 'widgets'));
  const batch = writeBatch(db);
  for (const w of widgets.docs) batch.delete(w.ref);
  batch.delete(doc(db, 'slugs', dashboard.slug));
  batch.delete(doc(db, 'dashboards', dashboard.id));
  await batch.commit();
}

/**
 * Imports a dashboard file into a team: the dashboard and its slug first (the
 * widget rules read the dashboard), then every widget, mapped to team pipelines.
 */
export async function importDashboard(
  teamId: string,
  file: DashboardFile,
  mapping: PipelineMapping,
  target: { title: string; slug: string },
  uid: string,
): Promise<string> {
  const id = await createDashboard({ teamId, title: target.title, slug: target.slug, description: file.dashboard.description, isPublic: file.dashboard.isPublic }, uid);
  const batch = writeBatch(db);
  for (const w of widgetsForImport(file, mapping)) {
    batch.set(doc(collection(db, 'dashboards', id, 'widgets')), { ...w, createdAt: serverTimestamp(), updatedAt: serverTimestamp() });
  }
  await batch.commit();
  return id;
}
