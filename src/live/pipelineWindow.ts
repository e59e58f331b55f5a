import { markRaw } from 'vue';
import { createInstantTail } from './instantTail.ts';
import { effectiveMode, mergeLiveWindow, recentRate, type DeliveryMode } from './liveMode.ts';
import { deriveStatus, NO_RECORDS, type RollupState } from './rollupState.ts';
import { openWindowSource, type ShownBefore } from './windowSource.ts';

export interface PipelineWindow {
  /** A listener was refused or failed: worth attaching again. */
  readonly failed: boolean;
  readonly listeners: number;
  stop(): void;
}

const NOTHING_SHOWN: ShownBefore = { records: NO_RECORDS, source: null, fromCache: false };

/**
 * One pipeline's window as widgets read it: the window source and, in instant
 * mode, the tail past it. Each snapshot is merged once (when the window or the
 * tail records changed), then the mode is decided and `state` written, all
 * in `refresh`. `keepShown` keeps what `state` shows until the new listeners answer.
 */
export function openPipelineWindow(pipelineId: string, state: RollupState, keepShown: boolean, signedIn: () => boolean): PipelineWindow {
  const source = openWindowSource(pipelineId, keepShown ? state : NOTHING_SHOWN, signedIn, (what) => refresh(what === 'records'));
  const tail = createInstantTail(pipelineId, (what) => refresh(what === 'records'));
  // Auto's first decision uses the threshold into economy.
  let mode: DeliveryMode = 'instant';
  let view = source.state.records;

  function refresh(recordsChanged: boolean): void {
    const shown = source.state;
    if (recordsChanged) view = shown.source === 'rollup' ? mergeLiveWindow(shown.records, tail.records) : shown.records;
    // The tail's records count in the rate too: auto turns economy as soon as they show a busy pipeline.
    mode = effectiveMode(shown.live, recentRate(view), signedIn() && !tail.refused, mode);
    const last = shown.records.at(-1);
    tail.follow(mode === 'instant' && shown.source === 'rollup' && last ? last : null);

    state.status = deriveStatus(shown.facts, shown.source !== null);
    state.records = markRaw(view);
    state.source = shown.source;
    state.fromCache = shown.fromCache;
    state.error = shown.error ?? tail.error;
    state.mode = mode;
    state.fields = shown.fields;
    state.teamId = shown.teamId;
    state.minute = shown.minute;
  }

  refresh(true);
  return {
    get failed() {
      return source.failed;
    },
    get listeners() {
      return source.listeners + tail.listeners;
    },
    stop() {
      source.stop();
      tail.stop();
    },
  };
}
