import {
  collection,
  collectionGroup,
  deleteDoc,
  doc,
  getDoc,
  query,
  serverTimestamp,
  setDoc,
  where,
  writeBatch,
} from 'firebase/firestore';
import { parseInvite, TEXT_LIMITS, type Invite, type InviteRole } from '../../contract/index.ts';
import { db } from '../firebase.ts';
import { refusedBecause } from '../lib/errors.ts';
import { memberData, memberRef } from './members.ts';
import { parseSnapshot, useParsedQuery } from './parsed.ts';

const inviteRef = (teamId: string, email: string) => doc(db, 'teams', teamId, 'invites', email);

/** A team's pending invites, live (owners only). */
export function useTeamInvites(teamId: () => string | null) {
  return useParsedQuery(() => {
    const id = teamId();
    return id ? collection(db, 'teams', id, 'invites') : null;
  }, parseInvite);
}

/**
 * The pending invites to `email` (lower-cased) across all teams, live: invites
 * carry their id as an `email` field so that the invitee can query them by address.
 */
export function useInvitesTo(email: () => string | null) {
  return useParsedQuery(
    () => {
      const address = email();
      return address ? query(collectionGroup(db, 'invites'), where('email', '==', address)) : null;
    },
    (email, data, ref) => ({ teamId: ref.parent.parent?.id ?? '', invite: parseInvite(email, data) }),
  );
}

/** The team's invite to `email`, or null when there is none (read by owners and the invitee). */
export async function getInvite(teamId: string, email: string): Promise<Invite | null> {
  const snap = await getDoc(inviteRef(teamId, email));
  return snap.exists() ? parseSnapshot(snap, parseInvite) : null;
}

export async function addInvite(team: { id: string; name: string }, email: string, role: InviteRole, invitedBy: string): Promise<void> {
  await refusedBecause(
    setDoc(inviteRef(team.id, email), { role, invitedBy, createdAt: serverTimestamp(), email, teamName: team.name.slice(0, TEXT_LIMITS.teamName) }),
    `The invite was refused: only the team's owners invite, and an address has one pending invite at a time (revoke the one to ${email} to change its role). If your role changed, reload the page.`,
  );
}

/** Deletes an invite: an owner revoking it, or the invitee declining it. */
export async function deleteInvite(teamId: string, email: string): Promise<void> {
  await refusedBecause(
    deleteDoc(inviteRef(teamId, email)),
    "The invite could not be removed: only the team's owners and the invited address may do that.",
  );
}

/** Accepts an invite in one batch, as the rules require: the user's member doc with the invited role, and the invite deleted. */
export async function acceptInviteBatch(teamId: string, invite: Invite, user: { uid: string; email: string | null }): Promise<void> {
  const batch = writeBatch(db);
  // The rules compare `email` with the ID token's address, spelled as the account has it.
  batch.set(memberRef(teamId, user.uid), memberData(invite.role, user.uid, user.email ?? invite.email));
  batch.delete(inviteRef(teamId, invite.email));
  await refusedBecause(
    batch.commit(),
    'Accepting was refused: the invite may have been revoked, or it is for another address than the one you are signed in with (confirmed).',
  );
}
