/** Dead ReLUs, saturated units, each unit's mean |δ| and the output spread (unitActivity.ts counts them). */
import type { EpochMetrics } from "../metrics";
import { UnitActivity } from "../unitActivity";
import type { Batch, TrainingRun, TrainingWatcher } from "./watcher";

export class UnitActivityWatcher implements TrainingWatcher {
  private readonly activity: UnitActivity;

  constructor(run: TrainingRun) {
    this.activity = new UnitActivity(run.net, run.batchSize, run.batchesPerEpoch);
  }

  /** Per layer after the input, each unit's mean |δ| (dL/dz) over the last completed epoch's samples. */
  unitDeltas(): number[][] {
    return this.activity.unitDeltas();
  }

  beginEpoch(): void {
    this.activity.beginEpoch();
  }

  afterForward(batch: Batch): void {
    this.activity.afterForward(batch.rows, batch.index);
  }

  afterBackward(batch: Batch): void {
    this.activity.afterBackward(batch.rows, batch.index);
  }

  endEpoch(metrics: EpochMetrics): void {
    const units = this.activity.endEpoch();
    metrics.gradients.forEach((layer, k) => {
      layer.deadShare = units.deadShare[k];
      layer.saturatedShare = units.saturatedShare[k];
    });
    metrics.outputSpread = units.outputSpread;
  }
}
