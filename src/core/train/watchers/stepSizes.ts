/** How far each step moved the weights: the update ratio per layer and the cosine between epochs' changes (steps.ts). */
import type { EpochMetrics } from "../metrics";
import { StepTracker } from "../steps";
import type { Batch, TrainingRun, TrainingWatcher } from "./watcher";

export class StepSizes implements TrainingWatcher {
  private readonly steps: StepTracker;

  constructor(run: TrainingRun) {
    this.steps = new StepTracker(run.net.weights);
  }

  beginEpoch(): void {
    this.steps.beginEpoch();
  }

  afterStep(batch: Batch): void {
    for (let k = 0; k < batch.stepSquares.length; k++) this.steps.addStep(k, batch.stepSquares[k]);
    this.steps.endBatch();
  }

  endEpoch(metrics: EpochMetrics): void {
    const { updateRatios, stepCosine } = this.steps.endEpoch();
    metrics.gradients.forEach((layer, k) => {
      layer.updateRatio = updateRatios[k];
    });
    metrics.stepCosine = stepCosine;
  }
}
