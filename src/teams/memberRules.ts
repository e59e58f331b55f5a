import type { Member, Role } from '../../contract/index.ts';

/** What the membership rules look at of a member. */
export type MemberSummary = Pick<Member, 'uid' | 'role' | 'email'>;

/** Owners and editors change dashboards, widgets and pipelines. */
export function canEditRole(role: Role | null | undefined): boolean {
  return role === 'owner' || role === 'editor';
}

/**
 * Why `uid` may not take `change` (a new role, or leaving/removal), or null when
 * it may: a team always keeps at least one owner.
 */
export function lastOwnerError(members: readonly MemberSummary[], uid: string, change: Role | 'remove'): string | null {
  const member = members.find((m) => m.uid === uid);
  if (!member || member.role !== 'owner' || change === 'owner') return null;
  const owners = members.filter((m) => m.role === 'owner').length;
  if (owners > 1) return null;
  const who = member.email ?? 'This member';
  return change === 'remove'
    ? `${who} is the team's last owner and cannot leave or be removed: make another member owner first, or delete the team.`
    : `${who} is the team's last owner and cannot be demoted: make another member owner first.`;
}

/** An email address as an invite's document id: trimmed and lower-cased. */
export function inviteId(email: string): string {
  return email.trim().toLowerCase();
}

/** Why `email` cannot be invited, or null. */
export function inviteEmailError(email: string, members: readonly MemberSummary[]): string | null {
  const id = inviteId(email);
  if (!/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(id)) return `"${email}" is not an email address.`;
  if (members.some((m) => m.email?.toLowerCase() === id)) return `${id} is already a member of this team.`;
  return null;
}
