/**
 * "Loss along this weight": the loss over the training data as one weight or bias moves around
 * its current value with everything else fixed, for each loss that suits the task, with the
 * tangent at the current value (the gradient) and where the optimizer's next step lands.
 * MAE's constant slope and MSE's slope that shrinks near the answer show side by side.
 *
 * The loss is the epoch loss's kind: the mean over the rows of each row's loss, without
 * regularization. Cost is bounded: the rows are at most `maxRows` spread evenly over the
 * training data, fewer for a large network, so that points × rows × parameters stays under
 * WORK_BUDGET multiply-adds; the whole costs `points` forward passes over those rows, plus one
 * forward and backward pass and one forward pass per loss (the gradient, the landing point).
 */
import { copyFeatureRows, type Dataset, selectRows } from "../data/dataset";
import type { LossName } from "../nn/losses";
import type { Network } from "../nn/network";
import type { StepPreview } from "../nn/optimizers";
import { type ParameterRef, parameterSlot } from "../nn/parameters";
import { suitableLosses } from "../spec/lossRules";
import { targetMatrix } from "./metrics";
import type { Trainer } from "./trainer";

/** Multiply-adds one curve may cost, about 50 ms in V8. */
const WORK_BUDGET = 5e7;
/** Rows per forward pass, so a large network's batch buffers stay small. */
const CHUNK = 256;

export interface LossAlongWeightOptions {
  /** Points on each curve, the middle one at the current value (made odd); default 61. */
  points?: number;
  /** The curves run from value − halfWidth to value + halfWidth. Default: max(1, |value|, 1.5 × the largest step). */
  halfWidth?: number;
  /** At most this many training rows; default 500. */
  maxRows?: number;
}

export interface LossCurve {
  loss: LossName;
  /** The mean loss at each of LossAlongWeight.values. */
  losses: number[];
  /** The mean loss at the current value. */
  current: number;
  /** d(mean loss)/d(parameter) at the current value over the same rows: the tangent's slope. */
  gradient: number;
  /** The optimizer's next step from this gradient (its current state; no regularization), and the loss where it lands. */
  step: StepPreview;
  nextLoss: number;
}

export interface LossAlongWeight {
  parameter: ParameterRef;
  value: number;
  /** The parameter values the curves are measured at, ascending; values[(points − 1) / 2] is `value`. */
  values: number[];
  /** Training rows measured, of `totalRows`. */
  rows: number;
  totalRows: number;
  /** One per loss that suits the task (the trainer's own loss among them), the trainer's first. */
  curves: LossCurve[];
}

export function lossAlongWeight(trainer: Trainer, ref: ParameterRef, options: LossAlongWeightOptions = {}): LossAlongWeight {
  const net = trainer.net;
  const slot = parameterSlot(net, ref);
  const value = slot.params[slot.index];
  const points = Math.max(3, Math.floor((options.points ?? 61) / 2) * 2 + 1);
  const data = evenlySpacedRows(trainer.trainData, Math.min(options.maxRows ?? 500, Math.max(1, Math.floor(WORK_BUDGET / (points * net.parameterCount)))));
  const targets = targetMatrix(data, net.outputSize);
  const output = net.activations[net.layerCount - 1];
  const losses = suitableLosses(trainer.spec.task, output, net.outputSize);
  const ordered = [trainer.loss, ...losses.filter((l) => l !== trainer.loss)];
  const meanLosses = (at: number): number[] => {
    slot.params[slot.index] = at;
    return meanLossesOver(net, data, targets, ordered);
  };

  try {
    const base = ordered.map((loss) => {
      slot.params[slot.index] = value;
      const gradient = meanGradient(net, data, targets, loss, slot.grad, slot.index);
      return { loss, gradient, step: trainer.optimizer.preview(slot.params, slot.index, gradient) };
    });
    const largestStep = Math.max(...base.map((b) => Math.abs(b.step.next - value)).filter(Number.isFinite), 0);
    const halfWidth = options.halfWidth ?? Math.max(1, Math.abs(value), 1.5 * largestStep);
    const half = (points - 1) / 2;
    const values = Array.from({ length: points }, (_, i) => (i === half ? value : value + ((i - half) / half) * halfWidth));
    const measured = values.map(meanLosses);
    const curves = base.map(({ loss, gradient, step }, c) => ({
      loss,
      losses: measured.map((m) => m[c]),
      current: measured[half][c],
      gradient,
      step,
      nextLoss: meanLosses(step.next)[c],
    }));
    return { parameter: ref, value, values, rows: data.rows, totalRows: trainer.trainData.rows, curves };
  } finally {
    slot.params[slot.index] = value;
  }
}

/** `count` rows spread evenly over `d` (all of them when it has no more). */
export function evenlySpacedRows(d: Dataset, count: number): Dataset {
  if (d.rows <= count) return d;
  return selectRows(
    d,
    Array.from({ length: count }, (_, i) => Math.floor((i * d.rows) / count)),
  );
}

/** Calls `visit(rows)` after a forward pass over each chunk of `data`, with that chunk's targets. */
export function forEachChunk(net: Network, data: Dataset, targets: Float64Array, visit: (rows: number, t: Float64Array) => void): void {
  const width = net.outputSize;
  for (let start = 0; start < data.rows; start += CHUNK) {
    const rows = Math.min(CHUNK, data.rows - start);
    copyFeatureRows(data, start, rows, net.inputBuffer(rows));
    net.forward(rows);
    visit(rows, targets.subarray(start * width, (start + rows) * width));
  }
}

/** The mean over `data` of each of `losses`, from one forward pass. */
function meanLossesOver(net: Network, data: Dataset, targets: Float64Array, losses: readonly LossName[]): number[] {
  const sums = losses.map(() => 0);
  forEachChunk(net, data, targets, (_, t) => {
    losses.forEach((loss, c) => {
      sums[c] += net.lossSum(loss, t);
    });
  });
  return sums.map((s) => s / data.rows);
}

/** d(mean loss over `data`)/d(grad's parameter at `index`), from the core's backward pass. */
function meanGradient(net: Network, data: Dataset, targets: Float64Array, loss: LossName, grad: Float64Array, index: number): number {
  let sum = 0;
  forEachChunk(net, data, targets, (rows, t) => {
    net.backward(loss, t);
    sum += grad[index] * rows; // backward gives the chunk's mean gradient
  });
  return sum / data.rows;
}
