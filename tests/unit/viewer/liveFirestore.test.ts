import { expect, test, vi } from 'vitest';
import { liveFirestore } from '../../../src/live/liveFirestore.ts';
import * as fake from './fakeFirebase.ts';

vi.mock('firebase/firestore', async () => (await import('./fakeFirebase.ts')).firestoreModule);
vi.mock('firebase/auth', async () => (await import('./fakeFirebase.ts')).authModule);

// One instance for the whole file, as in the app; fake.reset() is not called, since it would drop
// the instance's auth listener. Each test signs in a user of its own.
const lastHandOver = () => fake.updateCurrentUserCalls.at(-1);

test("the instance has a memory cache and is signed in as the app's user once it is handed out", async () => {
  fake.setUser('u1');
  const live = (await liveFirestore()) as unknown as { cache: unknown };
  expect(live.cache).toBe('memory');
  const [liveAuth, user] = lastHandOver()!;
  expect(liveAuth).not.toBe(fake.mainAuth);
  expect(user).toMatchObject({ uid: 'u1' });
  const calls = fake.updateCurrentUserCalls.length;
  expect(await liveFirestore()).toBe(live);
  expect(fake.updateCurrentUserCalls).toHaveLength(calls); // already that user: no second hand-over
});

test('it follows the app: signed out there, signed out here at once; another user, that user', async () => {
  fake.setUser('u2');
  await liveFirestore();
  const [liveAuth] = lastHandOver()!;
  fake.setUser(null);
  await fake.flush();
  expect(lastHandOver()).toEqual([liveAuth, null]);
  fake.setUser('u3');
  await fake.flush();
  expect(lastHandOver()).toEqual([liveAuth, expect.objectContaining({ uid: 'u3' })]);
});

test('a failed hand-over fails that call only: the next one tries again', async () => {
  fake.setUpdateCurrentUser(() => Promise.reject(new Error('offline (test)')));
  fake.setUser('u4');
  await expect(liveFirestore()).rejects.toThrow('offline (test)');
  fake.setUpdateCurrentUser(() => Promise.resolve());
  await expect(liveFirestore()).resolves.toBeDefined();
  expect(lastHandOver()?.[1]).toMatchObject({ uid: 'u4' });
});
