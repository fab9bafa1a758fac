/** What the trainer reports after each epoch, and the helpers that measure it. */
import type { Dataset } from "../data/dataset";
import { predictedClass, trueClass } from "./confusion";
import type { Finding } from "./findingKinds";

export interface LayerGradientStats {
  /** The layer's index in the spec's `layers` (1 = the first layer after the input). */
  layer: number;
  /** Mean over the epoch's batches of mean |dL/dw| over the layer's weights. */
  meanAbs: number;
  /** Largest |dL/dw| seen in the epoch. */
  maxAbs: number;
  /** Root of the mean over the epoch's batches of mean (dL/dw)². */
  rms: number;
  biasMeanAbs: number;
  biasMaxAbs: number;
  biasRms: number;
  /** ReLU layers: share of units whose output was 0 for every training sample this epoch. */
  deadShare: number | null;
  /**
   * Hidden tanh and sigmoid layers: share of this epoch's outputs (samples × units) in the flat
   * ends of the curve, |tanh| > 0.99 or sigmoid outside 0.01…0.99, where the slope is under 2%
   * (tanh) or 4% (sigmoid) of its largest and almost no gradient passes back.
   */
  saturatedShare: number | null;
  /**
   * log10 of the update-to-weight ratio of the layer's weights (not biases) this epoch: the root
   * mean square over its batches of the step's L2 norm ‖w_after − w_before‖, divided by the L2
   * norm of the weights after the epoch. About −3 (a step of a thousandth of the weights) is
   * healthy. Null when nothing moved or the weights are all 0.
   */
  updateRatio: number | null;
}

export interface EpochMetrics {
  epoch: number;
  /** Mean over the epoch's training samples, each measured before its batch's update (as Keras). */
  loss: number;
  accuracy: number;
  /** Measured after the epoch's last update; null when there is no validation data. */
  valLoss: number | null;
  valAccuracy: number | null;
  gradients: LayerGradientStats[];
  /**
   * How much the network's answers differ from input to input: the mean over output units of
   * the standard deviation of the unit's value over the epoch's training samples (each in its
   * batch's forward pass). Near 0: the same answer for every input.
   */
  outputSpread: number;
  /**
   * Cosine between this epoch's change of the weights and the previous epoch's (at most 1,024
   * weights per layer, evenly spread): 1 for steady progress, about 0 for unrelated steps, −1
   * when the weights go back the way they came. Null in the first epoch or when either change is 0.
   */
  stepCosine: number | null;
  /** What the findings make of this epoch and the ones before it (findings.ts). */
  findings: Finding[];
}

/** An epoch's metrics before the watchers of training fill them in (fields in the order they are printed). */
export function emptyEpochMetrics(epoch: number, layerCount: number): EpochMetrics {
  const gradients = Array.from({ length: layerCount }, (_, k) => ({
    layer: k + 1,
    meanAbs: 0,
    maxAbs: 0,
    rms: 0,
    biasMeanAbs: 0,
    biasMaxAbs: 0,
    biasRms: 0,
    deadShare: null,
    saturatedShare: null,
    updateRatio: null,
  }));
  return { epoch, loss: 0, accuracy: 0, valLoss: null, valAccuracy: null, gradients, outputSpread: 0, stepCosine: null, findings: [] };
}

/**
 * Builds the target matrix the loss compares the output with: one-hot rows for softmax
 * classifiers, the 0/1 class for a single sigmoid output, the targets themselves for regression.
 */
export function targetMatrix(d: Dataset, width: number): Float64Array {
  if (d.task === "regression") return d.targets ?? new Float64Array(0);
  const t = new Float64Array(d.rows * width);
  const labels = d.labels ?? new Int32Array(0);
  for (let r = 0; r < d.rows; r++) {
    if (width === 1) t[r] = labels[r];
    else t[r * width + labels[r]] = 1;
  }
  return t;
}

/**
 * How many of `rows` output rows are right. Classification: a row is right when the class it
 * predicts (predictedClass: the argmax, or for one sigmoid output p > 0.5) is its class. Regression: each output value within
 * `tolerance` of its target counts, so the result is in output values, not rows.
 */
export function countCorrect(
  output: Float64Array,
  targets: Float64Array,
  targetOffset: number,
  rows: number,
  width: number,
  regression: boolean,
  tolerance: number,
): number {
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    const t = targetOffset + r * width;
    if (regression) {
      for (let j = 0; j < width; j++) if (Math.abs(output[o + j] - targets[t + j]) <= tolerance) correct++;
    } else {
      if (predictedClass(output, o, width) === trueClass(targets, t, width)) correct++;
    }
  }
  return correct;
}

/** Sums of |g|, g² and the max |g| over the epoch's batches, for one parameter array. */
export class GradientAccumulator {
  private sumMeanAbs = 0;
  private sumMeanSquare = 0;
  private max = 0;
  private batches = 0;

  /** Adds one batch's gradient; returns its Σ g², which the global norm for clipping is made of. */
  add(g: Float64Array): number {
    let abs = 0;
    let sq = 0;
    let max = this.max;
    for (let i = 0; i < g.length; i++) {
      const v = g[i];
      const a = v < 0 ? -v : v;
      abs += a;
      sq += v * v;
      if (a > max) max = a;
    }
    this.max = max;
    this.sumMeanAbs += abs / g.length;
    this.sumMeanSquare += sq / g.length;
    this.batches++;
    return sq;
  }

  /** Non-finite when a gradient was NaN or infinite. */
  get finite(): boolean {
    return Number.isFinite(this.sumMeanSquare);
  }

  result(): { meanAbs: number; maxAbs: number; rms: number } {
    const n = Math.max(1, this.batches);
    return { meanAbs: this.sumMeanAbs / n, maxAbs: this.max, rms: Math.sqrt(this.sumMeanSquare / n) };
  }

  reset(): void {
    this.sumMeanAbs = 0;
    this.sumMeanSquare = 0;
    this.max = 0;
    this.batches = 0;
  }
}
