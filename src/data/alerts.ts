/**
 * Firestore access to alerts (contract 1.1): a pipeline's rules and their
 * states, a team's events, and acknowledging, silencing and editing rules.
 */
import {
  addDoc,
  collection,
  deleteDoc,
  deleteField,
  doc,
  limit,
  orderBy,
  query,
  serverTimestamp,
  Timestamp,
  updateDoc,
} from 'firebase/firestore';
import { parseAlertEvent, parseAlertRule, parseAlertState } from '../../contract/index.ts';
import { auth, db } from '../firebase.ts';
import { refusedBecause } from '../lib/errors.ts';
import { useParsedQuery } from './parsed.ts';
import type { RuleDraft } from '../alerts/ruleForm.ts';

const EDITORS_ONLY = "only the team's owners and editors change its alert rules. If your role changed, reload the page.";

/** A pipeline's alert rules, live (members except producers). */
export function useAlertRules(pipelineId: () => string | null) {
  return useParsedQuery(() => {
    const id = pipelineId();
    return id ? collection(db, 'pipelines', id, 'alertRules') : null;
  }, parseAlertRule);
}

/** The states of a pipeline's rules, live, keyed by rule id through `ruleId`. */
export function useAlertStates(pipelineId: () => string | null) {
  return useParsedQuery(() => {
    const id = pipelineId();
    return id ? collection(db, 'pipelines', id, 'alerts') : null;
  }, parseAlertState);
}

/** A team's newest alert events, live. */
export function useAlertEvents(teamId: () => string | null, count = 50) {
  return useParsedQuery(() => {
    const id = teamId();
    return id ? query(collection(db, 'teams', id, 'alertEvents'), orderBy('at', 'desc'), limit(count)) : null;
  }, parseAlertEvent);
}

function uid(): string {
  const id = auth.currentUser?.uid;
  if (!id) throw new Error('Sign in to change alert rules.');
  return id;
}

export async function addAlertRule(pipelineId: string, draft: RuleDraft): Promise<string> {
  const ref = await refusedBecause(
    addDoc(collection(db, 'pipelines', pipelineId, 'alertRules'), {
      ...draft,
      createdAt: serverTimestamp(),
      updatedAt: serverTimestamp(),
      createdBy: uid(),
    }),
    `Creating the rule was refused: ${EDITORS_ONLY}`,
  );
  return ref.id;
}

/** Replaces a rule's settings; keys the draft lacks (`value2`, `noDataSeconds`) are removed. */
export async function saveAlertRule(pipelineId: string, ruleId: string, draft: RuleDraft): Promise<void> {
  await refusedBecause(
    updateDoc(doc(db, 'pipelines', pipelineId, 'alertRules', ruleId), {
      value2: deleteField(),
      noDataSeconds: deleteField(),
      ...draft,
      updatedAt: serverTimestamp(),
    }),
    `The change was refused: ${EDITORS_ONLY}`,
  );
}

export async function setAlertRuleEnabled(pipelineId: string, ruleId: string, enabled: boolean): Promise<void> {
  await refusedBecause(
    updateDoc(doc(db, 'pipelines', pipelineId, 'alertRules', ruleId), { enabled, updatedAt: serverTimestamp() }),
    `The change was refused: ${EDITORS_ONLY}`,
  );
}

/** Holds back a rule's notifications until `until` (null lifts the silence); it keeps its state. */
export async function silenceAlertRule(pipelineId: string, ruleId: string, until: Date | null): Promise<void> {
  await refusedBecause(
    updateDoc(doc(db, 'pipelines', pipelineId, 'alertRules', ruleId), {
      silencedUntil: until ? Timestamp.fromDate(until) : deleteField(),
      updatedAt: serverTimestamp(),
    }),
    `Silencing was refused: ${EDITORS_ONLY}`,
  );
}

export async function removeAlertRule(pipelineId: string, ruleId: string): Promise<void> {
  await refusedBecause(deleteDoc(doc(db, 'pipelines', pipelineId, 'alertRules', ruleId)), `Deleting the rule was refused: ${EDITORS_ONLY}`);
}

/** Acknowledges a firing or nodata alert (any member but a producer); the backend clears it when the state changes. */
export async function acknowledgeAlert(pipelineId: string, ruleId: string, comment: string): Promise<void> {
  const text = comment.trim();
  await refusedBecause(
    updateDoc(doc(db, 'pipelines', pipelineId, 'alerts', ruleId), {
      ack: { by: uid(), at: serverTimestamp(), ...(text && { comment: text }) },
    }),
    'Acknowledging was refused: only a firing or no-data alert is acknowledged, by a member of the team who is not a producer. It may have changed state meanwhile.',
  );
}
