/**
 * The run's reference points the findings compare it with, kept by the trainer: the targets'
 * spread, the loss of the best constant answer (the chance level), the lowest validation loss.
 */
import { type ActivationName, activationRecord } from "../../nn/activations";
import { type LossName, lossRecord, rowLoss } from "../../nn/losses";
import type { EpochMetrics } from "../metrics";
import type { BestValidation } from "./context";
import { lastEpochsAll, lastEpochsMean, SMOOTHING } from "./history";

/** Mean over output columns of the standard deviation of `targets` (rows × width) across rows. */
export function targetSpread(targets: Float64Array, rows: number, width: number): number {
  if (rows === 0) return 0;
  let spread = 0;
  for (let j = 0; j < width; j++) {
    let sum = 0;
    let squares = 0;
    for (let r = 0; r < rows; r++) {
      const v = targets[r * width + j];
      sum += v;
      squares += v * v;
    }
    const mean = sum / rows;
    spread += Math.sqrt(Math.max(0, squares / rows - mean * mean));
  }
  return spread / width;
}

/**
 * The chance level: the loss of giving one answer, the same for every input, chosen as well as
 * an answer can be without looking at the input. That is the targets' mean per output (the
 * class shares for a classifier: ln C for C balanced classes with cross-entropy; the targets'
 * variance with MSE), or for MAE and Huber the better of the mean and the median. Null without rows.
 */
export function constantAnswerLoss(loss: LossName, output: ActivationName, targets: Float64Array, rows: number, width: number): number | null {
  if (rows === 0) return null;
  const mean = new Float64Array(width);
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) mean[j] += targets[r * width + j] / rows;
  const answers = [mean];
  if (lossRecord(loss).medianMayWin) {
    const median = new Float64Array(width);
    for (let j = 0; j < width; j++) {
      const column = Float64Array.from({ length: rows }, (_, r) => targets[r * width + j]).sort();
      median[j] = rows % 2 ? column[(rows - 1) / 2] : (column[rows / 2 - 1] + column[rows / 2]) / 2;
    }
    answers.push(median);
  }
  let best = Number.POSITIVE_INFINITY;
  const row = new Float64Array(width);
  for (const a of answers) {
    // The logits that give these outputs: what the cross-entropies are computed from.
    const z = a.map((v) => {
      const p = Math.min(1 - 1e-12, Math.max(1e-12, v));
      const logitOf = activationRecord(output).logitOf;
      return logitOf ? logitOf(p) : v;
    });
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < width; j++) row[j] = targets[r * width + j];
      sum += rowLoss(loss, z, a, row, 0, width);
    }
    best = Math.min(best, sum / rows);
  }
  return best;
}

/**
 * The new lowest point of the validation loss averaged over the last SMOOTHING epochs (fewer at
 * the start), or `best` unchanged. Call after each epoch is added to `history`.
 */
export function lowestValidation(history: readonly EpochMetrics[], best: BestValidation | null): BestValidation | null {
  if (history.length === 0 || !lastEpochsAll(history, Math.min(SMOOTHING, history.length), (m) => m.valLoss !== null)) return best;
  const valLoss = lastEpochsMean(history, SMOOTHING, (m) => m.valLoss ?? 0);
  if (best !== null && valLoss >= best.valLoss) return best;
  let lowest = history[history.length - 1];
  for (let i = Math.max(0, history.length - SMOOTHING); i < history.length; i++) if ((history[i].valLoss ?? 0) < (lowest.valLoss ?? 0)) lowest = history[i];
  return {
    epoch: lowest.epoch,
    valLoss,
    loss: lastEpochsMean(history, SMOOTHING, (m) => m.loss),
    valAccuracy: lastEpochsMean(history, SMOOTHING, (m) => m.valAccuracy ?? 0),
  };
}

/** Whether the previous epoch reported finding `id` (for `layer`). */
