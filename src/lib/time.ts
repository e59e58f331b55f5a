/**
 * The app's one way to show a time of day: the browser's locale and hour cycle
 * ("7:04:23 PM" in en-US, "19:04:23" in de-DE), with seconds, as live data needs.
 */
const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' });

/** A time of day in the browser's locale, with seconds. */
export function formatTime(date: Date | number): string {
  return timeOfDay.format(date);
}
