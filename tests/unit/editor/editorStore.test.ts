// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';

/**
 * The editor store against a fake Firestore: which writes each change makes,
 * that they wait for a quiet moment, that undo reverses exactly the last change,
 * and that others' changes show through.
 */
const fs = vi.hoisted(() => {
  let listener: ((snap: unknown) => void) | null = null;
  let ids = 0;
  return {
    writes: [] as { op: string; path: string; data?: Record<string, unknown> }[],
    unsubscribe: vi.fn(),
    /** Delivers a snapshot of these widgets, with the timestamps every stored widget has. */
    emit(docs: { id: string; data: Record<string, unknown> }[]) {
      const at = { seconds: 1, nanoseconds: 0, toMillis: () => 1000 };
      listener?.({ docs: docs.map((d) => ({ id: d.id, data: () => ({ ...structuredClone(d.data), createdAt: at, updatedAt: at }) })) });
    },
    setListener(l: (snap: unknown) => void) {
      listener = l;
    },
    nextId: () => `new-${++ids}`,
    /** Makes the next update fail as the rules refuse a write. */
    refuseNext: false,
    /** Deletes wait for it: a server that acknowledges them late. */
    deleteGate: Promise.resolve(),
  };
});

vi.mock('../../../src/firebase.ts', () => ({ db: {} }));
vi.mock('firebase/firestore', () => ({
  collection: (_db: unknown, ...path: string[]) => ({ path: path.join('/') }),
  doc: (parent: { path?: string }, ...path: string[]) => {
    const segments = path.length > 0 ? path : [fs.nextId()];
    return { path: [parent.path, ...segments].filter(Boolean).join('/'), id: segments[segments.length - 1] };
  },
  onSnapshot: (_ref: unknown, next: (snap: unknown) => void) => {
    fs.setListener(next);
    return fs.unsubscribe;
  },
  updateDoc: async (ref: { path: string }, data: Record<string, unknown>) => {
    if (fs.refuseNext) {
      fs.refuseNext = false;
      throw Object.assign(new Error('Missing or insufficient permissions.'), { code: 'permission-denied' });
    }
    fs.writes.push({ op: 'update', path: ref.path, data });
  },
  setDoc: async (ref: { path: string }, data: Record<string, unknown>) => void fs.writes.push({ op: 'set', path: ref.path, data }),
  deleteDoc: async (ref: { path: string }) => {
    await fs.deleteGate;
    fs.writes.push({ op: 'delete', path: ref.path });
  },
  deleteField: () => 'DELETE_FIELD',
  serverTimestamp: () => 'SERVER_TIME',
}));

const { useEditorStore, SAVE_DELAY_MS } = await import('../../../src/editor/editorStore.ts');

const stat = { type: 'stat_card', pipelineId: 'p1', config: { title: 'CPU', fields: ['cpu'] }, position: { x: 0, y: 0, w: 3, h: 2 } };
const table = { type: 'table', pipelineId: 'p1', config: { title: 'Rows', fields: ['cpu'] }, position: { x: 3, y: 0, w: 6, h: 4 } };
const W = 'dashboards/d1/widgets';
const withoutTime = ({ updatedAt: _u, createdAt: _c, ...rest }: Record<string, unknown>) => rest;

beforeEach(() => {
  vi.useFakeTimers();
  setActivePinia(createPinia());
  fs.writes.length = 0;
  fs.unsubscribe.mockClear();
});
afterEach(() => vi.useRealTimers());

function openWithTwo() {
  const editor = useEditorStore();
  editor.open('d1');
  fs.emit([
    { id: 'a', data: stat },
    { id: 'b', data: table },
  ]);
  return editor;
}

