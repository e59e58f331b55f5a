import { collection, deleteDoc, doc, updateDoc, type Timestamp } from 'firebase/firestore';
import { db } from '../firebase.ts';
import { lastOwnerError, type MemberSummary, type Role } from './memberRules.ts';
import { useLiveQuery } from '../composables/useLiveQuery.ts';

export interface Member extends MemberSummary {
  addedAt?: Timestamp;
}

/** The team's members, live (any member may read them). */
export function useMembers(teamId: () => string | null) {
  return useLiveQuery(
    () => {
      const id = teamId();
      return id ? collection(db, 'teams', id, 'members') : null;
    },
    (d): Member => ({ uid: d.id, role: d.get('role') as Role, email: d.get('email') as string | undefined, addedAt: d.get('addedAt') as Timestamp | undefined }),
  );
}

/** Changes a member's role (owners only), refusing to demote the last owner. */
export async function changeRole(teamId: string, members: readonly MemberSummary[], uid: string, role: Role): Promise<void> {
  const refusal = lastOwnerError(members, uid, role);
  if (refusal) throw new Error(refusal);
  await updateDoc(doc(db, 'teams', teamId, 'members', uid), { role });
}

/** Removes a member (owners), or the user's own membership (leaving); never the last owner. */
export async function removeMember(teamId: string, members: readonly MemberSummary[], uid: string): Promise<void> {
  const refusal = lastOwnerError(members, uid, 'remove');
  if (refusal) throw new Error(refusal);
  await deleteDoc(doc(db, 'teams', teamId, 'members', uid));
}
