import type { User } from 'firebase/auth';
import type { Invite, InviteRole } from '../../contract/index.ts';
import { acceptInviteBatch, addInvite, getInvite } from '../data/invites.ts';
import { inviteEmailError, inviteId, type MemberSummary } from './memberRules.ts';

/** The link an owner may send the invitee: it opens the invite (the home page lists it too). */
export function inviteLink(teamId: string, origin = window.location.origin): string {
  return `${origin}/invite/${encodeURIComponent(teamId)}`;
}

/**
 * Invites `email` to the team with `role` (owners only). Returns the invite's id.
 * An address already invited is refused with its pending role: an invite is
 * never overwritten (the rules allow no update), it is revoked and made again.
 */
export async function createInvite(
  team: { id: string; name: string },
  email: string,
  role: InviteRole,
  invitedBy: string,
  members: readonly MemberSummary[],
): Promise<string> {
  const refusal = inviteEmailError(email, members);
  if (refusal) throw new Error(refusal);
  const id = inviteId(email);
  const pending = await getInvite(team.id, id);
  if (pending) throw new Error(`${id} is already invited (as ${pending.role}). To change the role, revoke that invite and invite again.`);
  await addInvite(team, id, role, invitedBy);
  return id;
}

/**
 * The signed-in user's invite to a team, or null. The rules let the invitee read
 * it by their token's email; anyone else gets permission-denied, which is also null.
 */
export async function findInvite(teamId: string, user: User): Promise<Invite | null> {
  if (!user.email) return null;
  try {
    return await getInvite(teamId, inviteId(user.email));
  } catch (err) {
    if ((err as { code?: string }).code === 'permission-denied') return null;
    throw err;
  }
}

export async function acceptInvite(teamId: string, invite: Invite, user: User): Promise<void> {
  if (!user.emailVerified) throw new Error('Confirm your email address first: invites are for confirmed addresses only.');
  await acceptInviteBatch(teamId, invite, user);
}
