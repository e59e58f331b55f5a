import {
  collection,
  deleteDoc,
  deleteField,
  doc,
  onSnapshot,
  serverTimestamp,
  setDoc,
  updateDoc,
  type Timestamp,
} from 'firebase/firestore';
import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref, shallowRef, toRaw } from 'vue';
import { db } from '../firebase.ts';
import { placeBelow } from '../lib/layout.ts';
import { cloneValue, DELETE, widgetUpdate, type WidgetData } from '../lib/widgetDiff.ts';

export interface EditorWidget extends WidgetData {
  id: string;
  createdAt?: Timestamp;
  updatedAt?: Timestamp;
}

/** How to take back one change: delete a created widget, re-create a deleted one, or update back. */
type Inverse = { kind: 'delete'; id: string } | { kind: 'restore'; id: string; data: WidgetData } | { kind: 'update'; id: string; from: WidgetData; to: WidgetData };

interface HistoryEntry {
  label: string;
  steps: Inverse[];
}

/** Edits are written after this quiet time, so that a drag or typing is one write and one undo step. */
export const SAVE_DELAY_MS = 400;
const HISTORY_MAX = 50;

function dataOf(w: WidgetData): WidgetData {
  return { type: w.type, pipelineId: w.pipelineId, config: cloneValue(w.config), position: { ...w.position } };
}

function toFirestore(update: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { updatedAt: serverTimestamp() };
  for (const [k, v] of Object.entries(update)) out[k] = v === DELETE ? deleteField() : v;
  return out;
}

/**
 * The widgets of the dashboard being edited, live from its `widgets` collection,
 * and every change to them. Each change writes only the widget it touches
 * (changed fields only), after a short quiet time; the widgets others change
 * arrive through the listener, so two editors never overwrite each other's
 * widgets. Local edits not yet written show over the stored state.
 */
