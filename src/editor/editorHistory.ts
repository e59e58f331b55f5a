import { createWidget, deleteWidget, updateWidget, type WidgetData } from '../data/widgets.ts';
import { DELETE, widgetUpdate } from './widgetDiff.ts';

/** How to take back one change: delete a created widget, re-create a deleted one, or update back. */
export type Inverse =
  | { kind: 'delete'; id: string }
  | { kind: 'restore'; id: string; data: WidgetData }
  | { kind: 'update'; id: string; from: WidgetData; to: WidgetData };

/** One undo step: what the button says, and the inverses to write. */
export interface HistoryEntry {
  label: string;
  steps: Inverse[];
}

export const HISTORY_MAX = 50;

/** Writes the smallest update taking widget `id` from `from` to `to` (nothing when they are the same). */
export async function writeWidgetChange(dashboardId: string, id: string, from: WidgetData, to: WidgetData): Promise<void> {
  const update = widgetUpdate(from, to);
  if (!update) return;
  const set: Record<string, unknown> = {};
  const removed: string[] = [];
  for (const [path, value] of Object.entries(update)) {
    if (value === DELETE) removed.push(path);
    else set[path] = value;
  }
  await updateWidget(dashboardId, id, set, removed);
}

/** Writes the inverses of one history entry, in order. */
export async function writeInverse(dashboardId: string, entry: HistoryEntry): Promise<void> {
  for (const step of entry.steps) {
    if (step.kind === 'delete') await deleteWidget(dashboardId, step.id);
    else if (step.kind === 'restore') await createWidget(dashboardId, step.id, step.data);
    else await writeWidgetChange(dashboardId, step.id, step.from, step.to);
  }
}

/**
 * The label of an undo step made of several widgets' edits: the first one's, the
 * edit the user made (a resize that pushed others aside is still "Resize widget").
 */
export function burstLabel(labels: readonly string[]): string {
  return labels[0] ?? 'Edit widgets';
}
