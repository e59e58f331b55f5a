/**
 * What `npm start` makes of the emulators' output (pure): which lines a user
 * needs to see, and a compact status of the ingest built from the functions'
 * "rollup flush" logs. Everything the emulators print also goes to
 * .cache/emulators.log, so nothing is lost by not showing it.
 */

export type EmulatorLine =
  /** A window flush a record trigger logged: how many records it took in. */
  | { kind: 'flush'; pipelineId: string; counted: number }
  /** Warnings and errors: printed. */
  | { kind: 'show' }
  /** Everything else (trigger runs, function logs, start chatter): the log file only. */
  | { kind: 'log' };

/** firebase-tools' warnings that every start on a machine like this one prints, and that need nothing from the user. */
const HARMLESS_WARNINGS = [
  /Unable to fetch the CLI MOTD/,
  /doesn't match your global version/,
  /Emulator UI is not starting/,
  /Env variable override detected/,
  /Cloud Tasks Emulator unable to start on port/,
];

const SHOWN_SEVERITIES = new Set(['WARNING', 'ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY']);

/** Decides what becomes of one line the emulators printed. */
export function classifyEmulatorLine(line: string): EmulatorLine {
  const functionLog = /^>\s+(\{.*\})\s*$/.exec(line);
  if (functionLog) return classifyFunctionLog(functionLog[1]!);
  if (/^\s*⚠/.test(line)) return HARMLESS_WARNINGS.some((w) => w.test(line)) ? { kind: 'log' } : { kind: 'show' };
  if (/^\s*(✘|!)/.test(line) || /\b(error|failed|exception)\b/i.test(line)) return { kind: 'show' };
  return { kind: 'log' };
}

function classifyFunctionLog(json: string): EmulatorLine {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return { kind: 'log' };
  }
  if (entry.message === 'rollup flush' && typeof entry.pipelineId === 'string') {
    return { kind: 'flush', pipelineId: entry.pipelineId, counted: typeof entry.counted === 'number' ? entry.counted : 0 };
  }
  return typeof entry.severity === 'string' && SHOWN_SEVERITIES.has(entry.severity) ? { kind: 'show' } : { kind: 'log' };
}

export interface ReconcileNote {
  atMs: number;
  /** Outcome name -> pipelines with that outcome. */
  outcomes: Record<string, number>;
}

/** Records/s per pipeline over the last `spanMs`, from the flushes' counts, and the last reconcile. */
export class IngestStatus {
  private readonly flushes: { atMs: number; pipelineId: string; counted: number }[] = [];
  private readonly pipelines = new Set<string>();
  private reconcile: ReconcileNote | undefined;

  constructor(private readonly spanMs = 10_000) {}

  noteFlush(pipelineId: string, counted: number, atMs: number): void {
    this.pipelines.add(pipelineId);
    this.flushes.push({ atMs, pipelineId, counted });
  }

  noteReconcile(note: ReconcileNote): void {
    this.reconcile = note;
  }

  /** One line: `21:15:04 records/s (10 s): network 1.0 · system 1.0 · reconcile 21:15:00: 3 current`. */
  line(nowMs: number): string {
    while (this.flushes.length > 0 && this.flushes[0]!.atMs <= nowMs - this.spanMs) this.flushes.shift();
    const counted = new Map<string, number>();
    for (const f of this.flushes) counted.set(f.pipelineId, (counted.get(f.pipelineId) ?? 0) + f.counted);
    const rates = [...this.pipelines]
      .sort()
      .map((p) => `${p} ${((counted.get(p) ?? 0) / (this.spanMs / 1000)).toFixed(1)}`);
    const parts = [`records/s (${this.spanMs / 1000} s): ${rates.length > 0 ? rates.join(' · ') : 'none yet'}`];
    if (this.reconcile) parts.push(`reconcile ${describeReconcile(this.reconcile)}`);
    return `${clock(nowMs)} ${parts.join(' · ')}`;
  }
}

/** `21:15:00: 3 current, 1 rebuilt`. */
export function describeReconcile(note: ReconcileNote): string {
  const outcomes = Object.entries(note.outcomes)
    .filter(([, n]) => n > 0)
    .map(([outcome, n]) => `${n} ${outcome}`);
  return `${clock(note.atMs)}: ${outcomes.join(', ') || 'no pipelines'}`;
}

/** Whether a reconcile run repaired a window (or failed to). */
export function isRepair(note: ReconcileNote): boolean {
  return ['rebuilt', 'flushed', 'failed'].some((outcome) => (note.outcomes[outcome] ?? 0) > 0);
}

/** HH:MM:SS in local time. */
function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}
