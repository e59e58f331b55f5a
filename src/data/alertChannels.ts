/** Firestore access to a team's webhook channels, their secrets and deliveries (owners; contract 1.1 `alertChannels`). */
import { collection, doc, limit, orderBy, query, serverTimestamp, setDoc, updateDoc, writeBatch, type Timestamp } from 'firebase/firestore';
import { parseAlertChannel, type Severity } from '../../contract/index.ts';
import { useLiveQuery } from '../composables/useLiveQuery.ts';
import { auth, db } from '../firebase.ts';
import { refusedBecause } from '../lib/errors.ts';
import { callFunction } from './callables.ts';
import { useParsedQuery } from './parsed.ts';

const OWNERS_ONLY = "only the team's owners manage its alert channels. If your role changed, reload the page.";

export function useAlertChannels(teamId: () => string | null) {
  return useParsedQuery(() => {
    const id = teamId();
    return id ? collection(db, 'teams', id, 'alertChannels') : null;
  }, parseAlertChannel);
}

/** One attempt of a delivery, as the backend records it. */
export interface DeliveryAttempt {
  at: Date;
  code: number | null;
  ms: number;
  error?: string;
}

export interface Delivery {
  id: string;
  status: string;
  to: string;
  ruleName: string;
  createdAt: Date | null;
  attempts: DeliveryAttempt[];
}

/** A channel's newest deliveries, live (owners). */
export function useDeliveries(teamId: () => string, channelId: () => string | null, count = 10) {
  return useLiveQuery(
    () => {
      const id = channelId();
      return id ? query(collection(db, 'teams', teamId(), 'alertChannels', id, 'deliveries'), orderBy('createdAt', 'desc'), limit(count)) : null;
    },
    (d): Delivery => {
      const event = (d.get('event') ?? {}) as Record<string, unknown>;
      const attempts = (d.get('attempts') ?? []) as { at: Timestamp; code: number | null; ms: number; error?: string }[];
      return {
        id: d.id,
        status: String(d.get('status')),
        to: String(event.to ?? ''),
        ruleName: String(event.ruleName ?? ''),
        createdAt: (d.get('createdAt', { serverTimestamps: 'estimate' }) as Timestamp | null)?.toDate() ?? null,
        attempts: attempts.map((a) => ({ ...a, at: a.at.toDate() })),
      };
    },
  );
}

/** A new random secret for signing deliveries: 32 bytes, hex. */
export function newSecret(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Creates a webhook channel with its secret in one batch; returns the secret, shown once. */
export async function addWebhookChannel(teamId: string, fields: { name: string; url: string; minSeverity: Severity }): Promise<string> {
  const uid = auth.currentUser?.uid;
  if (!uid) throw new Error('Sign in to add a channel.');
  const ref = doc(collection(db, 'teams', teamId, 'alertChannels'));
  const secret = newSecret();
  const batch = writeBatch(db);
  batch.set(ref, { type: 'webhook', ...fields, enabled: true, createdAt: serverTimestamp(), createdBy: uid });
  batch.set(doc(ref, 'secret', 'hmac'), { value: secret });
  await refusedBecause(batch.commit(), `Adding the channel was refused: ${OWNERS_ONLY}`);
  return secret;
}

/** Replaces the channel's secret; returns the new one, shown once. */
export async function rotateSecret(teamId: string, channelId: string): Promise<string> {
  const secret = newSecret();
  await refusedBecause(setDoc(doc(db, 'teams', teamId, 'alertChannels', channelId, 'secret', 'hmac'), { value: secret }), `Rotating was refused: ${OWNERS_ONLY}`);
  return secret;
}

export async function setChannelEnabled(teamId: string, channelId: string, enabled: boolean): Promise<void> {
  await refusedBecause(updateDoc(doc(db, 'teams', teamId, 'alertChannels', channelId), { enabled }), `The change was refused: ${OWNERS_ONLY}`);
}

/** Deletes a channel with its secret; the backend deletes its deliveries. */
export async function removeChannel(teamId: string, channelId: string): Promise<void> {
  const ref = doc(db, 'teams', teamId, 'alertChannels', channelId);
  const batch = writeBatch(db);
  batch.delete(doc(ref, 'secret', 'hmac'));
  batch.delete(ref);
  await refusedBecause(batch.commit(), `Deleting the channel was refused: ${OWNERS_ONLY}`);
}

/** Asks the backend to send a signed test delivery to the channel now; resolves with its delivery id. */
export async function sendTestDelivery(teamId: string, channelId: string): Promise<string> {
  const { deliveryId } = await callFunction<{ teamId: string; channelId: string }, { deliveryId: string }>('sendTestDelivery', { teamId, channelId });
  return deliveryId;
}
