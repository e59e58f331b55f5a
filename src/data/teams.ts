import { collection, doc, onSnapshot, serverTimestamp, updateDoc, writeBatch, type Unsubscribe } from 'firebase/firestore';
import { parseTeam, type Team } from '../../contract/index.ts';
import { db } from '../firebase.ts';
import { refusedBecause } from '../lib/errors.ts';
import { memberData, memberRef } from './members.ts';
import { parseSnapshot } from './parsed.ts';

/**
 * Follows one team's document: `onTeam(null)` when it does not exist, `onDenied`
 * when the rules refuse it (not a member, or the membership has not reached the server yet)
 * or the document breaks the contract.
 */
export function watchTeam(teamId: string, onTeam: (team: Team | null) => void, onDenied: (err: Error) => void): Unsubscribe {
  return onSnapshot(
    doc(db, 'teams', teamId),
    (snap) => {
      try {
        onTeam(snap.exists() ? parseSnapshot(snap, parseTeam) : null);
      } catch (err) {
        onDenied(err as Error);
      }
    },
    onDenied,
  );
}

/** Creates a team with `owner` as its owner, in one batch as the rules require. Returns its id. */
export async function addTeam(name: string, owner: { uid: string; email: string | null }): Promise<string> {
  const teamRef = doc(collection(db, 'teams'));
  const batch = writeBatch(db);
  batch.set(teamRef, { name, createdAt: serverTimestamp(), createdBy: owner.uid });
  batch.set(memberRef(teamRef.id, owner.uid), memberData('owner', owner.uid, owner.email?.toLowerCase()));
  await refusedBecause(batch.commit(), 'Creating the team was refused: sign out and in again, then retry.');
  return teamRef.id;
}

export async function setTeamName(teamId: string, name: string): Promise<void> {
  await refusedBecause(
    updateDoc(doc(db, 'teams', teamId), { name }),
    "The rename was refused: only the team's owners rename it. If your role changed, reload the page.",
  );
}
