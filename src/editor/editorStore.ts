import { useEventListener } from '@vueuse/core';
import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref, shallowRef, toRaw } from 'vue';
import { createWidget, deleteWidget as removeWidget, newWidgetId, watchWidgets, type Widget, type WidgetData } from '../data/widgets.ts';
import { EDITOR_ROLE_NEEDED, explainRefusal } from '../data/refusals.ts';
import { errorMessage } from '../lib/errors.ts';
import { burstLabel, HISTORY_MAX, writeInverse, writeWidgetChange, type HistoryEntry, type Inverse } from './editorHistory.ts';
import { firstFreeSlot, placeBelow, type Size } from './layout.ts';
import { widgetWriteProblem } from './widgetChecks.ts';
import { cloneValue } from './widgetDiff.ts';

export type EditorWidget = Widget;

/** Edits are written after this quiet time, so that a drag or typing is one write and one undo step. */
export const SAVE_DELAY_MS = 400;
/** The size of a new widget when its type asks for none. */
const DEFAULT_SIZE: Size = { w: 4, h: 3 };

function dataOf(w: WidgetData): WidgetData {
  return { type: w.type, pipelineId: w.pipelineId, config: cloneValue(w.config), position: { ...w.position } };
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
  /** The team's pipeline ids (null until known): a widget pointing elsewhere would be refused. */
  const teamPipelineIds = shallowRef<readonly string[] | null>(null);
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
    stopListener = watchWidgets(
      id,
      (list, problems) => {
        stored.value = list;
        // A widget deleted elsewhere takes its unsaved edits with it.
        for (const wid of Object.keys(drafts.value)) if (!list.some((w) => w.id === wid)) delete drafts.value[wid];
        if (problems.length > 0) error.value = `Some widgets cannot be shown: ${problems.join(' ')}`;
        pending.value = false;
      },
      (err) => {
        error.value = errorMessage(err);
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

  function openId(): string {
    if (!dashboardId.value) throw new Error('No dashboard is open.');
    return dashboardId.value;
  }

  /**
   * Runs a write as one undo step, remembered at once so that steps keep the
   * user's order whatever order the server acknowledges them in (offline,
   * writes resolve only once the server has them); dropped if refused.
   */
  async function undoable(entry: HistoryEntry, write: () => Promise<unknown>): Promise<boolean> {
    history.value = [...history.value.slice(-(HISTORY_MAX - 1)), entry];
    const done = await tracked(write);
    if (!done) history.value = history.value.filter((e) => toRaw(e) !== entry);
    return done;
  }

  /**
   * Runs a write, counted in `saving`. A failure is shown in `error` (a refusal
   * saying why) and resolves to false, so that no caller leaves it unhandled.
   */
  async function tracked(write: () => Promise<unknown>): Promise<boolean> {
    saving.value++;
    error.value = null;
    try {
      await write();
      return true;
    } catch (err) {
      error.value = errorMessage(explainRefusal(err, EDITOR_ROLE_NEEDED));
      return false;
    } finally {
      saving.value--;
    }
  }

  /** Checks a widget before writing it; the message says what to fix. */
  function refuse(data: WidgetData): boolean {
    const problem = widgetWriteProblem(data, teamPipelineIds.value);
    if (problem) error.value = problem;
    return problem !== null;
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
    if (entries.length === 0 || !dashboardId.value) return;
    const dashboard = dashboardId.value;
    const steps: Inverse[] = [];
    const writes: Promise<void>[] = [];
    for (const [id, draft] of entries) {
      const to = { ...draft.from, ...cloneValue(draft.patch) };
      // Kept, held back, until the user fixes what the rules would refuse.
      if (refuse(to)) {
        draft.hold = true;
        continue;
      }
      delete drafts.value[id];
      steps.push({ kind: 'update', id, from: to, to: draft.from });
      const shown = cloneValue(draft.patch);
      inflight.value[id] = shown;
      writes.push(
        writeWidgetChange(dashboard, id, draft.from, to).finally(() => {
          if (toRaw(inflight.value[id]) === shown) delete inflight.value[id];
        }),
      );
    }
    if (writes.length === 0) return;
    await undoable({ label: burstLabel(entries.map(([, d]) => d.label)), steps }, () => Promise.all(writes));
  }

  /**
   * Creates a widget of `size` in the first free place of the grid (unless given
   * a position); `onId` learns its id at once (the write resolves only when the
   * server has it, while the widget shows as soon as the local cache does).
   * Resolves to null when it was not created (`error` says why).
   */
  async function addWidget(
    data: Omit<WidgetData, 'position'> & { position?: WidgetData['position'] },
    label = 'Add widget',
    onId?: (id: string) => void,
    size: Size = DEFAULT_SIZE,
  ): Promise<string | null> {
    const dashboard = openId();
    const position = data.position ?? firstFreeSlot(widgets.value.map((w) => w.position), size);
    const widget = dataOf({ ...data, position });
    if (refuse(widget)) return null;
    const id = newWidgetId(dashboard);
    onId?.(id);
    return (await undoable({ label, steps: [{ kind: 'delete', id }] }, () => createWidget(dashboard, id, widget))) ? id : null;
  }

  /** Copies a widget below the others, where the copy is easy to find. */
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
    await undoable({ label: 'Delete widget', steps: [{ kind: 'restore', id, data: dataOf(current) }] }, () => removeWidget(openId(), id));
  }

  const canUndo = computed(() => history.value.length > 0 || Object.keys(drafts.value).length > 0);
  const undoLabel = computed(() => {
    const draftLabels = Object.values(drafts.value).map((d) => d.label);
    return draftLabels.length > 0 ? burstLabel(draftLabels) : (history.value[history.value.length - 1]?.label ?? '');
  });

  /** Takes back the last change: unsaved edits are dropped, a saved change is reversed with its own write. */
  async function undo(): Promise<void> {
    if (Object.keys(drafts.value).length > 0) {
      if (timer) clearTimeout(timer);
      timer = null;
      drafts.value = {};
      error.value = null;
      return;
    }
    const entry = history.value[history.value.length - 1];
    if (!entry) return;
    history.value = history.value.slice(0, -1);
    // A failed undo stays undoable.
    if (!(await tracked(() => writeInverse(openId(), entry)))) history.value = [...history.value, entry];
  }

  // Writes are queued in Firestore's persistent cache once made: make them before the tab goes away.
  useEventListener(window, 'pagehide', () => void flush());
  useEventListener(document, 'visibilitychange', () => document.visibilityState === 'hidden' && void flush());
  onScopeDispose(close);

  /** Widgets with edits held back because their options do not validate (or would be refused). */
  const held = computed(() => Object.entries(drafts.value).filter(([, d]) => d.hold).map(([id]) => id));

  function setTeamPipelines(ids: readonly string[] | null): void {
    teamPipelineIds.value = ids;
  }

  return { dashboardId, widgets, pending, error, saving, history, held, canUndo, undoLabel, open, close, edit, flush, addWidget, duplicateWidget, deleteWidget, undo, byId, setTeamPipelines };
});
