import { describe, expect, it } from 'vitest';
import {
  effectiveMode,
  mergeLiveWindow,
  REANCHOR_AFTER,
  shouldReanchor,
  recentRate,
  BURST_RECORDS,
  type DeliveryMode,
} from '../../src/live/liveMode.ts';
import { WINDOW_SIZE as VIEW_SIZE, type LiveMode as LiveSetting, type WindowRecord as StoredRecord } from '../../contract/index.ts';

type WindowRecord = StoredRecord<Date>;

/** `r('a', 3)`: record a at t=3 s; `r('a', 3, 'tail')` carries a marker to tell copies apart. */
function r(id: string, s: number, from = 'window'): WindowRecord {
  return { id, ts: new Date(s * 1000), data: { from } };
}
const ids = (rs: readonly WindowRecord[]): string => rs.map((x) => x.id).join(',');

describe('mergeLiveWindow', () => {
  const rows: [string, WindowRecord[], WindowRecord[], string][] = [
    ['both empty', [], [], ''],
    ['window only', [r('a', 1), r('b', 2)], [], 'a,b'],
    ['tail only (no window yet)', [], [r('b', 2), r('a', 1)], 'a,b'],
    ['tail past the window is appended', [r('a', 1), r('b', 2)], [r('c', 3), r('d', 4)], 'a,b,c,d'],
    ['overlap: the anchor record and older ones are dropped', [r('a', 1), r('b', 2)], [r('b', 2), r('c', 3)], 'a,b,c'],
    ['tail out of order is sorted', [r('a', 1)], [r('d', 4), r('b', 2), r('c', 3)], 'a,b,c,d'],
    ['duplicates within the tail count once', [r('a', 1)], [r('b', 2), r('b', 2)], 'a,b'],
    ['window overtook the tail: nothing of the tail is left', [r('a', 1), r('b', 2), r('c', 3)], [r('b', 2), r('c', 3)], 'a,b,c'],
    ['window overtook part of the tail', [r('a', 1), r('b', 2), r('c', 3)], [r('b', 2), r('c', 3), r('d', 4)], 'a,b,c,d'],
    ['ties on ts are ordered by id, after the anchor', [r('a', 1), r('m', 2)], [r('z', 2), r('b', 2), r('n', 2)], 'a,m,n,z'],
    ['a tail record with the window last ts but a smaller id is covered', [r('a', 1), r('m', 2)], [r('b', 2)], 'a,m'],
    ['a record id already in the window is not repeated even if later', [r('a', 1), r('b', 2)], [r('a', 5)], 'a,b'],
  ];
  it.each(rows)('%s', (_name, window, tail, expected) => {
    expect(ids(mergeLiveWindow(window, tail))).toBe(expected);
  });

  it('keeps the window copy of a record both hold', () => {
    const view = mergeLiveWindow([r('a', 1), r('b', 2)], [r('b', 2, 'tail'), r('c', 3, 'tail')]);
    expect(view.map((x) => x.data.from)).toEqual(['window', 'window', 'tail']);
  });

  it('keeps the newest 100', () => {
    const window = Array.from({ length: 100 }, (_, i) => r(`w${String(i).padStart(3, '0')}`, i));
    const tail = Array.from({ length: 5 }, (_, i) => r(`t${i}`, 100 + i));
    const view = mergeLiveWindow(window, tail);
    expect(view).toHaveLength(100);
    expect(view[0]!.id).toBe('w005');
    expect(view.at(-1)!.id).toBe('t4');
  });

  it('returns the window itself when the tail adds nothing (widgets do not recompute)', () => {
    const window = [r('a', 1), r('b', 2)];
    expect(mergeLiveWindow(window, [r('a', 1)])).toBe(window);
  });
});

