import {
  collection,
  doc,
  onSnapshot,
  type DocumentSnapshot,
  type FirestoreError,
  type QuerySnapshot,
  type Unsubscribe,
} from 'firebase/firestore';
import { defineStore } from 'pinia';
import { onScopeDispose, ref, shallowRef } from 'vue';
import { byPosition, normalizePosition } from '../components/dashboard/gridLayout.ts';
import { db } from '../firebase.ts';
import type { WidgetDoc } from '../widgets/types.ts';
import { useAuthStore } from '../account/authStore.ts';
import { countReads } from './readMeter.ts';

/**
 * - idle: no dashboard open
 * - loading: resolving the slug or reading the dashboard
 * - ready: `dashboard` and `widgets` are shown
 * - not-found: no dashboard has this slug
 * - sign-in: a private dashboard and nobody signed in
 * - no-access: signed in, but not a member of the dashboard's team
 * - offline: no network, and this dashboard was never opened on this device
 * - error: something else failed; `error` says what
 */
export type DashboardStatus = 'idle' | 'loading' | 'ready' | 'not-found' | 'sign-in' | 'no-access' | 'offline' | 'error';

export interface DashboardInfo {
  id: string;
  teamId: string;
  title: string;
  description: string;
  isPublic: boolean;
}

/** A widget document of Firestore as the viewer uses it; malformed fields are made safe. */
export function toWidgetDoc(id: string, data: Record<string, unknown>): WidgetDoc {
  const config = data.config;
  return {
    id,
    type: typeof data.type === 'string' ? data.type : '',
    pipelineId: typeof data.pipelineId === 'string' ? data.pipelineId : '',
    config: typeof config === 'object' && config !== null && !Array.isArray(config) ? (config as Record<string, unknown>) : {},
    position: normalizePosition(data.position),
  };
}

function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/**
 * The open dashboard: `open(slug)` listens to `slugs/{slug}`, then to the
 * dashboard document and its widgets; `close()` (or disposing the store) stops
 * every listener. Rollups are listened to by the widgets, via the rollup store.
 */
export const useDashboardStore = defineStore('dashboard', () => {
  const auth = useAuthStore();
  const slug = ref<string | null>(null);
  const status = ref<DashboardStatus>('idle');
  const error = ref<string | null>(null);
  const dashboard = ref<DashboardInfo | null>(null);
  const widgets = shallowRef<WidgetDoc[]>([]);
  /** The dashboard or its widgets come from the offline cache. */
  const fromCache = ref(false);

  let slugStop: Unsubscribe | undefined;
  const dashboardStops: Unsubscribe[] = [];
  let dashboardId: string | null = null;
  const served = new Set<string>();
  let lastDashboardJson = '';

  function stopDashboard(): void {
    for (const stop of dashboardStops.splice(0)) stop();
    dashboardId = null;
  }

  function close(): void {
    slugStop?.();
    slugStop = undefined;
    stopDashboard();
    served.clear();
    lastDashboardJson = '';
    slug.value = null;
    status.value = 'idle';
    error.value = null;
    dashboard.value = null;
    widgets.value = [];
    fromCache.value = false;
  }

  /** Counts the first server answer of each listener, then each change of a document. */
  function meterDoc(name: string, snap: DocumentSnapshot, changed: boolean): void {
    if (snap.metadata.fromCache) return;
    if (!served.has(name) || changed) countReads(1);
    served.add(name);
  }

  function onFailure(err: FirestoreError): void {
    if (err.code === 'permission-denied') status.value = auth.uid ? 'no-access' : 'sign-in';
    else {
      status.value = 'error';
      error.value = err.message;
    }
  }

  function notFound(snap: DocumentSnapshot): void {
    // A document missing from the cache is unknown, not absent, unless there is no server to ask.
    if (!snap.metadata.fromCache) status.value = 'not-found';
    else if (isOffline()) status.value = 'offline';
  }

  function onDashboard(snap: DocumentSnapshot): void {
    const data = snap.data();
    const json = JSON.stringify(data ?? null);
    meterDoc('dashboard', snap, json !== lastDashboardJson);
    lastDashboardJson = json;
    if (!data) return notFound(snap);
    dashboard.value = {
      id: snap.id,
      teamId: String(data.teamId ?? ''),
      title: typeof data.title === 'string' ? data.title : '',
      description: typeof data.description === 'string' ? data.description : '',
      isPublic: data.isPublic === true,
    };
    fromCache.value = snap.metadata.fromCache;
    status.value = 'ready';
  }

  function onWidgets(snap: QuerySnapshot): void {
    if (!snap.metadata.fromCache) {
      const changes = snap.docChanges().filter((c) => c.type !== 'removed').length;
      if (!served.has('widgets')) countReads(Math.max(1, changes));
      else countReads(changes);
      served.add('widgets');
    }
    // Metadata-only snapshots (cache -> server) change no widget: keep the array so nothing re-renders.
    if (snap.docChanges().length > 0) {
      widgets.value = snap.docs.map((d) => toWidgetDoc(d.id, d.data())).sort(byPosition);
    }
    fromCache.value = fromCache.value || snap.metadata.fromCache;
  }

  function listenDashboard(id: string): void {
    stopDashboard();
    dashboardId = id;
    const ref = doc(db, 'dashboards', id);
    dashboardStops.push(
      onSnapshot(ref, { includeMetadataChanges: true }, onDashboard, onFailure),
      onSnapshot(collection(ref, 'widgets'), { includeMetadataChanges: true }, onWidgets, onFailure),
    );
  }

  function onSlug(snap: DocumentSnapshot): void {
    meterDoc('slug', snap, false);
    const id = snap.get('dashboardId') as unknown;
    if (!snap.exists() || typeof id !== 'string') {
      stopDashboard();
      return notFound(snap);
    }
    if (id !== dashboardId) listenDashboard(id);
  }

  /** Opens the dashboard at `/d/{slugName}`, closing the one open before. */
  function open(slugName: string): void {
    close();
    slug.value = slugName;
    status.value = 'loading';
    slugStop = onSnapshot(doc(db, 'slugs', slugName), { includeMetadataChanges: true }, onSlug, onFailure);
  }

  /** Listens again after a failure (network back, device awake, someone signed in). */
  function retry(): void {
    if (slug.value && (status.value === 'error' || status.value === 'sign-in' || status.value === 'no-access' || status.value === 'offline')) {
      open(slug.value);
    }
  }

  /** Live listeners (slug, dashboard, widgets). */
  function listenerCount(): number {
    return (slugStop ? 1 : 0) + dashboardStops.length;
  }

  onScopeDispose(close);

  return { slug, status, error, dashboard, widgets, fromCache, open, close, retry, listenerCount };
});
