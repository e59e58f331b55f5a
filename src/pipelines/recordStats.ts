/** Records whose time falls in the minute before `now`. */
export function recordsPerMinute(times: readonly Date[], now: Date): number {
  const from = now.getTime() - 60_000;
  return times.filter((t) => t.getTime() > from && t.getTime() <= now.getTime()).length;
}

/** The newest of `times`, or null. */
export function lastTime(times: readonly Date[]): Date | null {
  return times.reduce<Date | null>((last, t) => (!last || t > last ? t : last), null);
}

/** "just now", "42 s ago", "3 min ago", "2 h ago", or a date for older. */
export function ago(time: Date, now: Date): string {
  const s = Math.round((now.getTime() - time.getTime()) / 1000);
  if (s < 2) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return time.toLocaleString();
}
