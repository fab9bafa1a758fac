/**
 * A history that keeps its shape at a fixed cost: every entry until it holds `capacity`, then
 * every other one of those, and so on (entry n is kept while n is a multiple of the stride), plus
 * always the newest. A run of a million epochs keeps about `capacity` of them, evenly spread:
 * charts need only the shape, and memory stays bounded however long a run trains.
 */
export class BoundedHistory<T> {
  /** The kept entries with their push counts (0 for the first pushed). */
  private items: { n: number; item: T }[] = [];
  /** Entry n is kept while n is a multiple of this. */
  private stride = 1;
  private pushed = 0;
  /** The newest entry pushed, shown even when the stride skips it. */
  private newest: T | undefined;

  constructor(readonly capacity: number) {
    if (!(capacity >= 2)) throw new Error("a bounded history keeps at least 2 entries");
  }

  push(item: T): void {
    const n = this.pushed++;
    this.newest = item;
    if (n % this.stride !== 0) return;
    this.items.push({ n, item });
    if (this.items.length >= this.capacity) {
      this.stride *= 2;
      this.items = this.items.filter((e) => e.n % this.stride === 0);
    }
  }

  pushAll(items: readonly T[]): void {
    for (const item of items) this.push(item);
  }

  /** The kept entries, oldest first, ending with the newest pushed. */
  list(): T[] {
    const kept = this.items.map((e) => e.item);
    const newest = this.newest;
    if (newest !== undefined && this.items[this.items.length - 1]?.n !== this.pushed - 1) kept.push(newest);
    return kept;
  }

  /** How many entries were pushed for each one kept now (1 while nothing was dropped). */
  get keepsOneIn(): number {
    return this.stride;
  }

  get last(): T | undefined {
    return this.newest;
  }

  get length(): number {
    return this.items.length + (this.pushed > 0 && this.items[this.items.length - 1]?.n !== this.pushed - 1 ? 1 : 0);
  }
}
