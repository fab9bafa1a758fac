/** The sampled distributions of activations, δ and weight gradients (distributions.ts takes them). */
import { DistributionRecorder, type DistributionSeries, type Distributions } from "../distributions";
import type { Batch, TrainingRun, TrainingWatcher } from "./watcher";

export class DistributionsWatcher implements TrainingWatcher {
  private readonly recorder: DistributionRecorder;

  constructor(run: TrainingRun) {
    this.recorder = new DistributionRecorder(run.net);
  }

  current(bins?: number): Distributions | null {
    return this.recorder.current(bins);
  }

  history(): DistributionSeries {
    return this.recorder.history();
  }

  beginEpoch(epoch: number): void {
    this.recorder.beginEpoch(epoch);
  }

  afterBackward(batch: Batch): void {
    if (this.recorder.wanted) this.recorder.take(batch.rows);
  }

  endEpoch(): void {
    this.recorder.endEpoch();
  }
}
