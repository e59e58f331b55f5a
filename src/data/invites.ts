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
  type DocumentSnapshot,
  type Timestamp,
} from 'firebase/firestore';
import { useLiveQuery } from '../composables/useLiveQuery.ts';
import { db } from '../firebase.ts';
import { refusedBecause } from '../lib/errors.ts';
import type { Role } from '../teams/memberRules.ts';
import { memberData, memberRef } from './members.ts';

/** A `teams/{teamId}/invites/{email}` document. */
export interface Invite {
  /** The invitee's email, lower-cased (the document id). */
  email: string;
  role: Exclude<Role, 'owner'>;
  invitedBy: string;
  /** The team's name when invited, to show the invitee (who cannot read the team yet). */
  teamName?: string;
  createdAt?: Timestamp;
}

function toInvite(d: DocumentSnapshot): Invite {
  const teamName = d.get('teamName') as string | undefined;
  return {
    email: d.id,
    role: d.get('role') as Invite['role'],
    invitedBy: d.get('invitedBy') as string,
    ...(teamName !== undefined && { teamName }),
    createdAt: d.get('createdAt', { serverTimestamps: 'estimate' }) as Timestamp | undefined,
  };
}

const inviteRef = (teamId: string, email: string) => doc(db, 'teams', teamId, 'invites', email);

/** A team's pending invites, live (owners only). */
export function useTeamInvites(teamId: () => string | null) {
  return useLiveQuery(() => {
    const id = teamId();
    return id ? collection(db, 'teams', id, 'invites') : null;
  }, toInvite);
}

/**
 * The pending invites to `email` (lower-cased) across all teams, live: invites
 * carry their id as an `email` field so that the invitee can query them by address.
 */
export function useInvitesTo(email: () => string | null) {
  return useLiveQuery(
    () => {
      const address = email();
      return address ? query(collectionGroup(db, 'invites'), where('email', '==', address)) : null;
    },
    (d) => ({ teamId: d.ref.parent.parent?.id ?? '', invite: toInvite(d) }),
  );
}

/** The team's invite to `email`, or null when there is none (read by owners and the invitee). */
export async function getInvite(teamId: string, email: string): Promise<Invite | null> {
  const snap = await getDoc(inviteRef(teamId, email));
  return snap.exists() ? toInvite(snap) : null;
}

export async function addInvite(team: { id: string; name: string }, email: string, role: Invite['role'], invitedBy: string): Promise<void> {
  await refusedBecause(
    setDoc(inviteRef(team.id, email), { role, invitedBy, createdAt: serverTimestamp(), email, teamName: team.name.slice(0, 80) }),
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
