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
import type { User } from 'firebase/auth';
import { db } from '../firebase.ts';
import { inviteEmailError, inviteId, type MemberSummary, type Role } from './memberRules.ts';
import { useLiveQuery } from '../composables/useLiveQuery.ts';

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
  return {
    email: d.id,
    role: d.get('role') as Invite['role'],
    invitedBy: d.get('invitedBy') as string,
    teamName: d.get('teamName') as string | undefined,
    createdAt: d.get('createdAt') as Timestamp | undefined,
  };
}

/** A team's pending invites, live (owners only). */
export function useTeamInvites(teamId: () => string | null) {
  return useLiveQuery(
    () => {
      const id = teamId();
      return id ? collection(db, 'teams', id, 'invites') : null;
    },
    toInvite,
  );
}

/**
 * The signed-in user's pending invites across all teams, live: invites carry
 * their id as an `email` field so that the invitee can query them by address.
 */
export function useMyInvites(email: () => string | null) {
  return useLiveQuery(
    () => {
      const address = email();
      return address ? query(collectionGroup(db, 'invites'), where('email', '==', inviteId(address))) : null;
    },
    (d) => ({ teamId: d.ref.parent.parent?.id ?? '', invite: toInvite(d) }),
  );
}

/** The link an owner may send the invitee: it opens the invite (the home page lists it too). */
export function inviteLink(teamId: string, origin = window.location.origin): string {
  return `${origin}/invite/${encodeURIComponent(teamId)}`;
}

/** Invites `email` to the team with `role` (owners only). Returns the invite's id. */
export async function createInvite(
  team: { id: string; name: string },
  email: string,
  role: Invite['role'],
  invitedBy: string,
  members: readonly MemberSummary[],
): Promise<string> {
  const refusal = inviteEmailError(email, members);
  if (refusal) throw new Error(refusal);
  const id = inviteId(email);
  await setDoc(doc(db, 'teams', team.id, 'invites', id), {
    role,
    invitedBy,
    createdAt: serverTimestamp(),
    email: id,
    teamName: team.name.slice(0, 80),
  });
  return id;
}

export async function revokeInvite(teamId: string, email: string): Promise<void> {
  await deleteDoc(doc(db, 'teams', teamId, 'invites', email));
}

/**
 * The signed-in user's invite to a team, or null. The rules let the invitee read
 * it by their token's email; anyone else gets permission-denied, which is also null.
 */
export async function findInvite(teamId: string, user: User): Promise<Invite | null> {
  if (!user.email) return null;
  const id = inviteId(user.email);
  try {
    const snap = await getDoc(doc(db, 'teams', teamId, 'invites', id));
    return snap.exists() ? toInvite(snap) : null;
  } catch (err) {
    if ((err as { code?: string }).code === 'permission-denied') return null;
    throw err;
  }
}

/** Accepts an invite in one batch: the user's member doc with the invited role, and the invite deleted. */
export async function acceptInvite(teamId: string, invite: Invite, user: User): Promise<void> {
  if (!user.emailVerified) throw new Error('Confirm your email address first: invites are for confirmed addresses only.');
  const batch = writeBatch(db);
  // The rules compare `email` with the ID token's address, spelled as the account has it.
  batch.set(doc(db, 'teams', teamId, 'members', user.uid), { role: invite.role, email: user.email ?? invite.email, uid: user.uid, addedAt: serverTimestamp() });
  batch.delete(doc(db, 'teams', teamId, 'invites', invite.email));
  await batch.commit();
}

export async function declineInvite(teamId: string, invite: Invite): Promise<void> {
  await deleteDoc(doc(db, 'teams', teamId, 'invites', invite.email));
}

