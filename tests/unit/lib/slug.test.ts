import { describe, expect, test } from 'vitest';
import { slugError, suggestSlug } from '../../../src/lib/slug.ts';

describe('suggestSlug', () => {
  test.each([
    ['Ops — Büro 2', 'ops-buro-2'],
    ['  Hello, World!  ', 'hello-world'],
    ['CPU & Memory / host-1', 'cpu-memory-host-1'],
    ['A', 'a-dashboard'],
    ['!!!', 'dashboard'],
    ['x'.repeat(70), 'x'.repeat(64)],
    [`${'a'.repeat(63)} b`, 'a'.repeat(63)],
  ])('%j -> %j', (title, slug) => {
    expect(suggestSlug(title)).toBe(slug);
    expect(slugError(suggestSlug(title))).toBeNull();
  });
});

describe('slugError', () => {
  test.each([
    ['abc', null],
    ['a-0-b', null],
    ['ab', 'at least 3'],
    ['a'.repeat(65), 'at most 64'],
    ['Abc', 'lower-case'],
    ['a/b/c', 'lower-case'],
    ['a_b', 'lower-case'],
  ])('%j', (slug, message) => {
    const error = slugError(slug);
    if (message === null) expect(error).toBeNull();
    else expect(error).toContain(message);
  });
});
