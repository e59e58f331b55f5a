// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { nextTick } from 'vue';
import { toWidgetDoc, useViewerStore } from '../../../src/viewer/viewerStore.ts';
import { attachReadMeter, readMeter } from '../../../bench/_readMeter.ts';
import * as fake from './fakeFirebase.ts';

vi.mock('firebase/firestore', async () => (await import('./fakeFirebase.ts')).firestoreModule);
vi.mock('firebase/auth', async () => (await import('./fakeFirebase.ts')).authModule);

const DASH = { teamId: 't1', slug: 'ops', title: 'Ops', isPublic: false };

function widget(id: string, x: number, y: number): { id: string; data: Record<string, unknown> } {
  return { id, data: { type: 'table', pipelineId: 'p1', config: { fields: ['a'] }, position: { x, y, w: 4, h: 2 } } };
}

beforeEach(() => {
  fake.reset();
  setActivePinia(createPinia());
  attachReadMeter();
});

describe('dashboard store', () => {
  test('resolves the slug, then listens to the dashboard and its widgets (in reading order)', () => {
    const store = useViewerStore();
    store.open('ops');
    expect(store.status).toBe('loading');
    expect(fake.active().map((l) => l.path)).toEqual(['slugs/ops']);
    fake.emitDoc('slugs/ops', { dashboardId: 'd1', teamId: 't1' });
    expect(fake.active().map((l) => l.path)).toEqual(['slugs/ops', 'dashboards/d1', 'dashboards/d1/widgets']);
    fake.emitDoc('dashboards/d1', DASH);
    fake.emitQuery('dashboards/d1/widgets', [widget('c', 4, 2), widget('a', 8, 0), widget('b', 0, 2)]);
    expect(store.status).toBe('ready');
    expect(store.dashboard).toEqual({ id: 'd1', teamId: 't1', title: 'Ops', description: '', isPublic: false });
    expect(store.widgets.map((w) => w.id)).toEqual(['a', 'b', 'c']);
    expect(store.listenerCount()).toBe(3);
    expect(readMeter.documents).toBe(1 + 1 + 3);
  });

  test('metadata-only widget snapshots keep the same widgets array', () => {
    const store = useViewerStore();
    store.open('ops');
    fake.emitDoc('slugs/ops', { dashboardId: 'd1' });
    fake.emitQuery('dashboards/d1/widgets', [widget('a', 0, 0)], true);
    const before = store.widgets;
    fake.emitQuery('dashboards/d1/widgets', [widget('a', 0, 0)], false, 0);
    expect(store.widgets).toBe(before);
  });

  test('an unknown slug is "not found" only once the server says so', () => {
    const store = useViewerStore();
    store.open('nope');
    fake.emitDoc('slugs/nope', undefined, true);
    expect(store.status).toBe('loading');
    fake.emitDoc('slugs/nope', undefined);
    expect(store.status).toBe('not-found');
  });

  test('offline with nothing cached says so', () => {
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const store = useViewerStore();
    store.open('ops');
    fake.emitDoc('slugs/ops', undefined, true);
    expect(store.status).toBe('offline');
    online.mockRestore();
  });

  test('a refused private dashboard asks to sign in when signed out, and says "no access" when signed in', async () => {
    const store = useViewerStore();
    store.open('ops');
    fake.emitDoc('slugs/ops', { dashboardId: 'd1' });
    fake.fail('dashboards/d1', 'permission-denied');
    expect(store.status).toBe('sign-in');
    fake.setUser('stranger');
    await nextTick();
    store.open('ops');
    fake.emitDoc('slugs/ops', { dashboardId: 'd1' });
    fake.fail('dashboards/d1/widgets', 'permission-denied');
    expect(store.status).toBe('no-access');
  });

  test('opening another slug stops every listener of the previous one first', () => {
    const store = useViewerStore();
    store.open('ops');
    fake.emitDoc('slugs/ops', { dashboardId: 'd1' });
    store.open('demo');
    expect(fake.active().map((l) => l.path)).toEqual(['slugs/demo']);
  });

  test('no listener is left after 20 navigations and a close', () => {
    const store = useViewerStore();
    for (let i = 0; i < 20; i++) {
      const slug = i % 2 ? 'ops' : 'demo';
      store.open(slug);
      fake.emitDoc(`slugs/${slug}`, { dashboardId: `d-${slug}` });
      fake.emitDoc(`dashboards/d-${slug}`, DASH);
    }
    expect(fake.active()).toHaveLength(3);
    store.close();
    expect(fake.active()).toHaveLength(0);
    expect(fake.listeners).toHaveLength(60);
  });

  test('disposing the store stops its listeners', () => {
    const store = useViewerStore();
    store.open('ops');
    fake.emitDoc('slugs/ops', { dashboardId: 'd1' });
    store.$dispose();
    expect(fake.active()).toHaveLength(0);
  });

  test('retry opens again a dashboard that failed', () => {
    const store = useViewerStore();
    store.open('ops');
    fake.emitDoc('slugs/ops', { dashboardId: 'd1' });
    fake.fail('dashboards/d1', 'unavailable');
    expect(store).toMatchObject({ status: 'error', error: 'unavailable (test)' });
    store.retry();
    expect(store.status).toBe('loading');
    expect(fake.active().map((l) => l.path)).toContain('slugs/ops');
  });
});

describe('what the view is told while loading', () => {
  test('ready only once the widgets answered too: an empty cached answer is not "no widgets"', () => {
    const store = useViewerStore();
    store.open('ops');
    fake.emitDoc('slugs/ops', { dashboardId: 'd1' });
    fake.emitDoc('dashboards/d1', DASH);
    expect(store.status).toBe('loading');
    fake.emitQuery('dashboards/d1/widgets', [], true);
    expect(store.status).toBe('loading');
    fake.emitQuery('dashboards/d1/widgets', [], false, 0);
    expect(store.status).toBe('ready');
    expect(store.widgets).toEqual([]);
  });

  test('cached widgets are shown at once', () => {
    const store = useViewerStore();
    store.open('ops');
    fake.emitDoc('slugs/ops', { dashboardId: 'd1' }, true);
    fake.emitDoc('dashboards/d1', DASH, true);
    fake.emitQuery('dashboards/d1/widgets', [widget('a', 0, 0)], true);
    expect(store.status).toBe('ready');
    expect(store.fromCache).toBe(true);
  });

  test('fromCache follows the last snapshots: it turns false once the server confirmed both', () => {
    const store = useViewerStore();
    store.open('ops');
    fake.emitDoc('slugs/ops', { dashboardId: 'd1' });
    fake.emitDoc('dashboards/d1', DASH, true);
    fake.emitQuery('dashboards/d1/widgets', [widget('a', 0, 0)], true);
    fake.emitDoc('dashboards/d1', DASH);
    expect(store.fromCache).toBe(true);
    fake.emitQuery('dashboards/d1/widgets', [widget('a', 0, 0)], false, 0);
    expect(store.fromCache).toBe(false);
  });
});

describe('toWidgetDoc', () => {
  test('makes malformed widget documents safe to lay out', () => {
    expect(toWidgetDoc('w', { type: 5, config: ['x'], position: { x: 14, y: -2, w: 30, h: 0.4 } })).toEqual({
      id: 'w',
      type: '',
      pipelineId: '',
      config: {},
      position: { x: 11, y: 0, w: 1, h: 1 },
    });
  });
});
