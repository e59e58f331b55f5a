/**
 * Whether this device shows system notifications for alerts: the member's
 * choice (kept in localStorage) and the browser's permission. No Firebase
 * here: App.vue reads it on every page.
 */
import { ref } from 'vue';

const KEY = 'dash.alertNotifications';

export const notificationsSupported = (): boolean => typeof window !== 'undefined' && 'Notification' in window;

function stored(): boolean {
  try {
    return localStorage.getItem(KEY) === 'on' && notificationsSupported() && Notification.permission === 'granted';
  } catch {
    return false;
  }
}

/** True while this device notifies. */
export const notifying = ref(stored());

/** Asks the browser's permission (call from a user gesture) and turns notifications on; false when refused. */
export async function enableNotifications(): Promise<boolean> {
  if (!notificationsSupported()) return false;
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return false;
  localStorage.setItem(KEY, 'on');
  notifying.value = true;
  return true;
}

export function disableNotifications(): void {
  localStorage.removeItem(KEY);
  notifying.value = false;
}
