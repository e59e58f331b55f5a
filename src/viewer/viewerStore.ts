import { collection, doc, onSnapshot, type DocumentSnapshot, type FirestoreError, type QuerySnapshot, type Unsubscribe } from 'firebase/firestore';
import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref, shallowRef } from 'vue';
import { db } from '../firebase.ts';
import { observed } from '../live/snapshotObserver.ts';
import { useAuthStore } from '../account/authStore.ts';
import type { WidgetDoc } from '../widgets/types.ts';
import { byPosition, normalizePosition } from './gridLayout.ts';

/**
 * - idle: no dashboard open
 * - loading: resolving the slug, reading the dashboard or its widgets
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

/** Cache -> server transitions too: they tell cached data from confirmed data. */
const WITH_METADATA = { includeMetadataChanges: true } as const;

function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/**
 * The open dashboard: `open(slug)` listens to `slugs/{slug}`, then to the
 * dashboard document and its widgets; `close()` (or disposing the store) stops
 * every listener. Rollups are listened to by the widgets, via the rollup store.
 */
export const useViewerStore = defineStore('viewer', () => {
  const auth = useAuthStore();
  const slug = ref<string | null>(null);
  const status = ref<DashboardStatus>('idle');
  const error = ref<string | null>(null);
  const dashboard = ref<DashboardInfo | null>(null);
  const widgets = shallowRef<WidgetDoc[]>([]);
  /** The widgets shown are an answer that counts: from the server, or cached and not empty, or offline. */
  const widgetsKnown = ref(false);
  /** Where the last snapshot of the dashboard and of its widgets came from. */
  const cached = ref({ dashboard: false, widgets: false });
  /** What is shown comes (in part) from the local cache, not (yet) confirmed by the server. */
  const fromCache = computed(() => cached.value.dashboard || cached.value.widgets);

  let slugStop: Unsubscribe | undefined;
  const dashboardStops: Unsubscribe[] = [];
  let dashboardId: string | null = null;

  function stopDashboard(): void {
    for (const stop of dashboardStops.splice(0)) stop();
    dashboardId = null;
    dashboard.value = null;
    widgets.value = [];
    widgetsKnown.value = false;
    cached.value = { dashboard: false, widgets: false };
  }

  function close(): void {
    slugStop?.();
    slugStop = undefined;
    stopDashboard();
    slug.value = null;
    status.value = 'idle';
    error.value = null;
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

  /** Ready once both the dashboard and an answer about its widgets are in. */
  function settle(): void {
    if (dashboard.value && widgetsKnown.value) status.value = 'ready';
  }

  function onDashboard(snap: DocumentSnapshot): void {
    const data = snap.data();
    if (!data) return notFound(snap);
    dashboard.value = {
      id: snap.id,
      teamId: String(data.teamId ?? ''),
      title: typeof data.title === 'string' ? data.title : '',
      description: typeof data.description === 'string' ? data.description : '',
      isPublic: data.isPublic === true,
    };
    cached.value = { ...cached.value, dashboard: snap.metadata.fromCache };
    settle();
  }

  function onWidgets(snap: QuerySnapshot): void {
    // Metadata-only snapshots (cache -> server) change no widget: keep the array so nothing re-renders.
    if (snap.docChanges().length > 0) {
      widgets.value = snap.docs.map((d) => toWidgetDoc(d.id, d.data())).sort(byPosition);
    }
    // An empty cached answer only says that this device has not seen the widgets yet.
    if (!snap.metadata.fromCache || snap.size > 0 || isOffline()) widgetsKnown.value = true;
    cached.value = { ...cached.value, widgets: snap.metadata.fromCache };
    settle();
  }

  function listenDashboard(id: string): void {
    stopDashboard();
    dashboardId = id;
    status.value = 'loading';
    const ref = doc(db, 'dashboards', id);
    dashboardStops.push(
      onSnapshot(ref, WITH_METADATA, observed(onDashboard), onFailure),
      onSnapshot(collection(ref, 'widgets'), WITH_METADATA, observed(onWidgets), onFailure),
    );
  }

  function onSlug(snap: DocumentSnapshot): void {
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
    slugStop = onSnapshot(doc(db, 'slugs', slugName), WITH_METADATA, observed(onSlug), onFailure);
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
