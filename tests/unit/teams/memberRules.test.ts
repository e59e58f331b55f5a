import { describe, expect, test } from 'vitest';
import { canEditRole, inviteEmailError, inviteId, lastOwnerError, type MemberSummary } from '../../../src/teams/memberRules.ts';

const team: MemberSummary[] = [
  { uid: 'o1', role: 'owner', email: 'ann@x.io' },
  { uid: 'e1', role: 'editor', email: 'bob@x.io' },
  { uid: 'v1', role: 'viewer' },
];

describe('lastOwnerError', () => {
  test('the last owner cannot be demoted or removed', () => {
    expect(lastOwnerError(team, 'o1', 'editor')).toContain('ann@x.io is the team\'s last owner and cannot be demoted');
    expect(lastOwnerError(team, 'o1', 'remove')).toContain('cannot leave or be removed');
  });

  test('with a second owner both are allowed', () => {
    const two = [...team, { uid: 'o2', role: 'owner' as const }];
    expect(lastOwnerError(two, 'o1', 'viewer')).toBeNull();
    expect(lastOwnerError(two, 'o1', 'remove')).toBeNull();
  });

  test('other members and promotions are never blocked', () => {
    expect(lastOwnerError(team, 'e1', 'remove')).toBeNull();
    expect(lastOwnerError(team, 'v1', 'owner')).toBeNull();
    expect(lastOwnerError(team, 'o1', 'owner')).toBeNull();
  });
});

describe('invites', () => {
  test('ids are trimmed lower-case emails', () => {
    expect(inviteId('  Dev@Example.COM ')).toBe('dev@example.com');
  });

  test('bad addresses and existing members are refused', () => {
    expect(inviteEmailError('not-an-email', team)).toContain('is not an email address');
    expect(inviteEmailError('a@b', team)).toContain('is not an email address');
    expect(inviteEmailError('BOB@x.io', team)).toBe('bob@x.io is already a member of this team.');
    expect(inviteEmailError('new@x.io', team)).toBeNull();
  });

  test('only owners and editors edit', () => {
    expect([canEditRole('owner'), canEditRole('editor'), canEditRole('producer'), canEditRole('viewer'), canEditRole(null)]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
