import type { WindowRecord } from '../../contract/index.ts';

/** The shortest "usual interval" assumed, so that a burst of records does not make a pipeline stale at once. */
export const MIN_INTERVAL_MS = 5_000;
/** A pipeline is stale when nothing came for this many usual intervals. */
export const STALE_FACTOR = 3;

export type FreshnessState = 'live' | 'stale' | 'offline' | 'waiting';

export interface Freshness {
  state: FreshnessState;
  /** "12 s ago"; empty while waiting. */
  age: string;
  /** The full sentence for screen readers and tooltips. */
  description: string;
}

/** The median gap between consecutive records (ms), at least MIN_INTERVAL_MS; MIN_INTERVAL_MS with fewer than two. */
export function usualInterval(records: readonly Pick<WindowRecord<Date>, 'ts'>[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < records.length; i++) gaps.push(records[i]!.ts.getTime() - records[i - 1]!.ts.getTime());
  if (gaps.length === 0) return MIN_INTERVAL_MS;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const median = gaps.length % 2 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  return Math.max(MIN_INTERVAL_MS, median);
}

/** "12 s ago", "3 min ago", "5 h ago", "4 d ago" (future times, from clock skew, are "just now"). */
export function formatAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** How fresh a widget's data is at `now`: offline beats stale, stale beats live. */
export function freshness(newest: Date | null, intervalMs: number, now: number, offline: boolean): Freshness {
  if (!newest) {
    return offline
      ? { state: 'offline', age: '', description: 'Offline, no data cached' }
      : { state: 'waiting', age: '', description: 'Waiting for data' };
  }
  const ageMs = now - newest.getTime();
  const age = formatAge(ageMs);
  if (offline) return { state: 'offline', age, description: `Offline: showing cached data, newest record ${age}` };
  if (ageMs > STALE_FACTOR * intervalMs) return { state: 'stale', age, description: `Stale: no new record for ${age.replace(' ago', '')}` };
  return { state: 'live', age, description: `Live: newest record ${age}` };
}