describe('editor store', () => {
  test('a burst of moves is one write of the position only, after a quiet moment', async () => {
    const editor = openWithTwo();
    editor.edit('a', { position: { x: 1, y: 0, w: 3, h: 2 } }, 'Move widget');
    editor.edit('a', { position: { x: 2, y: 0, w: 3, h: 2 } }, 'Move widget');
    expect(editor.byId('a')?.position.x).toBe(2);
    expect(fs.writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(fs.writes.map((w) => ({ ...w, data: withoutTime(w.data!) }))).toEqual([{ op: 'update', path: `${W}/a`, data: { position: { x: 2, y: 0, w: 3, h: 2 } } }]);
    expect(fs.writes[0]?.data?.updatedAt).toBe('SERVER_TIME');
  });

  test('an option change writes that option only; undo writes it back and nothing else', async () => {
    const editor = openWithTwo();
    editor.edit('b', { config: { ...table.config, title: 'Latest', unit: '%' } }, 'Change options');
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(withoutTime(fs.writes[0]!.data!)).toEqual({ 'config.title': 'Latest', 'config.unit': '%' });
    expect(editor.undoLabel).toBe('Change options');
    await editor.undo();
    expect(withoutTime(fs.writes[1]!.data!)).toEqual({ 'config.title': 'Rows', 'config.unit': 'DELETE_FIELD' });
    expect(editor.canUndo).toBe(false);
  });

  test("another editor's change to other fields shows through an unsaved edit, and is not overwritten", async () => {
    const editor = openWithTwo();
    editor.edit('b', { position: { x: 0, y: 4, w: 6, h: 4 } }, 'Move widget');
    fs.emit([
      { id: 'a', data: stat },
      { id: 'b', data: { ...table, config: { ...table.config, title: 'Renamed elsewhere' } } },
    ]);
    expect(editor.byId('b')).toMatchObject({ config: { title: 'Renamed elsewhere' }, position: { y: 4 } });
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(Object.keys(withoutTime(fs.writes[0]!.data!))).toEqual(['position']);
  });

  test('options that do not validate are held back, then written once valid', async () => {
    const editor = openWithTwo();
    editor.edit('a', { config: { ...stat.config, decimals: 9 } }, 'Change options', true);
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 3);
    expect(fs.writes).toEqual([]);
    expect(editor.held).toEqual(['a']);
    editor.edit('a', { config: { ...stat.config, decimals: 2 } }, 'Change options', false);
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(withoutTime(fs.writes[0]!.data!)).toEqual({ 'config.decimals': 2 });
  });

  test('undo of unsaved edits drops them without writing', async () => {
    const editor = openWithTwo();
    editor.edit('a', { position: { x: 5, y: 0, w: 3, h: 2 } });
    await editor.undo();
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(fs.writes).toEqual([]);
    expect(editor.byId('a')?.position.x).toBe(0);
  });

  test('add, duplicate and delete are undone by delete, delete and re-create', async () => {
    const editor = openWithTwo();
    const added = await editor.addWidget({ type: 'table', pipelineId: 'p1', config: { fields: ['cpu'] } });
    expect(fs.writes[0]).toMatchObject({ op: 'set', path: `${W}/${added}`, data: { type: 'table', position: { x: 0, y: 4, w: 4, h: 3 } } });
    await editor.undo();
    expect(fs.writes[1]).toEqual({ op: 'delete', path: `${W}/${added}` });

    await editor.duplicateWidget('a');
    expect(fs.writes[2]).toMatchObject({ op: 'set', data: { type: 'stat_card', config: stat.config, position: { x: 0, y: 4, w: 3, h: 2 } } });

    await editor.deleteWidget('a');
    expect(fs.writes[3]).toEqual({ op: 'delete', path: `${W}/a` });
    await editor.undo();
    expect(fs.writes[4]).toMatchObject({ op: 'set', path: `${W}/a`, data: { ...stat } });
  });

  test('undo steps keep the order of the changes, not of the acknowledgements: a delete acknowledged late, then a move', async () => {
    const editor = openWithTwo();
    let acknowledge = () => {};
    fs.deleteGate = new Promise((r) => (acknowledge = r));
    const deleted = editor.deleteWidget('a');
    editor.edit('b', { position: { x: 0, y: 0, w: 6, h: 4 } }, 'Compact layout');
    await editor.flush();
    acknowledge();
    await deleted;
    fs.deleteGate = Promise.resolve();
    expect(editor.undoLabel).toBe('Compact layout');
    await editor.undo();
    expect(fs.writes.at(-1)).toMatchObject({ op: 'update', path: `${W}/b`, data: { position: table.position } });
    expect(editor.undoLabel).toBe('Delete widget');
  });

  test('a resize that pushes another widget aside is one undo step called "Resize widget"', async () => {
    const editor = openWithTwo();
    editor.edit('a', { position: { x: 0, y: 0, w: 3, h: 5 } }, 'Resize widget');
    editor.edit('b', { position: { x: 3, y: 5, w: 6, h: 4 } }, 'Move widget');
    expect(editor.undoLabel).toBe('Resize widget');
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(fs.writes).toHaveLength(2);
    expect(editor.undoLabel).toBe('Resize widget');
  });

  test('a widget whose pipeline left the team is not written: the message says what to do, and the edit is kept', async () => {
    const editor = openWithTwo();
    editor.setTeamPipelines(['p2']);
    editor.edit('a', { position: { x: 1, y: 0, w: 3, h: 2 } }, 'Move widget');
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(fs.writes).toEqual([]);
    expect(editor.error).toBe('The pipeline of “CPU” no longer exists in this team: choose another pipeline in its options, or delete the widget.');
    expect(editor.byId('a')?.position.x).toBe(1);
    editor.edit('a', { pipelineId: 'p2' }, 'Change pipeline');
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(withoutTime(fs.writes[0]!.data!)).toEqual({ pipelineId: 'p2', position: { x: 1, y: 0, w: 3, h: 2 } });
    expect(editor.error).toBeNull();
  });

  test('a write the rules refuse names the role it needs, not a bare "permission denied"', async () => {
    const editor = openWithTwo();
    fs.refuseNext = true;
    editor.edit('a', { position: { x: 1, y: 0, w: 3, h: 2 } }, 'Move widget');
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(editor.error).toMatch(/^The change was refused: only the team's owners and editors can change its dashboards/);
  });

  test('closing the dashboard writes pending edits and stops listening', async () => {
    const editor = openWithTwo();
    editor.edit('a', { position: { x: 4, y: 0, w: 3, h: 2 } });
    editor.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(fs.writes).toHaveLength(1);
    expect(fs.unsubscribe).toHaveBeenCalledTimes(1);
  });
});
