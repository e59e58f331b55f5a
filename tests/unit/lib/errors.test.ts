import { expect, test } from 'vitest';
import { errorMessage, refusedBecause, RefusedWriteError } from '../../../src/lib/errors.ts';

test('known Firebase codes get a plain message; others keep theirs', () => {
  expect(errorMessage(Object.assign(new Error('x'), { code: 'permission-denied' }))).toMatch(/^You do not have permission/);
  expect(errorMessage({ code: 'auth/invalid-credential' })).toBe('Wrong email or password.');
  expect(errorMessage(Object.assign(new Error('boom'), { code: 'internal' }))).toBe('boom');
  expect(errorMessage('text')).toBe('text');
  expect(errorMessage(null)).toBe('null');
});

test('a refused write names the reason given for that action; other failures pass through', async () => {
  const denied = Object.assign(new Error('Missing or insufficient permissions.'), { code: 'permission-denied' });
  await expect(refusedBecause(Promise.reject(denied), 'Only owners invite.')).rejects.toMatchObject({ name: 'RefusedWriteError', message: 'Only owners invite.', cause: denied });
  const offline = Object.assign(new Error('offline'), { code: 'unavailable' });
  await expect(refusedBecause(Promise.reject(offline), 'Only owners invite.')).rejects.toBe(offline);
  expect(await refusedBecause(Promise.resolve(3), 'x')).toBe(3);
  expect(errorMessage(new RefusedWriteError('Only owners invite.'))).toBe('Only owners invite.');
});
