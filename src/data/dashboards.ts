import { collection, doc, query, serverTimestamp, updateDoc, where, writeBatch, type DocumentSnapshot, type Timestamp } from 'firebase/firestore';
import { useLiveDoc, useLiveQuery } from '../composables/useLiveQuery.ts';
import { db } from '../firebase.ts';
import { EDITOR_ROLE_NEEDED, explainRefusal } from './refusals.ts';
import { claimSlug, releaseSlug, resolveSlug } from './slugs.ts';
import { addWidgets, removeAllWidgets, type WidgetData } from './widgets.ts';

/** A `dashboards/{id}` document with its id. */
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

/** A dashboard document as a typed value, or an error naming the bad field. */
export function parseDashboard(id: string, data: Record<string, unknown>): Dashboard {
  const { teamId, slug, title, description, isPublic, createdAt, updatedAt, createdBy } = data;
  for (const [name, value] of [['teamId', teamId], ['slug', slug], ['title', title]] as const) {
    if (typeof value !== 'string') throw new Error(`Dashboard ${id}: ${name} must be a string.`);
  }
  if (typeof isPublic !== 'boolean') throw new Error(`Dashboard ${id}: isPublic must be true or false.`);
  if (description !== undefined && typeof description !== 'string') throw new Error(`Dashboard ${id}: description must be a string.`);
  return {
    id,
    teamId: teamId as string,
    slug: slug as string,
    title: title as string,
    ...(description !== undefined ? { description } : {}),
    isPublic,
    createdAt: createdAt as Timestamp | undefined,
    updatedAt: updatedAt as Timestamp | undefined,
    createdBy: createdBy as string | undefined,
  };
}

const toDashboard = (d: DocumentSnapshot): Dashboard => parseDashboard(d.id, d.data() ?? {});
const dashboardRef = (id: string) => doc(db, 'dashboards', id);

/** The slug is used by another dashboard (found before writing, or refused by the rules at commit). */
export class SlugTakenError extends Error {
  constructor(slug: string) {
    super(`The address /d/${slug} is taken by another dashboard: choose another slug.`);
    this.name = 'SlugTakenError';
  }
}

/** The team's dashboards, live. */
export function useTeamDashboards(teamId: () => string | null) {
  return useLiveQuery(() => {
    const id = teamId();
    return id ? query(collection(db, 'dashboards'), where('teamId', '==', id)) : null;
  }, toDashboard);
}

/** One dashboard, live (null while there is none or it cannot be read). */
export function useDashboard(dashboardId: () => string | null) {
  return useLiveDoc(() => {
    const id = dashboardId();
    return id ? dashboardRef(id) : null;
  }, toDashboard);
}

/**
 * Commits a batch that claims `slug`. A slug claimed meanwhile makes the rules
 * refuse the batch (no update of an existing slug doc): that is SlugTakenError.
 */
async function commitClaimingSlug(batch: ReturnType<typeof writeBatch>, slug: string): Promise<void> {
  try {
    await batch.commit();
  } catch (err) {
    if ((err as { code?: string }).code === 'permission-denied' && (await resolveSlug(slug).catch(() => null))) throw new SlugTakenError(slug);
    throw explainRefusal(err, EDITOR_ROLE_NEEDED);
  }
}

export interface DashboardFields {
  teamId: string;
  slug: string;
  title: string;
  description?: string;
  isPublic: boolean;
}

/** Writes a new dashboard and the claim of its slug, in one batch; resolves to its id. */
export async function writeNewDashboard(fields: DashboardFields, uid: string): Promise<string> {
  const ref = doc(collection(db, 'dashboards'));
  const batch = writeBatch(db);
  batch.set(ref, { ...fields, createdAt: serverTimestamp(), updatedAt: serverTimestamp(), createdBy: uid });
  claimSlug(batch, fields.slug, { dashboardId: ref.id, teamId: fields.teamId });
  await commitClaimingSlug(batch, fields.slug);
  return ref.id;
}

/** Writes title, description or isPublic (never teamId, slug or createdBy). */
export async function writeDashboardDetails(id: string, patch: { title?: string; description?: string; isPublic?: boolean }): Promise<void> {
  await updateDoc(dashboardRef(id), { ...patch, updatedAt: serverTimestamp() }).catch((err: unknown) => {
    throw explainRefusal(err, EDITOR_ROLE_NEEDED);
  });
}

/** Moves a dashboard to a new slug: one batch updating the dashboard, releasing the old slug, claiming the new. */
export async function writeSlugChange(dashboard: Pick<Dashboard, 'id' | 'teamId' | 'slug'>, slug: string): Promise<void> {
  const batch = writeBatch(db);
  batch.update(dashboardRef(dashboard.id), { slug, updatedAt: serverTimestamp() });
  releaseSlug(batch, dashboard.slug);
  claimSlug(batch, slug, { dashboardId: dashboard.id, teamId: dashboard.teamId });
  await commitClaimingSlug(batch, slug);
}

/** Deletes a dashboard with its widgets and slug in one batch. */
export async function writeDashboardDeletion(dashboard: Pick<Dashboard, 'id' | 'slug'>): Promise<void> {
  const batch = writeBatch(db);
  await removeAllWidgets(batch, dashboard.id);
  releaseSlug(batch, dashboard.slug);
  batch.delete(dashboardRef(dashboard.id));
  await batch.commit().catch((err: unknown) => {
    throw explainRefusal(err, EDITOR_ROLE_NEEDED);
  });
}

/** Writes the widgets of an imported dashboard, in one batch. */
export async function writeImportedWidgets(dashboardId: string, widgets: readonly WidgetData[]): Promise<void> {
  const batch = writeBatch(db);
  addWidgets(batch, dashboardId, widgets);
  await batch.commit().catch((err: unknown) => {
    throw explainRefusal(err, "The widgets were refused: each must read a pipeline of this team. Map every pipeline of the file to one of the team's.");
  });
}
