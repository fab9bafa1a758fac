/**
 * Divergence: the loss or the validation loss became NaN or infinite (a gradient's is seen by
 * the gradient statistics). The advice follows the likely cause: the initial weights, an L2 step
 * that overshoots zero, unscaled data, or else a learning rate too large for the loss's curvature.
 */
import { formatNumber } from "../../base/format";
import { t } from "../../base/l10n";
import { largestFeature } from "../../data/dataset";
import type { Network } from "../../nn/network";
import type { EpochMetrics } from "../metrics";
import type { Batch, Divergence, TrainingRun, TrainingWatcher } from "./watcher";

/** learningRate × L2 rate from which a step's decay 1 − 2·lr·rate reaches zero or below. */
const UNSTABLE_DECAY = 0.5;
/** Inputs or targets beyond this size make default initial weights and learning rates overshoot. */
const UNSCALED_DATA = 100;

/** Why training stopped early: a NaN or infinity, with where it appeared. */
export interface TrainingFailure {
  message: string;
  epoch: number;
  /** The spec's index of the layer where it appeared. */
  layer: number;
}

export class DivergenceWatcher implements TrainingWatcher {
  constructor(private readonly run: TrainingRun) {}

  afterForward(batch: Batch): void {
    if (!Number.isFinite(batch.lossSum)) this.run.diverge({ what: t("the loss became NaN or infinite"), layer: firstNonFiniteLayer(this.run.net, batch.rows) });
  }

  endEpoch(metrics: EpochMetrics): void {
    if (metrics.valLoss !== null && !Number.isFinite(metrics.valLoss))
      this.run.diverge({ what: t("the validation loss became NaN or infinite"), layer: this.run.net.layerCount });
  }
}

/** The spec index of the first layer whose output holds a NaN or infinity in the last forward pass. */
function firstNonFiniteLayer(net: Network, rows: number): number {
  for (let k = 0; k < net.layerCount; k++) {
    const out = net.layerOutput(k);
    const n = rows * net.sizes[k + 1];
    for (let i = 0; i < n; i++) if (!Number.isFinite(out[i])) return k + 1;
  }
  return net.layerCount;
}

/** What to tell the user about a divergence in epoch `epoch` (1-based); `beforeAnyStep`: before the first update. */
export function divergenceAdvice(run: TrainingRun, divergence: Divergence, epoch: number, beforeAnyStep: boolean): TrainingFailure {
  const { spec, trainData } = run;
  const { what, layer } = divergence;
  const activation = spec.activations[layer - 1];
  const lr = run.learningRate;
  const where = { epoch, layer: `layers[${layer}]`, units: spec.sizes[layer], activation, what };
  const reg = spec.regularization;
  let largest = largestFeature(trainData);
  const targets = spec.task === "regression" ? trainData.targets : undefined;
  if (targets) for (let i = 0; i < targets.length; i++) largest = Math.max(largest, Math.abs(targets[i]));
  let message: string;
  // Before the first update no step can be to blame: the weights the run starts from are.
  if (beforeAnyStep && largest <= UNSCALED_DATA) {
    message = t(
      "Training diverged in epoch {epoch}: at {layer} ({units} {activation} units) {what} before any step, so the weights it starts from are too large for this data; start from smaller weights (init: xavier, or a weights file with smaller values).",
      where,
    );
  } else if (reg?.type === "l2" && lr * reg.rate >= UNSTABLE_DECAY) {
    message = t(
      "Training diverged in epoch {epoch}: at {layer} ({units} {activation} units) {what}. Each step scales the weights by 1 − 2 × {rate} × {regularization} from L2 regularization alone, past zero; lower regularization.rate (now {regularization}), e.g. to {lower}.",
      { ...where, rate: formatNumber(lr), regularization: formatNumber(reg.rate), lower: formatNumber(UNSTABLE_DECAY / lr / 100) },
    );
  } else if (largest > UNSCALED_DATA) {
    message = t(
      "Training diverged in epoch {epoch}: at {layer} ({units} {activation} units) {what}. The data reaches {largest} in size, so the first steps are huge; scale each feature (and regression target) to about −1…1, e.g. divide it by its largest size.",
      { ...where, largest: formatNumber(largest) },
    );
  } else {
    message = t("Training diverged in epoch {epoch}: at {layer} ({units} {activation} units) {what}. Lower the learning rate (now {rate}), e.g. to {lower}.", {
      ...where,
      rate: formatNumber(lr),
      lower: formatNumber(lr / 10),
    });
  }
  return { epoch, layer, message };
}
