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

  mark(): void {
    this.last = this.now();
  }
}
