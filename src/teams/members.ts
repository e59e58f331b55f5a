import { deleteMember, setMemberRole } from '../data/members.ts';
import type { Role } from '../../contract/index.ts';
import { lastOwnerError, type MemberSummary } from './memberRules.ts';

/** Changes a member's role (owners only), refusing to demote the last owner. */
export async function changeRole(teamId: string, members: readonly MemberSummary[], uid: string, role: Role): Promise<void> {
  const refusal = lastOwnerError(members, uid, role);
  if (refusal) throw new Error(refusal);
  await setMemberRole(teamId, uid, role);
}

/** Removes a member (owners), or the user's own membership (leaving); never the last owner. */
export async function removeMember(teamId: string, members: readonly MemberSummary[], uid: string): Promise<void> {
  const refusal = lastOwnerError(members, uid, 'remove');
  if (refusal) throw new Error(refusal);
  await deleteMember(teamId, uid);
}
