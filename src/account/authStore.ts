import { onAuthStateChanged, signInWithEmailAndPassword, signOut as fbSignOut, type User } from 'firebase/auth';
import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref } from 'vue';
import { auth } from '../firebase.ts';

/** The signed-in user; `ready` turns true once Firebase Auth has restored the session. */
export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(auth.currentUser);
  const ready = ref(false);
  const stop = onAuthStateChanged(auth, (u) => {
    user.value = u;
    ready.value = true;
  });
  onScopeDispose(stop);

  const uid = computed(() => user.value?.uid ?? null);

  async function signIn(email: string, password: string): Promise<void> {
    await signInWithEmailAndPassword(auth, email, password);
  }

  async function signOut(): Promise<void> {
    await fbSignOut(auth);
  }

  return { user, uid, ready, signIn, signOut };
});
