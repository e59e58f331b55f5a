import { describe, expect, it } from 'vitest';
import { foldedHere, noteFolded } from '../../../functions/src/rollup/foldedHere.ts';

describe('the records a flush here took in', () => {
  it('knows a record by pipeline and id, not by anything near it', () => {
    noteFolded('p-known', ['a', 'c']);
    expect(foldedHere('p-known', 'a')).toBe(true);
    expect(foldedHere('p-known', 'b')).toBe(false);
    expect(foldedHere('p-other', 'a')).toBe(false);
  });

  it('keeps the newest 5,000 ids of a pipeline', () => {
    noteFolded('p-many', Array.from({ length: 5000 }, (_, i) => `r${i}`));
    noteFolded('p-many', ['r5000', 'r5001']);
    expect(foldedHere('p-many', 'r0')).toBe(false);
    expect(foldedHere('p-many', 'r1')).toBe(false);
    expect(foldedHere('p-many', 'r2')).toBe(true);
    expect(foldedHere('p-many', 'r5001')).toBe(true);
  });

  it('keeps 200 pipelines, forgetting the first noted', () => {
    for (let i = 0; i < 200; i++) noteFolded(`p-${i}`, ['x']);
    expect(foldedHere('p-known', 'a')).toBe(false);
    expect(foldedHere('p-199', 'x')).toBe(true);
  });
});
