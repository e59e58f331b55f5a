import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** A source of records: each call to `sample()` returns the next record's data. */
export interface MetricsSource {
  sample(): Record<string, number>;
  stop(): void;
}

interface CpuTimes {
  idle: number;
  total: number;
}

/** Parses the aggregate `cpu` line of /proc/stat. */
export function parseProcStat(text: string): CpuTimes {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('/proc/stat has no aggregate cpu line');
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = values[3] + (values[4] ?? 0);
  return { idle, total: values.reduce((a, b) => a + b, 0) };
}

/** CPU busy % between two /proc/stat readings. */
export function cpuPercent(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  return total <= 0 ? 0 : (100 * (total - (after.idle - before.idle))) / total;
}

/** Used memory %, from /proc/meminfo's MemTotal and MemAvailable. */
export function parseMemUsedPercent(text: string): number {
  const kb = (key: string): number => {
    const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text);
    if (!m) throw new Error(`/proc/meminfo has no ${key}`);
    return Number(m[1]);
  };
  const total = kb('MemTotal');
  return (100 * (total - kb('MemAvailable'))) / total;
}

/** Total bytes received and sent by every interface but loopback, from /proc/net/dev. */
export function parseNetDev(text: string): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const line of text.split('\n').slice(2)) {
    const [iface, rest] = line.split(':');
    if (!rest || iface.trim() === 'lo') continue;
    const cols = rest.trim().split(/\s+/).map(Number);
    rx += cols[0];
    tx += cols[8];
  }
  return { rx, tx };
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

/** CPU %, load averages, memory used % and this process's event-loop lag. */
export function systemSource(): MetricsSource {
  let cpu = parseProcStat(readFileSync('/proc/stat', 'utf8'));
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  return {
    sample() {
      const now = parseProcStat(readFileSync('/proc/stat', 'utf8'));
      const [load1, load5, load15] = loadavg();
      const lagMs = Number.isNaN(lag.mean) ? 0 : lag.mean / 1e6;
      const data = {
        cpuPercent: round(cpuPercent(cpu, now), 1),
        load1: round(load1),
        load5: round(load5),
        load15: round(load15),
        memUsedPercent: round(parseMemUsedPercent(readFileSync('/proc/meminfo', 'utf8')), 1),
        eventLoopLagMs: round(Math.max(0, lagMs - 10), 2),
      };
      cpu = now;
      lag.reset();
      return data;
    },
    stop: () => lag.disable(),
  };
}

/** Bytes per second in and out since the previous sample. */
export function networkSource(): MetricsSource {
  let last = { ...parseNetDev(readFileSync('/proc/net/dev', 'utf8')), at: performance.now() };
  return {
    sample() {
      const now = { ...parseNetDev(readFileSync('/proc/net/dev', 'utf8')), at: performance.now() };
      const seconds = Math.max(0.001, (now.at - last.at) / 1000);
      const data = {
        rxBytesPerSec: Math.round(Math.max(0, now.rx - last.rx) / seconds),
        txBytesPerSec: Math.round(Math.max(0, now.tx - last.tx) / seconds),
      };
      last = now;
      return data;
    },
    stop: () => undefined,
  };
}
