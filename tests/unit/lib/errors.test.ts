import { expect, test } from 'vitest';
import { errorMessage } from '../../../src/lib/errors.ts';

test('known Firebase codes get a plain message; others keep theirs', () => {
  expect(errorMessage(Object.assign(new Error('x'), { code: 'permission-denied' }))).toMatch(/^You do not have permission/);
  expect(errorMessage({ code: 'auth/invalid-credential' })).toBe('Wrong email or password.');
  expect(errorMessage(Object.assign(new Error('boom'), { code: 'internal' }))).toBe('boom');
  expect(errorMessage('text')).toBe('text');
  expect(errorMessage(null)).toBe('null');
});
