/**
 * Keeps metric messages small however fast training runs: at most `limit` epochs per update,
 * evenly spaced, always keeping the newest (which the panel's text shows). A tiny network can
 * finish thousands of epochs between two updates; the charts need only their shape.
 */
export function decimate<T>(items: T[], limit: number): T[] {
  if (items.length <= limit) return items;
  const out: T[] = [];
  const step = (items.length - 1) / (limit - 1);
  for (let i = 0; i < limit; i++) out.push(items[Math.round(i * step)]);
  return out;
}

/** Decides when the next update is due: the first at once, then one per interval. */
export class UpdateClock {
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  due(): boolean {
    return this.now() - this.last >= this.intervalMs;
  }

  /** Milliseconds until the next update is due (0 when it is). */
  msUntilDue(): number {
    return Math.max(0, this.intervalMs - (this.now() - this.last));
  }

  mark(): void {
    this.last = this.now();
  }
}

/** Epochs a second over about the last second, for the panel's status line. */
export class EpochRate {
  private marks: { at: number; epoch: number }[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  epochDone(epoch: number): void {
    const at = this.now();
    this.marks.push({ at, epoch });
    // Keep a little over a second of marks, and always two to measure between.
    while (this.marks.length > 2 && at - this.marks[1].at > 1000) this.marks.shift();
  }

  /** Null until two epochs have been seen since the last reset. */
  perSecond(): number | null {
    if (this.marks.length < 2) return null;
    const first = this.marks[0];
    const last = this.marks[this.marks.length - 1];
    // Counted up to now: when epochs stop coming (a big network), the rate falls instead of freezing.
    const seconds = (Math.max(last.at, this.now()) - first.at) / 1000;
    return seconds > 0 ? (last.epoch - first.epoch) / seconds : null;
  }

  reset(): void {
    this.marks = [];
  }
}
