/**
 * Loss functions. Conventions (nnspec-format.md, "Semantics that tests rely on"):
 * - mae, mse, huber: mean over samples and over output units, as in the lesson's worked
 *   examples (prediction [0.8, 0.2], target [1, 0]: MAE 0.2, MSE 0.04).
 * - crossEntropy: mean over samples of -Σ t·ln(p), for a softmax output.
 * - binaryCrossEntropy: mean over samples and outputs of -(t·ln p + (1-t)·ln(1-p)), for sigmoid outputs.
 *
 * Cross-entropy is computed from the output layer's total input z (the logits), not from p,
 * so that a confident wrong answer gives a large finite loss instead of ln(0) = -Infinity.
 */
import { type ActivationName, ELEMENTWISE } from "./activations";

export const LOSSES = ["mae", "mse", "crossEntropy", "binaryCrossEntropy", "huber"] as const;
export type LossName = (typeof LOSSES)[number];

/** Huber's delta: quadratic within ±1 of the target, linear beyond. */
export const HUBER_DELTA = 1;

/** The loss of one row (sample), given its logits z, outputs a and targets t at `offset`. */
export function rowLoss(loss: LossName, z: Float64Array, a: Float64Array, t: Float64Array, offset: number, width: number): number {
  let sum = 0;
  switch (loss) {
    case "mae":
      for (let j = 0; j < width; j++) sum += Math.abs(a[offset + j] - t[offset + j]);
      return sum / width;
    case "mse":
      for (let j = 0; j < width; j++) {
        const e = a[offset + j] - t[offset + j];
        sum += e * e;
      }
      return sum / width;
    case "huber":
      for (let j = 0; j < width; j++) {
        const e = Math.abs(a[offset + j] - t[offset + j]);
        sum += e <= HUBER_DELTA ? 0.5 * e * e : HUBER_DELTA * (e - 0.5 * HUBER_DELTA);
      }
      return sum / width;
    case "crossEntropy":
      return crossEntropyRow(z, logSumExp(z, offset, width), t, offset, width);
    case "binaryCrossEntropy":
      // max(z,0) - z·t + ln(1 + e^-|z|): the logits form of -(t ln p + (1-t) ln(1-p)).
      for (let j = 0; j < width; j++) {
        const zj = z[offset + j];
        sum += Math.max(zj, 0) - zj * t[offset + j] + Math.log1p(Math.exp(-Math.abs(zj)));
      }
      return sum / width;
  }
}

/** ln Σ_j e^(z_j) over one row, computed as max + ln Σ e^(z_j − max) so that no exponential overflows. */
export function logSumExp(z: Float64Array, offset: number, width: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < width; j++) if (z[offset + j] > max) max = z[offset + j];
  let s = 0;
  for (let j = 0; j < width; j++) s += Math.exp(z[offset + j] - max);
  return max + Math.log(s);
}

/**
 * Cross-entropy of one row from its logits z and their log-sum-exp: −Σ t_j·ln p_j with
 * ln p_j = z_j − logSumExp. The network passes the log-sum-exp its softmax already made.
 */
export function crossEntropyRow(z: Float64Array, rowLogSumExp: number, t: Float64Array, offset: number, width: number): number {
  let sum = 0;
  for (let j = 0; j < width; j++) {
    const tj = t[offset + j];
    if (tj !== 0) sum -= tj * (z[offset + j] - rowLogSumExp);
  }
  return sum;
}

/**
 * Writes into `delta` the derivative of (scale × this row's loss) with respect to the output
 * layer's total input z, for one row. `scale` is 1/batchSize, so that summing over the batch
 * gives the gradient of the batch's mean loss.
 *
 * Softmax with cross-entropy and sigmoid with binary cross-entropy use the combined form
 * (p - t); every other pairing chains dL/da through the activation's derivative.
 */
export function rowOutputDelta(
  loss: LossName,
  activation: ActivationName,
  z: Float64Array,
  a: Float64Array,
  t: Float64Array,
  offset: number,
  width: number,
  scale: number,
  delta: Float64Array,
): void {
  if (loss === "crossEntropy" && activation === "softmax") {
    // Targets may be soft labels; Σt is 1 for a class index, and the general form is p·Σt - t.
    let tSum = 0;
    for (let j = 0; j < width; j++) tSum += t[offset + j];
    for (let j = 0; j < width; j++) delta[offset + j] = scale * (a[offset + j] * tSum - t[offset + j]);
    return;
  }
  if (loss === "binaryCrossEntropy" && activation === "sigmoid") {
    const s = scale / width;
    for (let j = 0; j < width; j++) delta[offset + j] = s * (a[offset + j] - t[offset + j]);
    return;
  }
  // dL/da for this row, into delta.
  const s = scale / width;
  for (let j = 0; j < width; j++) delta[offset + j] = s * errorSlope(loss, a[offset + j] - t[offset + j]);
  // Chain through the activation: dL/dz = dL/da · da/dz.
  if (activation === "softmax") {
    // Softmax's Jacobian: dL/dz_j = p_j (g_j - Σ_k g_k p_k).
    let dot = 0;
    for (let j = 0; j < width; j++) dot += delta[offset + j] * a[offset + j];
    for (let j = 0; j < width; j++) delta[offset + j] = a[offset + j] * (delta[offset + j] - dot);
  } else {
    const f = ELEMENTWISE[activation];
    for (let j = 0; j < width; j++) delta[offset + j] *= f.derivative(z[offset + j], a[offset + j]);
  }
}

/** The slope of one output's term of MAE, MSE or Huber with respect to its error e = a − t. */
function errorSlope(loss: LossName, e: number): number {
  switch (loss) {
    case "mae":
      return e > 0 ? 1 : e < 0 ? -1 : 0; // 0 at exactly zero error (the format's rule)
    case "mse":
      return 2 * e;
    case "huber":
      return e > HUBER_DELTA ? HUBER_DELTA : Math.max(e, -HUBER_DELTA);
    default:
      throw new Error(`${loss} needs a ${loss === "crossEntropy" ? "softmax" : "sigmoid"} output`);
  }
}

/**
 * dL/da_j for one output unit of one row: how the row's loss changes with that output, before
 * the output activation's derivative. MAE, MSE, Huber and binary cross-entropy are means over
 * the outputs, so each unit's slope carries 1/width; cross-entropy's is −t/p.
 */
export function outputSlope(loss: LossName, a: number, t: number, width: number): number {
  if (loss === "crossEntropy") return t === 0 ? 0 : -t / a;
  // d/dp of −(t·ln p + (1 − t)·ln(1 − p)) is (p − t) / (p·(1 − p)).
  if (loss === "binaryCrossEntropy") return a === t ? 0 : (a - t) / (a * (1 - a) * width);
  return errorSlope(loss, a - t) / width;
}
