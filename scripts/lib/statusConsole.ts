/**
 * npm start's terminal: messages scroll as usual, and one status line is kept
 * under them. On a terminal the status line is rewritten in place (so the
 * banner above it stays on screen); elsewhere (a pipe, a log file) it is
 * printed as a line of its own, at most once per `pipeEveryMs`.
 */
export class StatusConsole {
  private current = '';
  private lastPrintedMs = 0;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly pipeEveryMs = 10_000,
  ) {}

  private get inPlace(): boolean {
    return this.out.isTTY === true;
  }

  /** Prints text above the status line. */
  print(text: string): void {
    if (this.inPlace && this.current) this.out.write('\r\x1b[2K');
    this.out.write(`${text}\n`);
    if (this.inPlace && this.current) this.out.write(this.current);
  }

  /** Shows the status line (on a pipe: only if the last one is old enough). */
  status(line: string, nowMs = Date.now()): void {
    if (this.inPlace) {
      this.current = line;
      this.out.write(`\r\x1b[2K${line}`);
    } else if (nowMs - this.lastPrintedMs >= this.pipeEveryMs) {
      this.lastPrintedMs = nowMs;
      this.out.write(`${line}\n`);
    }
  }

  /** Ends the status line, so that what follows starts on a line of its own. */
  release(): void {
    if (this.inPlace && this.current) this.out.write('\n');
    this.current = '';
  }
}
