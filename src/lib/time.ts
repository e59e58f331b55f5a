/**
 * The app's one way to show a time of day: the browser's locale and hour cycle
 * ("7:04:23 PM" in en-US, "19:04:23" in de-DE), with seconds, as live data needs.
 */
const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' });

/** A time of day in the browser's locale, with seconds. */
export function formatTime(date: Date | number): string {
  return timeOfDay.format(date);
}

const dayTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const hourMinute = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayOfMonth = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const DAY_MS = 86_400_000;

/** A time on the axis of a range `spanMs` long: minutes over a day or less, day and time up to a week, days beyond. */
export function formatRangeTime(date: Date | number, spanMs: number): string {
  if (spanMs <= DAY_MS) return hourMinute.format(date);
  return (spanMs <= 7 * DAY_MS ? dayTime : dayOfMonth).format(date);
}

/** A moment of a range, unambiguous at any length: "Dec 1, 7:04 PM". */
export function formatMoment(date: Date | number): string {
  return dayTime.format(date);
}
