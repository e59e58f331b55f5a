/** What the CLI has done so far. */
export interface RunCounts {
  /** Records the server acknowledged. */
  sent: number;
  /** Records read and not yet acknowledged or failed. */
  pending: number;
  /** Bad input lines plus records that failed. */
  errors: number;
}

/** The progress line: `sent 1200  pending 34  errors 2  480 rec/s  2.5 s`. */
export function formatProgress(counts: RunCounts, elapsedMs: number): string {
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(counts.sent / seconds) : 0;
  return `sent ${counts.sent}  pending ${counts.pending}  errors ${counts.errors}  ${rate} rec/s  ${seconds.toFixed(1)} s`;
}

/** Sorted line numbers as ranges: [1, 2, 3, 7, 9, 10] -> "1-3, 7, 9-10". */
export function formatLineRanges(lines: readonly number[], maxRanges = 20): string {
  const sorted = [...lines].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  const shown = ranges.slice(0, maxRanges).join(', ');
  return ranges.length > maxRanges ? `${shown} and ${ranges.length - maxRanges} more` : shown;
}

export interface ProgressReporter {
  /** Prints a message line (an error, a warning) without garbling the progress line. */
  log(message: string): void;
  /** Prints the final line and stops the timer. */
  done(): void;
}

/**
 * The progress line on stderr: rewritten in place four times a second on a
 * terminal, else printed as a plain line every `intervalMs` (0: never).
 */
export function startProgress(
  stream: NodeJS.WriteStream,
  counts: () => RunCounts,
  { quiet, intervalMs }: { quiet: boolean; intervalMs: number },
): ProgressReporter {
  const started = performance.now();
  const tty = stream.isTTY === true && !quiet;
  const line = (): string => formatProgress(counts(), performance.now() - started);
  let shown = false;
  const draw = (): void => {
    stream.write(`\r\x1b[K${line()}`);
    shown = true;
  };
  const period = tty ? 250 : intervalMs;
  const timer = !quiet && period > 0 ? setInterval(() => (tty ? draw() : stream.write(`${line()}\n`)), period) : undefined;
  timer?.unref();
  return {
    log(message) {
      stream.write(`${shown ? '\r\x1b[K' : ''}${message}\n`);
      if (shown) draw();
    },
    done() {
      if (timer) clearInterval(timer);
      if (quiet) return;
      stream.write(tty ? `\r\x1b[K${line()}\n` : `${line()}\n`);
    },
  };
}