export const useEditorStore = defineStore('editor', () => {
  const dashboardId = ref<string | null>(null);
  const stored = shallowRef<EditorWidget[]>([]);
  const pending = ref(true);
  const error = ref<string | null>(null);
  /**
   * Unsaved edits, by widget: the state before the first of them, and only the
   * fields changed since (so that others' changes to the other fields still show).
   */
  const drafts = ref<Record<string, { from: WidgetData; patch: Partial<WidgetData>; label: string; hold: boolean }>>({});
  /** Edits being written: shown until the write settles, so the grid does not flicker back meanwhile. */
  const inflight = ref<Record<string, Partial<WidgetData>>>({});
  const history = ref<HistoryEntry[]>([]);
  const saving = ref(0);
  let stopListener: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const widgets = computed<EditorWidget[]>(() =>
    stored.value.map((w) => {
      const saving = inflight.value[w.id];
      const draft = drafts.value[w.id]?.patch;
      return saving || draft ? { ...w, ...saving, ...draft } : w;
    }),
  );

  function byId(id: string): EditorWidget | undefined {
    return widgets.value.find((w) => w.id === id);
  }

  function open(id: string): void {
    if (dashboardId.value === id) return;
    close();
    dashboardId.value = id;
    pending.value = true;
    stopListener = onSnapshot(
      collection(db, 'dashboards', id, 'widgets'),
      (snap) => {
        stored.value = snap.docs.map((d) => ({ id: d.id, ...(d.data({ serverTimestamps: 'estimate' }) as WidgetData) }));
        // A widget deleted elsewhere takes its unsaved edits with it.
        for (const wid of Object.keys(drafts.value)) if (!stored.value.some((w) => w.id === wid)) delete drafts.value[wid];
        pending.value = false;
      },
      (err) => {
        error.value = err.message;
        pending.value = false;
      },
    );
  }

  function close(): void {
    void flush();
    stopListener?.();
    stopListener = null;
    dashboardId.value = null;
    stored.value = [];
    inflight.value = {};
    history.value = [];
    error.value = null;
  }

  function remember(entry: HistoryEntry): void {
    history.value = [...history.value.slice(-(HISTORY_MAX - 1)), entry];
  }

  async function write<T>(run: () => Promise<T>): Promise<T> {
    saving.value++;
    error.value = null;
    try {
      return await run();
    } catch (err) {
      error.value = (err as Error).message;
      throw err;
    } finally {
      saving.value--;
    }
  }

  function widgetRef(id: string) {
    if (!dashboardId.value) throw new Error('No dashboard is open.');
    return doc(db, 'dashboards', dashboardId.value, 'widgets', id);
  }

  /**
   * Changes a widget; written after SAVE_DELAY_MS of quiet, as one undo step per
   * burst. With `hold` (options that do not validate yet) the change shows but is
   * not written until a later edit makes it valid.
   */
  function edit(id: string, patch: Partial<WidgetData>, label = 'Edit widget', hold = false): void {
    const current = byId(id);
    if (!current) return;
    const draft = drafts.value[id];
    const from = draft?.from ?? dataOf(current);
    drafts.value[id] = { from, patch: { ...draft?.patch, ...cloneValue(patch) }, label: draft?.label ?? label, hold };
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), SAVE_DELAY_MS);
  }

  /** Writes every unsaved edit now (also on leaving the page, so that no edit is lost). */
  async function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const entries = Object.entries(drafts.value).filter(([, d]) => !d.hold);
    if (entries.length === 0) return;
    for (const [id] of entries) delete drafts.value[id];
    const steps: Inverse[] = [];
    const writes: Promise<void>[] = [];
    for (const [id, { from, patch }] of entries) {
      const to = { ...from, ...cloneValue(patch) };
      const update = widgetUpdate(from, to);
      if (!update) continue;
      steps.push({ kind: 'update', id, from: to, to: from });
      const shown = cloneValue(patch);
      inflight.value[id] = shown;
      writes.push(
        updateDoc(widgetRef(id), toFirestore(update)).finally(() => {
          if (toRaw(inflight.value[id]) === shown) delete inflight.value[id];
        }),
      );
    }
    if (steps.length === 0) return;
    remember({ label: entries.length === 1 && entries[0] ? entries[0][1].label : 'Move widgets', steps });
    await write(() => Promise.all(writes).then(() => undefined));
  }

  /**
   * Creates a widget; `onId` learns its id at once (the write resolves only when
   * the server has it, while the widget shows as soon as the local cache does).
   */
  async function addWidget(
    data: Omit<WidgetData, 'position'> & { position?: WidgetData['position'] },
    label = 'Add widget',
    onId?: (id: string) => void,
  ): Promise<string> {
    if (!dashboardId.value) throw new Error('No dashboard is open.');
    const ref = doc(collection(db, 'dashboards', dashboardId.value, 'widgets'));
    onId?.(ref.id);
    const position = data.position ?? placeBelow(widgets.value.map((w) => w.position), 4, 3);
    await write(() => setDoc(ref, { ...dataOf({ ...data, position }), createdAt: serverTimestamp(), updatedAt: serverTimestamp() }));
    remember({ label, steps: [{ kind: 'delete', id: ref.id }] });
    return ref.id;
  }

  async function duplicateWidget(id: string, onId?: (id: string) => void): Promise<string | null> {
    const source = byId(id);
    if (!source) return null;
    const position = placeBelow(widgets.value.map((w) => w.position), source.position.w, source.position.h);
    return addWidget({ ...dataOf(source), position }, 'Duplicate widget', onId);
  }

  async function deleteWidget(id: string): Promise<void> {
    const current = byId(id);
    if (!current) return;
    delete drafts.value[id];
    await write(() => deleteDoc(widgetRef(id)));
    remember({ label: 'Delete widget', steps: [{ kind: 'restore', id, data: dataOf(current) }] });
  }

  const canUndo = computed(() => history.value.length > 0 || Object.keys(drafts.value).length > 0);
  const undoLabel = computed(() => {
    const draftLabels = Object.values(drafts.value).map((d) => d.label);
    return draftLabels[0] ?? history.value[history.value.length - 1]?.label ?? '';
  });

  /** Takes back the last change: unsaved edits are dropped, a saved change is reversed with its own write. */
  async function undo(): Promise<void> {
    if (Object.keys(drafts.value).length > 0) {
      if (timer) clearTimeout(timer);
      timer = null;
      drafts.value = {};
      return;
    }
    const entry = history.value[history.value.length - 1];
    if (!entry) return;
    history.value = history.value.slice(0, -1);
    await write(async () => {
      for (const step of entry.steps) {
        if (step.kind === 'delete') await deleteDoc(widgetRef(step.id));
        else if (step.kind === 'restore') await setDoc(widgetRef(step.id), { ...step.data, createdAt: serverTimestamp(), updatedAt: serverTimestamp() });
        else {
          const update = widgetUpdate(step.from, step.to);
          if (update) await updateDoc(widgetRef(step.id), toFirestore(update));
        }
      }
    });
  }

  // Writes are queued in Firestore's persistent cache once made: make them before the tab goes away.
  const onHide = () => void flush();
  const onVisibility = () => document.visibilityState === 'hidden' && onHide();
  window.addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', onVisibility);
  onScopeDispose(() => {
    window.removeEventListener('pagehide', onHide);
    document.removeEventListener('visibilitychange', onVisibility);
    close();
  });

  /** Widgets with edits held back because their options do not validate. */
  const held = computed(() => Object.entries(drafts.value).filter(([, d]) => d.hold).map(([id]) => id));

  return { dashboardId, widgets, pending, error, saving, history, held, canUndo, undoLabel, open, close, edit, flush, addWidget, duplicateWidget, deleteWidget, undo, byId };
});
