import { createUserWithEmailAndPassword, sendEmailVerification } from 'firebase/auth';
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { auth } from '../firebase.ts';
import { useAuthStore } from './authStore.ts';

/**
 * Sign-up and email verification. Invites are for verified addresses only, and
 * the rules read `email_verified` from the ID token, so after the user follows
 * the link the token is refreshed.
 */
export const useAccountStore = defineStore('account', () => {
  const authStore = useAuthStore();
  const emailVerified = ref(false);
  watch(
    () => authStore.user,
    (user) => (emailVerified.value = user?.emailVerified ?? false),
    { immediate: true },
  );

  async function signUp(email: string, password: string): Promise<void> {
    const { user } = await createUserWithEmailAndPassword(auth, email.trim(), password);
    await sendEmailVerification(user);
  }

  async function resendVerification(): Promise<void> {
    if (auth.currentUser) await sendEmailVerification(auth.currentUser);
  }

  /** Re-reads the account; once verified, gets a new ID token carrying `email_verified`. */
  async function refreshVerification(): Promise<boolean> {
    const user = auth.currentUser;
    if (!user) return false;
    await user.reload();
    if (user.emailVerified) await user.getIdToken(true);
    emailVerified.value = user.emailVerified;
    return user.emailVerified;
  }

  return { emailVerified, signUp, resendVerification, refreshVerification };
});
