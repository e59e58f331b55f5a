import {
  collection,
  collectionGroup,
  deleteDoc,
  doc,
  onSnapshot,
  query,
  serverTimestamp,
  updateDoc,
  where,
  type DocumentReference,
  type DocumentSnapshot,
  type Timestamp,
  type Unsubscribe,
} from 'firebase/firestore';
import { useLiveQuery } from '../composables/useLiveQuery.ts';
import { db } from '../firebase.ts';
import { refusedBecause } from '../lib/errors.ts';
import type { Role } from '../teams/memberRules.ts';

/** A `teams/{teamId}/members/{uid}` document with its uid. */
export interface Member {
  uid: string;
  role: Role;
  email?: string;
  addedAt?: Timestamp;
}

function toMember(d: DocumentSnapshot): Member {
  const email = d.get('email') as string | undefined;
  return {
    uid: d.id,
    role: d.get('role') as Role,
    ...(email !== undefined && { email }),
    addedAt: d.get('addedAt', { serverTimestamps: 'estimate' }) as Timestamp | undefined,
  };
}

export function memberRef(teamId: string, uid: string): DocumentReference {
  return doc(db, 'teams', teamId, 'members', uid);
}

/**
 * A member document's data: `uid` lets a user find their memberships with a
 * collection-group query; `email` as the account spells it (the rules compare it with the token).
 */
export function memberData(role: Role, uid: string, email: string | null | undefined): Record<string, unknown> {
  return { role, uid, ...(email ? { email } : {}), addedAt: serverTimestamp() };
}

/** The team's members, live (owners, editors and viewers may read them). */
export function useMembers(teamId: () => string | null) {
  return useLiveQuery(() => {
    const id = teamId();
    return id ? collection(db, 'teams', id, 'members') : null;
  }, toMember);
}

/** One of the user's memberships; `saved` once the server has it (the rules read it there). */
export interface Membership {
  teamId: string;
  role: Role;
  saved: boolean;
}

/** Follows the user's memberships across all teams until the returned function is called. */
export function watchMemberships(uid: string, onChange: (memberships: Membership[]) => void, onError: (err: Error) => void): Unsubscribe {
  return onSnapshot(
    query(collectionGroup(db, 'members'), where('uid', '==', uid)),
    // Metadata changes tell when a membership written here (new team, accepted invite) reached the server.
    { includeMetadataChanges: true },
    (snap) =>
      onChange(
        snap.docs
          .map((d) => ({ teamId: d.ref.parent.parent?.id ?? '', role: d.get('role') as Role, saved: !d.metadata.hasPendingWrites }))
          .filter((m) => m.teamId),
      ),
    onError,
  );
}

export async function setMemberRole(teamId: string, uid: string, role: Role): Promise<void> {
  await refusedBecause(
    updateDoc(memberRef(teamId, uid), { role }),
    "The role change was refused: only the team's owners change roles, and nobody changes their own. If your role changed, reload the page.",
  );
}

export async function deleteMember(teamId: string, uid: string): Promise<void> {
  await refusedBecause(
    deleteDoc(memberRef(teamId, uid)),
    "The removal was refused: only the team's owners remove members (anyone may leave). If your role changed, reload the page.",
  );
}
