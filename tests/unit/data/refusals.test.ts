import { describe, expect, test } from 'vitest';
import { EDITOR_ROLE_NEEDED, explainRefusal } from '../../../src/data/refusals.ts';
import { errorMessage, RefusedWriteError } from '../../../src/lib/errors.ts';

describe('explainRefusal', () => {
  test('a refusal by the rules becomes the reason given, not "You do not have permission"', () => {
    const refused = Object.assign(new Error('Missing or insufficient permissions.'), { code: 'permission-denied' });
    const explained = explainRefusal(refused, EDITOR_ROLE_NEEDED);
    expect(explained).toBeInstanceOf(RefusedWriteError);
    expect(errorMessage(explained)).toBe(EDITOR_ROLE_NEEDED);
    expect(errorMessage(explained)).not.toContain('You do not have permission');
  });

  test('any other error is passed on as it is', () => {
    const offline = Object.assign(new Error('offline'), { code: 'unavailable' });
    expect(explainRefusal(offline, EDITOR_ROLE_NEEDED)).toBe(offline);
  });
});
