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
  type Unsubscribe,
} from 'firebase/firestore';
import { parseMember, ROLES, type Role } from '../../contract/index.ts';
import { db } from '../firebase.ts';
import { refusedBecause } from '../lib/errors.ts';
import { useParsedQuery } from './parsed.ts';

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
  return useParsedQuery(() => {
    const id = teamId();
    return id ? collection(db, 'teams', id, 'members') : null;
  }, parseMember);
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
          .map((d) => ({ teamId: d.ref.parent.parent?.id ?? '', role: d.get('role') as unknown, saved: !d.metadata.hasPendingWrites }))
          // Only the role is read here; a role outside the contract grants nothing.
          .filter((m): m is Membership => m.teamId !== '' && ROLES.includes(m.role as Role)),
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
