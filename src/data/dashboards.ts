import { collection, doc, query, serverTimestamp, updateDoc, where, writeBatch, type DocumentSnapshot } from 'firebase/firestore';
import { parseDashboard, type Dashboard } from '../../contract/index.ts';
import { computed } from 'vue';
import { useLiveDoc, useLiveQuery } from '../composables/useLiveQuery.ts';
import { db } from '../firebase.ts';
import { EDITOR_ROLE_NEEDED, explainRefusal } from './refusals.ts';
import { claimSlug, releaseSlug, resolveSlug } from './slugs.ts';
import { addWidgets, removeAllWidgets, type WidgetData } from './widgets.ts';

export type { Dashboard };

type Parsed = { dashboard: Dashboard; problem?: undefined } | { dashboard?: undefined; problem: string };

/** A snapshot as a dashboard, or what is wrong with it (one bad document must not hide the others). */
function toDashboard(d: DocumentSnapshot): Parsed {
  try {
    return { dashboard: parseDashboard(d.id, d.data({ serverTimestamps: 'estimate' })) };
  } catch (err) {
    return { problem: (err as Error).message };
  }
}
const dashboardRef = (id: string) => doc(db, 'dashboards', id);

/** The slug is used by another dashboard (found before writing, or refused by the rules at commit). */
export class SlugTakenError extends Error {
  constructor(slug: string) {
    super(`The address /d/${slug} is taken by another dashboard: choose another slug.`);
    this.name = 'SlugTakenError';
  }
}

/** The team's dashboards, live; `error` also names documents that break the contract (the others still show). */
export function useTeamDashboards(teamId: () => string | null) {
  const live = useLiveQuery(() => {
    const id = teamId();
    return id ? query(collection(db, 'dashboards'), where('teamId', '==', id)) : null;
  }, toDashboard);
  const data = computed(() => live.data.value.flatMap((p) => (p.dashboard ? [p.dashboard] : [])));
  const error = computed(() => {
    const problems = live.data.value.flatMap((p) => (p.problem ? [p.problem] : []));
    return live.error.value ?? (problems.length > 0 ? new Error(problems.join(' ')) : null);
  });
  return { data, pending: live.pending, error, stop: live.stop };
}

/** One dashboard, live (null while there is none, it cannot be read, or it breaks the contract: `error` says which). */
export function useDashboard(dashboardId: () => string | null) {
  const live = useLiveDoc(() => {
    const id = dashboardId();
    return id ? dashboardRef(id) : null;
  }, toDashboard);
  const data = computed(() => live.data.value?.dashboard ?? null);
  const error = computed(() => live.error.value ?? (live.data.value?.problem ? new Error(live.data.value.problem) : null));
  return { data, pending: live.pending, error, stop: live.stop };
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

/** What a new dashboard's author chooses (the rest is set on writing). */
export type DashboardFields = Pick<Dashboard, 'teamId' | 'slug' | 'title' | 'description' | 'isPublic'>;

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
