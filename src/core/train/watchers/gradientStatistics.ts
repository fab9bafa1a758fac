/**
 * Per layer, the size of the weight and bias gradients over the epoch (mean |g|, max |g|, RMS),
 * as the loss and regularization gave them, before any clipping. The same pass sums every
 * gradient's square, so the loop reads the global gradient norm for clipping from here.
 */
import { t } from "../../base/l10n";
import { type EpochMetrics, GradientAccumulator } from "../metrics";
import type { TrainingRun, TrainingWatcher } from "./watcher";

export class GradientStatistics implements TrainingWatcher {
  private readonly weightStats: GradientAccumulator[];
  private readonly biasStats: GradientAccumulator[];
  /** The L2 norm of all weight and bias gradients of the last batch (clipping compares it with clipNorm). */
  globalNorm = 0;

  constructor(private readonly run: TrainingRun) {
    this.weightStats = run.net.weights.map(() => new GradientAccumulator());
    this.biasStats = run.net.weights.map(() => new GradientAccumulator());
  }

  beginEpoch(): void {
    for (const s of this.weightStats) s.reset();
    for (const s of this.biasStats) s.reset();
  }

  afterBackward(): void {
    const net = this.run.net;
    let squares = 0;
    for (let k = 0; k < net.layerCount; k++) {
      squares += this.weightStats[k].add(net.gradWeights[k]) + this.biasStats[k].add(net.gradBiases[k]);
      if (!this.weightStats[k].finite || !this.biasStats[k].finite) {
        this.run.diverge({ what: t("its gradient became NaN or infinite"), layer: k + 1 });
        return;
      }
    }
    this.globalNorm = Math.sqrt(squares);
  }

  endEpoch(metrics: EpochMetrics): void {
    metrics.gradients.forEach((layer, k) => {
      const w = this.weightStats[k].result();
      const b = this.biasStats[k].result();
      layer.meanAbs = w.meanAbs;
      layer.maxAbs = w.maxAbs;
      layer.rms = w.rms;
      layer.biasMeanAbs = b.meanAbs;
      layer.biasMaxAbs = b.maxAbs;
      layer.biasRms = b.rms;
    });
  }
}
