/**
 * The panel's loss landscape, computed in the run's worker a slice at a time: at most SLICE_MS
 * of work, then the worker's other messages and training go on. While the run trains the
 * landscape takes at most TRAINING_SHARE of the worker's time (each slice is followed by a rest
 * three times as long), so it slows training by at most that share, for as long as it takes;
 * paused or done, it goes on at once. A new ask or a cancel ends the one before, which answers
 * null. Recording the path costs a copy of the weights an epoch (bench: 0.7% of a spiral epoch).
 */
import { type LandscapeOptions, landscapeSteps, WeightPath } from "../core/landscape/landscape";
import { parameterVector } from "../core/landscape/parameterVector";
import type { Trainer } from "../core/train/trainer";
import type { LandscapeAsk, LandscapeView } from "../protocol/landscape";

/** Longest stretch of landscape work before the worker looks at its messages again. */
const SLICE_MS = 8;
/** The share of the worker's time a landscape takes while the run trains. */
export const TRAINING_SHARE = 0.25;

type Defer = (work: () => void, delayMs: number) => void;

export class LandscapeJobs {
  readonly path: WeightPath;
  private running: { cancel(): void } | null = null;

  constructor(
    private readonly trainer: Trainer,
    private readonly training: () => boolean,
    private readonly defer: Defer,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.path = new WeightPath(trainer.net.parameterCount);
    this.path.record(trainer.epoch, trainer.net);
  }

  /** After each epoch's last update: the path the landscape draws. */
  record(): void {
    this.path.record(this.trainer.epoch, this.trainer.net);
  }

  ask(ask: LandscapeAsk): Promise<LandscapeView | null> {
    this.running?.cancel();
    this.running = null;
    if (ask.action === "cancel") return Promise.resolve(null);
    return this.compute({ directions: ask.directions, grid: ask.grid });
  }

  private compute(options: LandscapeOptions): Promise<LandscapeView | null> {
    const started = this.now();
    const epoch = this.trainer.epoch;
    // The path ends at the weights now: after a hand edit they are not the last epoch's.
    const last = this.path.list().at(-1);
    const now = parameterVector(this.trainer.net);
    if (!last || last.epoch !== epoch || last.weights.some((w, i) => w !== now[i])) this.path.record(epoch, this.trainer.net);
    const steps = landscapeSteps(this.trainer, this.path, options);
    return new Promise((resolve, reject) => {
      let cancelled = false;
      const job = {
        cancel: () => {
          cancelled = true;
          steps.return(undefined as never);
          resolve(null);
        },
      };
      this.running = job;
      const slice = () => {
        if (cancelled) return;
        try {
          const until = this.now() + SLICE_MS;
          for (;;) {
            const step = steps.next();
            if (step.done) {
              if (this.running === job) this.running = null;
              const { d1: _d1, d2: _d2, ...view } = step.value;
              resolve({ ...view, epoch, ms: this.now() - started });
              return;
            }
            if (this.now() >= until) break;
          }
          this.defer(slice, this.training() ? (SLICE_MS * (1 - TRAINING_SHARE)) / TRAINING_SHARE : 0);
        } catch (e) {
          if (this.running === job) this.running = null;
          reject(e);
        }
      };
      this.defer(slice, 0);
    });
  }
}
