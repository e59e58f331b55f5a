import { collection, onSnapshot, type QueryDocumentSnapshot, type Unsubscribe } from 'firebase/firestore';
import { defineStore } from 'pinia';
import { computed, onScopeDispose, reactive, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { parseAlertRule, parseAlertState, type AlertRule, type AlertState } from '../../contract/index.ts';
import { parseSnapshot, type Parser } from '../data/parsed.ts';
import { db } from '../firebase.ts';
import { firingOn, joinStates, type RuleWithState } from './activeAlerts.ts';

interface Subscription {
  refs: number;
  stop: Unsubscribe[];
}

interface PipelineAlerts {
  rules: AlertRule[];
  states: AlertState[];
}

function parsedDocs<T>(docs: QueryDocumentSnapshot[], parse: Parser<T>): T[] {
  return docs.flatMap((d) => {
    try {
      return [parseSnapshot(d, parse)];
    } catch {
      return []; // a document that breaks the contract shows no alert rather than a wrong one
    }
  });
}

/**
 * The alert rules and states of the pipelines on screen, one pair of
 * listeners per pipeline however many widgets show it (`acquire`/`release`
 * count the users). Only team members other than producers may read them.
 */
export const useAlertsStore = defineStore('alerts', () => {
  const byPipeline = reactive<Record<string, PipelineAlerts>>({});
  const subs = new Map<string, Subscription>();

  function acquire(pipelineId: string): void {
    const sub = subs.get(pipelineId);
    if (sub) {
      sub.refs++;
      return;
    }
    byPipeline[pipelineId] = { rules: [], states: [] };
    const entry = byPipeline[pipelineId];
    const quiet = () => undefined; // no access (a public viewer) shows no alerts
    subs.set(pipelineId, {
      refs: 1,
      stop: [
        onSnapshot(collection(db, 'pipelines', pipelineId, 'alertRules'), (s) => (entry.rules = parsedDocs(s.docs, parseAlertRule)), quiet),
        onSnapshot(
          collection(db, 'pipelines', pipelineId, 'alerts'),
          (s) => (entry.states = parsedDocs(s.docs, parseAlertState)),
          quiet,
        ),
      ],
    });
  }

  function release(pipelineId: string): void {
    const sub = subs.get(pipelineId);
    if (!sub || --sub.refs > 0) return;
    for (const stop of sub.stop) stop();
    subs.delete(pipelineId);
    delete byPipeline[pipelineId];
  }

  function alertsOf(pipelineId: string): RuleWithState[] {
    const entry = byPipeline[pipelineId];
    return entry ? joinStates(pipelineId, entry.rules, entry.states) : [];
  }

  onScopeDispose(() => {
    for (const sub of subs.values()) for (const stop of sub.stop) stop();
    subs.clear();
  });

  return { byPipeline, acquire, release, alertsOf };
});

/**
 * Keeps the alerts of `pipelineIds` listened to while `enabled` (the viewer
 * reads alerts); returns every alert of them, live.
 */
export function useAlertsOf(pipelineIds: MaybeRefOrGetter<readonly string[]>, enabled: MaybeRefOrGetter<boolean>) {
  const store = useAlertsStore();
  let held: string[] = [];
  const hold = (ids: string[]) => {
    for (const id of ids) store.acquire(id);
    for (const id of held) store.release(id);
    held = ids;
  };
  watch(
    () => (toValue(enabled) ? [...new Set(toValue(pipelineIds))].sort() : []),
    (ids) => hold(ids),
    { immediate: true },
  );
  onScopeDispose(() => hold([]));
  return computed(() => (toValue(enabled) ? [...new Set(toValue(pipelineIds))].flatMap((id) => store.alertsOf(id)) : []));
}

/** The firing alerts of a widget's pipeline on the fields it shows, most severe first (the store must hold the pipeline). */
export function useWidgetFiring(pipelineId: () => string, fields: () => readonly string[]) {
  const store = useAlertsStore();
  return computed(() => firingOn(store.alertsOf(pipelineId()), fields()));
}