describe('shouldReanchor', () => {
  /** A tail of `n` records at t = 1..n s. */
  const tail = (n: number): WindowRecord[] => Array.from({ length: n }, (_, i) => r(`t${String(i + 1).padStart(3, '0')}`, i + 1));

  it('keeps a tail the window has just caught up with (the anchor record alone is covered)', () => {
    expect(shouldReanchor(tail(3), r('t001', 1))).toBe(false);
  });

  it(`keeps it while the window covers fewer than ${REANCHOR_AFTER} of its records`, () => {
    const t = tail(15);
    expect(shouldReanchor(t, t[REANCHOR_AFTER - 2]!)).toBe(false);
  });

  it(`moves it once the window covers ${REANCHOR_AFTER} of its records`, () => {
    const t = tail(15);
    expect(shouldReanchor(t, t[REANCHOR_AFTER - 1]!)).toBe(true);
  });

  it('counts a record sharing the window last ts but with a smaller id as covered', () => {
    const t = [...tail(REANCHOR_AFTER - 1), r('a', REANCHOR_AFTER)];
    expect(shouldReanchor(t, r('z', REANCHOR_AFTER))).toBe(true);
    expect(shouldReanchor(t, r('0', REANCHOR_AFTER))).toBe(false);
  });

  it('moves it when it nears the query limit, even if the window covers none of it', () => {
    const t = tail(VIEW_SIZE - REANCHOR_AFTER);
    expect(shouldReanchor(t, r('before', 0))).toBe(true);
    expect(shouldReanchor(t.slice(1), r('before', 0))).toBe(false);
  });

  it('keeps an empty tail', () => {
    expect(shouldReanchor([], r('a', 5))).toBe(false);
  });
});

describe('recentRate', () => {
  const every = (n: number, stepS: number, endS: number) => Array.from({ length: n }, (_, i) => r(`${i}`, endS - (n - 1 - i) * stepS));
  const rows: [string, WindowRecord[], number][] = [
    ['empty', [], 0],
    ['one record', [r('a', 1)], 0.1],
    ['one a second for a minute', every(60, 1, 100), 1],
    ['ten a second', every(100, 0.1, 100), 10],
    ['one a minute', every(10, 60, 1000), 0.1],
    ['a burst long ago does not count, only the last 10 s before the newest record', [...every(50, 0.01, 10), r('late', 100)], 0.1],
    ['measured from the newest record, whatever the viewer clock', every(30, 0.5, 1e6), 2],
    ['a burst within the last second reads as its count per second at once', [r('a', 1), ...every(BURST_RECORDS, 0.05, 5)], BURST_RECORDS],
    ['records sharing one commit time (a batch) are a burst', [r('a', 1), ...every(BURST_RECORDS, 0, 5)], BURST_RECORDS],
    ['one record short of a burst: the 10 s rate', [r('a', 1), ...every(BURST_RECORDS - 1, 0.05, 5)], BURST_RECORDS / 10],
    ["a burst's count spread over 1.8 s is no burst", every(BURST_RECORDS, 0.2, 5), BURST_RECORDS / 10],
  ];
  it.each(rows)('%s', (_name, view, expected) => {
    expect(recentRate(view)).toBeCloseTo(expected);
  });
});

describe('effectiveMode', () => {
  const rows: [LiveSetting | undefined, number, boolean, DeliveryMode, DeliveryMode][] = [
    // live, rate, member, previous, expected
    ['instant', 100, true, 'instant', 'instant'],
    ['economy', 0, true, 'instant', 'economy'],
    ['instant', 0, false, 'instant', 'economy'],
    ['auto', 0, false, 'instant', 'economy'],
    [undefined, 1, true, 'instant', 'instant'],
    ['auto', 1, true, 'instant', 'instant'],
    ['auto', 2, true, 'instant', 'instant'],
    ['auto', 2.1, true, 'instant', 'economy'],
    // hysteresis: between 1.5 and 2 the mode in use stays
    ['auto', 1.8, true, 'instant', 'instant'],
    ['auto', 1.8, true, 'economy', 'economy'],
    ['auto', 1.5, true, 'economy', 'economy'],
    ['auto', 1.4, true, 'economy', 'instant'],
    ['auto', 10, true, 'economy', 'economy'],
  ];
  it.each(rows)('live=%s rate=%s member=%s previous=%s -> %s', (live, rate, member, previous, expected) => {
    expect(effectiveMode(live, rate, member, previous)).toBe(expected);
  });
});
