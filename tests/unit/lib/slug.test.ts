import { describe, expect, test } from 'vitest';
import { randomSlug, slugError, suggestSlug, titleHasNoSlug } from '../../../src/lib/slug.ts';

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

describe('a title with no Latin letters (Chinese, Japanese...)', () => {
  test('keeps its ASCII parts when it has some', () => {
    expect(suggestSlug('東京 Line 3 工場')).toBe('line-3');
    expect(titleHasNoSlug('東京 Line 3 工場')).toBe(false);
  });

  test('else gets the placeholder (a short random slug), flagged for the user to replace', () => {
    expect(suggestSlug('東京工場', 'dash-x7k2')).toBe('dash-x7k2');
    expect(titleHasNoSlug('東京工場')).toBe(true);
    expect(suggestSlug('東京工場')).toMatch(/^dash-[a-z2-9]{4}$/);
    expect(titleHasNoSlug('!!!')).toBe(false);
  });

  test('random slugs are valid slugs', () => {
    expect(randomSlug(() => 0)).toBe('dash-aaaa');
    expect(randomSlug(() => 0.999)).toBe('dash-9999');
    for (let i = 0; i < 20; i++) expect(slugError(randomSlug())).toBeNull();
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
