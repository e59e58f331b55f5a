import { describe, expect, it } from 'vitest';
import { cpuPercent, parseMemUsedPercent, parseNetDev, parseProcStat } from '../../scripts/sources/hostMetrics.ts';

describe('host metrics parsers', () => {
  it('reads the aggregate cpu line of /proc/stat (idle includes iowait)', () => {
    const stat = 'cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 50 0 25 400 25 0 0 0 0 0\nintr 1 2 3\n';
    expect(parseProcStat(stat)).toEqual({ idle: 850, total: 1000 });
    expect(() => parseProcStat('intr 1\n')).toThrow('no aggregate cpu line');
  });

  it('turns two readings into a busy percentage', () => {
    expect(cpuPercent({ idle: 850, total: 1000 }, { idle: 1000, total: 1200 })).toBe(25);
    expect(cpuPercent({ idle: 5, total: 10 }, { idle: 5, total: 10 })).toBe(0);
  });

  it('reads used memory from MemTotal and MemAvailable', () => {
    expect(parseMemUsedPercent('MemTotal:       1000 kB\nMemFree:         100 kB\nMemAvailable:    250 kB\n')).toBe(75);
    expect(() => parseMemUsedPercent('MemTotal: 1000 kB\n')).toThrow('no MemAvailable');
  });

  it('sums received and sent bytes over every interface but loopback', () => {
    const dev = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo: 5000      10    0    0    0     0          0         0     5000      10    0    0    0     0       0          0',
      '  eth0: 1200      12    0    0    0     0          0         0      800       8    0    0    0     0       0          0',
      '  wlan0:  300       3    0    0    0     0          0         0      200       2    0    0    0     0       0          0',
    ].join('\n');
    expect(parseNetDev(dev)).toEqual({ rx: 1500, tx: 1000 });
  });
});
