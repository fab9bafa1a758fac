/**
 * How fast a run trains in the panel. A learner should be able to watch a small network learn
 * (TensorFlow Playground draws one step a frame); tiny networks otherwise finish in under half a
 * second, before anyone can look. Pacing only ever waits: it never changes what is computed, so
 * a paced run ends with exactly the numbers of an unpaced one, and a network slower than its
 * pace is never slowed further. The CLI and the benchmark do not pace.
 */
import type { Pace } from "../protocol/run";

/** "auto": about this many epochs a second, as Playground's one step a frame… */
const AUTO_EPOCHS_PER_SECOND = 60;
/** …but a run lasts at least this long (a 12-epoch run would be over in a blink)… */
const AUTO_MIN_SECONDS = 4;
/** …and at most this long: longer runs go faster instead. */
const AUTO_MAX_SECONDS = 15;

/** The unit a pace counts and how many of them a second; null when it does not wait at all. */
export function paceRate(pace: Pace, totalEpochs: number): { unit: "epoch" | "batch"; perSecond: number } | null {
  if (pace === "max") return null;
  if (pace === "slow") return { unit: "batch", perSecond: 1 };
  if (typeof pace === "number") return { unit: "epoch", perSecond: pace };
  const seconds = Math.min(AUTO_MAX_SECONDS, Math.max(AUTO_MIN_SECONDS, totalEpochs / AUTO_EPOCHS_PER_SECOND));
  return { unit: "epoch", perSecond: totalEpochs / seconds };
}

/**
 * Schedules units against the time since pacing (re)started: unit n (counted from then) may
 * start n / rate seconds after it. When the machine falls behind (a big network), at most one
 * unit of lateness is remembered, so catching up never becomes a burst.
 */
export class Pacer {
  private rate: { unit: "epoch" | "batch"; perSecond: number } | null;
  private since = 0;
  private doneSince = 0;

  constructor(
    pace: Pace,
    private readonly totalEpochs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.rate = paceRate(pace, totalEpochs);
    this.restart(0);
  }

  /** What the pace counts (epochs, or batches in slow motion); null when it does not wait. */
  get unit(): "epoch" | "batch" | null {
    return this.rate?.unit ?? null;
  }

  setPace(pace: Pace, done: number): void {
    this.rate = paceRate(pace, this.totalEpochs);
    this.restart(done);
  }

  /** Training (re)starts with `done` units behind it: a pause is not made up for afterwards. */
  restart(done: number): void {
    this.since = this.now();
    this.doneSince = done;
  }

  /** Milliseconds to wait before the next unit may start, given `done` units so far; 0 to go on now. */
  waitMs(done: number): number {
    if (!this.rate) return 0;
    const interval = 1000 / this.rate.perSecond;
    const dueAt = (done - this.doneSince) * interval;
    const elapsed = this.now() - this.since;
    if (elapsed < dueAt) return dueAt - elapsed;
    if (elapsed - dueAt > interval) this.since = this.now() - dueAt - interval;
    return 0;
  }
}
