import type { LocationQuery } from 'vue-router';

export interface KioskSettings {
  kiosk: boolean;
  /** Slugs to rotate through, in order; empty for no rotation. */
  rotate: string[];
  /** Seconds per dashboard when rotating. */
  every: number;
  theme: 'dark' | 'light' | null;
}

export const DEFAULT_ROTATION_SECONDS = 30;
const MIN_ROTATION_SECONDS = 5;
const SLUG = /^[a-z0-9-]{3,64}$/;

function first(value: LocationQuery[string] | undefined): string | null | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Kiosk settings from a dashboard URL: `?kiosk` (or `kiosk=1`), `rotate=a,b`,
 * `every=30` (seconds, at least 5) and `theme=dark|light`.
 */
export function parseKioskQuery(query: LocationQuery): KioskSettings {
  const kioskValue = first(query.kiosk);
  const kiosk = kioskValue !== undefined && kioskValue !== '0' && kioskValue !== 'false';
  const rotate = (first(query.rotate) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => SLUG.test(s));
  const every = Number(first(query.every));
  const theme = first(query.theme);
  return {
    kiosk,
    rotate: [...new Set(rotate)],
    every: Number.isFinite(every) && every > 0 ? Math.max(MIN_ROTATION_SECONDS, every) : DEFAULT_ROTATION_SECONDS,
    theme: theme === 'dark' || theme === 'light' ? theme : null,
  };
}

/** The slug after `current` in a rotation (the first one when `current` is not in it); null without a rotation. */
export function nextInRotation(rotate: readonly string[], current: string): string | null {
  if (rotate.length === 0) return null;
  const i = rotate.indexOf(current);
  return rotate[(i + 1) % rotate.length] ?? null;
}
