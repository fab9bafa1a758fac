/**
 * Early stopping as a watcher: reads each epoch's valLoss once the epoch's metrics have it, and
 * asks the loop to end the run when earlyStopping.ts says so. The loop, not the watcher, puts the
 * best weights back (finish), as only the loop changes the weights.
 */
import type { EarlyStoppingSettings } from "../../spec/types";
import { EarlyStopping, type EarlyStoppingReport } from "../earlyStopping";
import type { EpochMetrics } from "../metrics";
import type { TrainingRun, TrainingWatcher } from "./watcher";

export class EarlyStoppingWatcher implements TrainingWatcher {
  private readonly stopper: EarlyStopping;

  constructor(
    private readonly run: TrainingRun,
    settings: EarlyStoppingSettings,
  ) {
    this.stopper = new EarlyStopping(settings, run.net);
  }

  endEpoch(metrics: EpochMetrics): void {
    // A NaN or infinite valLoss ends the run as a divergence instead (DivergenceWatcher).
    if (metrics.valLoss === null || !Number.isFinite(metrics.valLoss)) return;
    if (this.stopper.endEpoch(metrics.epoch, metrics.valLoss, this.run.net)) this.run.stopAfterEpoch();
  }

  /** At the run's end (called by the loop): with restoreBest, the best epoch's weights back into the network. */
  finish(): void {
    this.stopper.finish(this.run.net);
  }

  report(): EarlyStoppingReport | null {
    return this.stopper.report();
  }
}
