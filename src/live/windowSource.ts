import { collection, doc, getDocs, limit, onSnapshot, orderBy, query, type DocumentSnapshot, type FirestoreError } from 'firebase/firestore';
import { db } from '../firebase.ts';
import { LIVE_MODES, type LiveMode, type PipelineField, type WindowRecord } from '../../contract/index.ts';
import { parsePipelineFields } from './pipelineFields.ts';
import type { RollupFacts, RollupState } from './rollupState.ts';
import { toLiveMinute, type LiveMinute } from './rollupMinute.ts';
import { observed, reportSnapshot } from './snapshotObserver.ts';
import { recordDocsToWindow, toWindowRecords } from './windowRecords.ts';

const FALLBACK_LIMIT = 100;

/** What the window source knows of a pipeline; only this module writes it. */
export interface WindowSourceState {
  facts: RollupFacts;
  /** The pipeline's `live` setting. */
  live: LiveMode | undefined;
  fields: readonly PipelineField[];
  teamId: string | null;
  /** The window, as the rollup document (or the fallback query of the log) gave it. */
  records: readonly WindowRecord<Date>[];
  source: RollupState['source'];
  fromCache: boolean;
  error: string | null;
  minute: LiveMinute | null;
}

/** `records` when `state.records` was replaced, `facts` for anything else. */
export type SourceChange = 'records' | 'facts';

export interface WindowSource {
  readonly state: Readonly<WindowSourceState>;
  readonly failed: boolean;
  readonly listeners: number;
  stop(): void;
}

/** What a new source starts from: what was shown before it (a retry keeps it on screen). */
export type ShownBefore = Pick<RollupState, 'records' | 'source' | 'fromCache'>;

function parseLive(value: unknown): LiveMode | undefined {
  return LIVE_MODES.find((mode) => mode === value);
}

/**
 * A pipeline's window: listeners on its document (to notice deletion, and for
 * its `live` setting and `fields`) and on its `rollups/last100` document; a
 * member of a pipeline without a rollup yet reads the newest records once, as
 * the log holds them. `changed` is called after every change of `state`.
 */
export function openWindowSource(pipelineId: string, before: ShownBefore, signedIn: () => boolean, changed: (what: SourceChange) => void): WindowSource {
  const state: WindowSourceState = {
    facts: { pipelineExists: undefined, denied: false, failed: false, rollupMissing: false, fallback: 'idle' },
    live: undefined,
    fields: [],
    teamId: null,
    records: before.records,
    source: before.source,
    fromCache: before.fromCache,
    error: null,
    minute: null,
  };
  /** Identifies the rollup's content, to tell data changes from metadata-only snapshots. */
  let rollupKey: string | undefined;
  let stopped = false;

  function onFailure(err: FirestoreError): void {
    if (stopped) return;
    if (err.code === 'permission-denied') state.facts.denied = true;
    else {
      state.facts.failed = true;
      state.error = err.message;
    }
    changed('facts');
  }

  function onPipeline(snap: DocumentSnapshot): void {
    if (stopped) return;
    if (snap.metadata.fromCache && !snap.exists()) return; // not cached: wait for the server's answer
    state.facts.pipelineExists = snap.exists();
    state.live = parseLive(snap.get('live'));
    const fields = parsePipelineFields(snap.get('fields'));
    if (JSON.stringify(fields) !== JSON.stringify(state.fields)) state.fields = fields;
    const teamId: unknown = snap.get('teamId');
    state.teamId = typeof teamId === 'string' ? teamId : null;
    changed('facts');
  }

  function onRollup(snap: DocumentSnapshot): void {
    if (stopped) return;
    if (!snap.exists()) {
      if (snap.metadata.fromCache) return;
      rollupKey = 'missing';
      state.facts.rollupMissing = true;
      changed('facts');
      void fallback();
      return;
    }
    state.facts.rollupMissing = false;
    state.fromCache = snap.metadata.fromCache;
    state.error = null;
    // Metadata-only snapshots (cache -> server) keep the same records array, so widgets do not recompute.
    const key = `${snap.get('count')}|${snap.get('updatedAt')?.toMillis?.()}|${snap.get('lastTs')?.toMillis?.()}`;
    if (key === rollupKey) return changed('facts');
    rollupKey = key;
    state.records = toWindowRecords(snap.get('records'));
    state.minute = toLiveMinute(snap.get('minute'));
    state.source = 'rollup';
    changed('records');
  }

  async function fallback(): Promise<void> {
    if (state.facts.fallback !== 'idle') return;
    state.facts.fallback = 'running';
    let found = false;
    // Signed out means a public viewer: the records themselves are never public.
    if (signedIn()) {
      try {
        const snap = await getDocs(query(collection(db, 'pipelines', pipelineId, 'records'), orderBy('ts', 'desc'), limit(FALLBACK_LIMIT)));
        reportSnapshot({}, snap, 'records');
        if (!stopped && state.facts.rollupMissing && snap.size > 0) {
          state.records = recordDocsToWindow(snap.docs.map((d) => ({ id: d.id, data: d.data({ serverTimestamps: 'estimate' }) })));
          state.source = 'records';
          state.fromCache = snap.metadata.fromCache;
          found = true;
        }
      } catch {
        // Not a member of the pipeline's team: the same as a public viewer.
      }
    }
    if (stopped) return;
    state.facts.fallback = 'done';
    changed(found ? 'records' : 'facts');
  }

  const pipelineRef = doc(db, 'pipelines', pipelineId);
  const listeners = [
    onSnapshot(pipelineRef, { includeMetadataChanges: true }, observed(onPipeline), onFailure),
    onSnapshot(doc(pipelineRef, 'rollups', 'last100'), { includeMetadataChanges: true }, observed(onRollup), onFailure),
  ];

  return {
    state,
    get failed() {
      return state.facts.denied || state.facts.failed;
    },
    get listeners() {
      return stopped ? 0 : listeners.length;
    },
    stop() {
      stopped = true;
      for (const stop of listeners) stop();
    },
  };
}
