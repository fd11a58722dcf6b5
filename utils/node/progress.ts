/**
 * Batch progress on stderr: one redrawn bar on a terminal (done/total, items per second, ETA,
 * failures), plain lines otherwise, so a log file reads as it did before the batch grew.
 */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

export class Progress {
  private done = 0;
  private failed = 0;
  private readonly started: number;
  private lastDraw = 0;

  constructor(
    private total: number,
    private out: ProgressStream,
    private now: () => number = Date.now,
  ) {
    this.started = now();
  }

  get tty(): boolean {
    return !!this.out.isTTY;
  }

  setTotal(total: number): void {
    this.total = total;
  }

  /** An item finished; `line` is what a log shows for it. */
  item(line: string, failed: boolean): void {
    this.done++;
    if (failed) this.failed++;
    if (!this.tty) {
      this.out.write(`[${this.done}/${this.total}] ${line}\n`);
      return;
    }
    // Failures stay visible above the bar; successes only move it.
    if (failed) this.out.write(`\r\x1b[K${line}\n`);
    if (failed || this.now() - this.lastDraw > 100 || this.done === this.total) this.draw();
  }

  /** A note that belongs to the item just reported (an image not saved). */
  note(line: string): void {
    this.out.write(this.tty ? `\r\x1b[K  ${line}\n` : `  ${line}\n`);
  }

  status(): { done: number; failed: number; rate: number; etaSeconds: number | undefined } {
    const seconds = Math.max(0.001, (this.now() - this.started) / 1000);
    const rate = this.done / seconds;
    const left = this.total - this.done;
    return { done: this.done, failed: this.failed, rate, etaSeconds: rate > 0 ? left / rate : undefined };
  }

  private draw(): void {
    this.lastDraw = this.now();
    const { rate, etaSeconds } = this.status();
    const width = Math.max(10, Math.min(30, (this.out.columns ?? 80) - 60));
    const filled = this.total ? Math.round((this.done / this.total) * width) : 0;
    const eta = etaSeconds === undefined ? '--' : formatDuration(etaSeconds);
    this.out.write(`\r\x1b[K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total}  ${rate.toFixed(1)}/s  ETA ${eta}  ✗ ${this.failed}`);
  }

  /** Leaves the terminal on a fresh line. */
  end(): void {
    if (this.tty) this.out.write('\n');
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
