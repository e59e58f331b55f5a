/**
 * A simulated greenhouse sensor (the demo says so in its name): temperature
 * and humidity follow the day, soil moisture dries out and jumps at each
 * watering, the lights are on from 06:00 to 20:00 UTC. A pure function of
 * time (plus a little noise), so a week of history and the live stream agree.
 */
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Deterministic noise in [-1, 1) for an instant, so that re-imports write the same week. */
function noise(ms: number, salt: number): number {
  const x = Math.sin(ms / 1000 * 12.9898 + salt * 78.233) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
}

export interface GreenhouseSample {
  temperatureC: number;
  humidityPercent: number;
  soilMoisturePercent: number;
  lightsOn: boolean;
}

export function greenhouseAt(ms: number): GreenhouseSample {
  const dayPhase = ((ms % DAY_MS) / DAY_MS) * 2 * Math.PI;
  // Warmest mid-afternoon (15:00 UTC), coolest before dawn.
  const daily = Math.sin(dayPhase - (9 / 24) * 2 * Math.PI);
  const sinceWatering = (ms % (12 * HOUR_MS)) / (12 * HOUR_MS);
  const hour = new Date(ms).getUTCHours();
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    temperatureC: round(21 + 5 * daily + 0.4 * noise(ms, 1)),
    humidityPercent: round(62 - 12 * daily + 1.5 * noise(ms, 2)),
    soilMoisturePercent: round(48 - 18 * sinceWatering + 0.8 * noise(ms, 3)),
    lightsOn: hour >= 6 && hour < 20,
  };
}

/** One sample a period, as a stream: the same source shape as the host metrics. */
export function greenhouseSource(): { sample(): Record<string, number | boolean>; stop(): void } {
  return { sample: () => ({ ...greenhouseAt(Date.now()) }), stop: () => undefined };
}
