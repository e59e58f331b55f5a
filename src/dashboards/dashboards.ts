import { resolveSlug } from '../data/slugs.ts';
import {
  SlugTakenError,
  writeDashboardDeletion,
  writeDashboardDetails,
  writeImportedWidgets,
  writeNewDashboard,
  writeSlugChange,
  type Dashboard,
} from '../data/dashboards.ts';
import { slugError } from '../lib/slug.ts';
import { widgetsForImport, type DashboardFile, type PipelineMapping } from './dashboardFile.ts';
import { descriptionError, titleError } from './dashboardLimits.ts';

function check(problem: string | null): void {
  if (problem) throw new Error(problem);
}

async function checkFreeSlug(slug: string): Promise<void> {
  check(slugError(slug));
  if (await resolveSlug(slug)) throw new SlugTakenError(slug);
}

export interface NewDashboard {
  teamId: string;
  title: string;
  slug: string;
  description?: string;
  isPublic?: boolean;
}

/** Creates a dashboard and claims its slug, after checking both; resolves to its id. */
export async function createDashboard(input: NewDashboard, uid: string): Promise<string> {
  check(titleError(input.title));
  const description = input.description?.trim();
  if (description) check(descriptionError(description));
  await checkFreeSlug(input.slug);
  return writeNewDashboard(
    { teamId: input.teamId, slug: input.slug, title: input.title.trim(), ...(description ? { description } : {}), isPublic: input.isPublic ?? false },
    uid,
  );
}

/** Updates title, description or isPublic (never teamId, slug or createdBy). */
export async function updateDashboard(id: string, patch: { title?: string; description?: string; isPublic?: boolean }): Promise<void> {
  const update: { title?: string; description?: string; isPublic?: boolean } = {};
  if (patch.title !== undefined) {
    check(titleError(patch.title));
    update.title = patch.title.trim();
  }
  if (patch.description !== undefined) {
    check(descriptionError(patch.description));
    update.description = patch.description.trim();
  }
  if (patch.isPublic !== undefined) update.isPublic = patch.isPublic;
  await writeDashboardDetails(id, update);
}

/** Moves a dashboard to a new slug, once it is checked to be valid and free. */
export async function changeSlug(dashboard: Pick<Dashboard, 'id' | 'teamId' | 'slug'>, slug: string): Promise<void> {
  if (slug === dashboard.slug) return;
  await checkFreeSlug(slug);
  await writeSlugChange(dashboard, slug);
}

/**
 * Deletes a dashboard with its widgets and slug. A Cloud Function also cascades
 * on the dashboard's deletion; doing it here works without one.
 */
export function deleteDashboard(dashboard: Pick<Dashboard, 'id' | 'slug'>): Promise<void> {
  return writeDashboardDeletion(dashboard);
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
  const { description, isPublic } = file.dashboard;
  const id = await createDashboard({ teamId, title: target.title, slug: target.slug, description, isPublic }, uid);
  await writeImportedWidgets(id, widgetsForImport(file, mapping));
  return id;
}
