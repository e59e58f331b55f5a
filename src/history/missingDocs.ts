/**
 * The history documents the server said do not exist (a period without
 * records), remembered on this device: offline, Firestore's cache cannot tell
 * such a document from one never read (both fail as "offline"), and a range
 * opened before must show offline, gaps and all. In localStorage, the newest
 * MAX_REMEMBERED; a private window or a full storage simply remembers nothing.
 */
const STORAGE_KEY = 'dash.history.missing';
export const MAX_REMEMBERED = 2000;

let remembered: string[] | null = null;

function load(): string[] {
  if (remembered) return remembered;
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    remembered = Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    remembered = [];
  }
  return remembered;
}

/** Notes that the server answered "no such document" for `key` (pipeline/docId). */
export function rememberMissing(key: string): void {
  const keys = load();
  if (keys.includes(key)) return;
  keys.push(key);
  if (keys.length > MAX_REMEMBERED) keys.splice(0, keys.length - MAX_REMEMBERED);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(keys));
  } catch {
    // No storage: offline, this document reads as never read, which is what it then is.
  }
}

/** The server said before that `key` does not exist. */
export const wasMissing = (key: string): boolean => load().includes(key);
