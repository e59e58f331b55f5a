import {
  collection,
  deleteDoc,
  deleteField,
  doc,
  getDocs,
  onSnapshot,
  serverTimestamp,
  setDoc,
  updateDoc,
  type WriteBatch,
} from 'firebase/firestore';
import { parseWidget, type Widget } from '../../contract/index.ts';
import { db } from '../firebase.ts';

export type { Widget };

/** The editable part of a widget document. */
export type WidgetData = Pick<Widget, 'type' | 'pipelineId' | 'config' | 'position'>;

const widgetsOf = (dashboardId: string) => collection(db, 'dashboards', dashboardId, 'widgets');
const widgetRef = (dashboardId: string, id: string) => doc(db, 'dashboards', dashboardId, 'widgets', id);

/**
 * Listens to a dashboard's widgets, parsed by the contract. A document that does not parse is left out
 * and named in `problems`, so one bad widget does not hide the others.
 */
export function watchWidgets(
  dashboardId: string,
  next: (widgets: Widget[], problems: string[]) => void,
  fail: (err: Error) => void,
): () => void {
  return onSnapshot(
    widgetsOf(dashboardId),
    (snap) => {
      const widgets: Widget[] = [];
      const problems: string[] = [];
      for (const d of snap.docs) {
        try {
          widgets.push(parseWidget(d.id, d.data({ serverTimestamps: 'estimate' })));
        } catch (err) {
          problems.push((err as Error).message);
        }
      }
      next(widgets, problems);
    },
    fail,
  );
}

/** A fresh id for a widget of the dashboard (known before the write reaches the server). */
export function newWidgetId(dashboardId: string): string {
  return doc(widgetsOf(dashboardId)).id;
}

/** Creates (or re-creates, for undo) a widget with the given id. */
export function createWidget(dashboardId: string, id: string, data: WidgetData): Promise<void> {
  return setDoc(widgetRef(dashboardId, id), { ...data, createdAt: serverTimestamp(), updatedAt: serverTimestamp() });
}

/** Sets the given fields (dotted paths allowed, e.g. `config.title`) and removes the `removed` ones. */
export function updateWidget(dashboardId: string, id: string, set: Record<string, unknown>, removed: readonly string[] = []): Promise<void> {
  const update: Record<string, unknown> = { ...set, updatedAt: serverTimestamp() };
  for (const path of removed) update[path] = deleteField();
  return updateDoc(widgetRef(dashboardId, id), update);
}

export function deleteWidget(dashboardId: string, id: string): Promise<void> {
  return deleteDoc(widgetRef(dashboardId, id));
}

/** Adds the creation of `widgets` to `batch` (an import). */
export function addWidgets(batch: WriteBatch, dashboardId: string, widgets: readonly WidgetData[]): void {
  for (const w of widgets) batch.set(doc(widgetsOf(dashboardId)), { ...w, createdAt: serverTimestamp(), updatedAt: serverTimestamp() });
}

/** Adds the deletion of every widget of the dashboard to `batch`. */
export async function removeAllWidgets(batch: WriteBatch, dashboardId: string): Promise<void> {
  const widgets = await getDocs(widgetsOf(dashboardId));
  for (const w of widgets.docs) batch.delete(w.ref);
}
