// Job progress, one rule each: how often it is sent (at most every 100 ms, wherever from: the job
// registry to the UI, the compute worker to main; the first report goes at once, later ones within
// the interval are held and the latest is sent when it ends, so the last state before a pause is
// never lost), the time left, and how that reads (the window and the terminal alike).
export const PROGRESS_INTERVAL_MS = 100;

/** Seconds left at this pace, or undefined until there is enough progress (> 1%) to say. */
export function etaSeconds(elapsedSeconds: number, fraction: number | undefined): number | undefined {
  return fraction && fraction > 0.01 ? (elapsedSeconds * (1 - fraction)) / fraction : undefined;
}

/** "12 s left", "3 min 5 s left"; '' when unknown. */
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '';
  const s = Math.max(1, Math.ceil(seconds));
  return s < 60 ? `${s} s left` : `${Math.floor(s / 60)} min ${s % 60} s left`;
}

export class Throttle<T> {
  private readonly send: (value: T) => void;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private last = Number.NEGATIVE_INFINITY;
  private pending: { value: T } | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(send: (value: T) => void, intervalMs = PROGRESS_INTERVAL_MS, now: () => number = Date.now) {
    this.send = send;
    this.intervalMs = intervalMs;
    this.now = now;
  }

  push(value: T): void {
    const since = this.now() - this.last;
    if (since >= this.intervalMs) {
      this.pending = { value };
      this.flush();
    } else {
      this.pending = { value };
      this.timer ??= setTimeout(() => this.flush(), this.intervalMs - since);
    }
  }

  /** Sends what is held now (a job that ends sends its last progress first). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const p = this.pending;
    this.pending = null;
    if (!p) return;
    this.last = this.now();
    this.send(p.value);
  }

  /** Drops what is held (the job ended: its final message says the rest). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = null;
  }
}
