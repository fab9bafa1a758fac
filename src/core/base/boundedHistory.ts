/**
 * A history that keeps its shape at a fixed cost: every entry until it holds `capacity`, then
 * every other one of those (always the first and the newest), and so on, so a run of a million
 * epochs keeps about `capacity` of them, evenly spread. Charts need only the shape; memory stays
 * bounded however long a run trains.
 */
export class BoundedHistory<T> {
  private items: T[] = [];
  /** Keep one in `stride` of the entries pushed from now on. */
  private stride = 1;
  /** Entries pushed since the last one kept. */
  private skipped = 0;
  /** The newest entry pushed, kept even when the stride would skip it. */
  private newest: T | undefined;

  constructor(readonly capacity: number) {
    if (!(capacity >= 2)) throw new Error("a bounded history keeps at least 2 entries");
  }

  push(item: T): void {
    this.newest = item;
    if (this.skipped + 1 < this.stride) {
      this.skipped++;
      return;
    }
    this.skipped = 0;
    this.items.push(item);
    if (this.items.length >= this.capacity) {
      this.items = this.items.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
  }

  pushAll(items: readonly T[]): void {
    for (const item of items) this.push(item);
  }

  /** The kept entries, oldest first, ending with the newest pushed. */
  list(): T[] {
    const newest = this.newest;
    if (newest === undefined || this.items[this.items.length - 1] === newest) return this.items.slice();
    return [...this.items, newest];
  }

  /** How many entries were pushed for each one kept now (1 while nothing was dropped). */
  get keepsOneIn(): number {
    return this.stride;
  }

  get last(): T | undefined {
    return this.newest;
  }

  get length(): number {
    const newest = this.newest;
    return this.items.length + (newest !== undefined && this.items[this.items.length - 1] !== newest ? 1 : 0);
  }
}
