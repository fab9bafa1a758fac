/**
 * Training written plainly on top of reference.ts, to check the trainer's epoch figures against:
 * mini-batches in a fixed order (the last one may be smaller), each batch's loss and correct
 * answers counted before its update as Keras does, then one optimizer step from the batch's mean
 * gradient, its L1 or L2 penalty's slope and clip_grad_norm_'s clipping. Its own optimizers (SGD,
 * momentum, Adam with bias correction, as PyTorch and TensorFlow.js write them) and its own
 * accuracy rule; nothing from src/core/nn or src/core/train.
 */
import type { ActivationName } from "../../src/core/nn/activations";
import type { LossName } from "../../src/core/nn/losses";
import { batchGradients, forwardFrom, type RefNet } from "./reference";

export interface RefOptimizer {
  /** "sgd", "momentum" or "adam". */
  type: string;
  learningRate: number;
  momentum: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Largest global L2 norm of a batch's gradients; null: none. */
  clipNorm: number | null;
}

export interface RefTrainingRun {
  /** weights[k][i][j] from unit i below to unit j of layer k, as WeightsJson holds them. */
  initial: { layers: { weights: number[][]; biases: number[] }[] };
  activations: ActivationName[];
  loss: LossName;
  optimizer: RefOptimizer;
  x: number[][];
  /** Classification: each row's class; regression: each row's target values. */
  labels?: number[];
  targets?: number[][];
  /** Output values within this of their target count as right (regression). */
  tolerance: number;
  batchSize: number;
  epochs: number;
  /** Rows held out: measured after each epoch's last update, as valLoss and valAccuracy are. */
  validation?: { x: number[][]; labels?: number[]; targets?: number[][] };
  /** A penalty on the weights (not the biases): rate·Σw² (l2) or rate·Σ|w| (l1). */
  regularization: { type: "l1" | "l2"; rate: number } | null;
}

/** One epoch's mean loss and accuracy over its training samples, and over the validation rows after it. */
export interface RefEpoch {
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  /** Per layer, of its weights' and its biases' gradients: the mean over the epoch's batches of mean |g|, the root of the mean of mean g², the largest |g|. */
  gradients: { weights: GradientSummary; biases: GradientSummary }[];
}

export interface GradientSummary {
  meanAbs: number;
  rms: number;
  maxAbs: number;
}

/** Adds one batch's gradient `g` to running sums: meanAbs and rms hold Σ over batches of mean |g| and mean g² until `finish`. */
function addBatch(sum: GradientSummary, g: number[]): void {
  sum.meanAbs += g.reduce((s, v) => s + Math.abs(v), 0) / g.length;
  sum.rms += g.reduce((s, v) => s + v * v, 0) / g.length;
  sum.maxAbs = Math.max(sum.maxAbs, ...g.map(Math.abs));
}

const finish = (sum: GradientSummary, batches: number): GradientSummary => ({
  meanAbs: sum.meanAbs / batches,
  rms: Math.sqrt(sum.rms / batches),
  maxAbs: sum.maxAbs,
});

/** Rows and how to judge them: the training rows, or the validation rows. */
type Rows = Pick<RefTrainingRun, "x" | "labels" | "targets" | "tolerance">;

/** The class a row's output predicts: p > 0.5 for one sigmoid output, else the first largest output. */
function predicted(out: number[]): number {
  if (out.length === 1) return out[0] > 0.5 ? 1 : 0;
  let best = 0;
  for (let j = 1; j < out.length; j++) if (out[j] > out[best]) best = j;
  return best;
}

/** How many answers of one row are right: its class (classification), or each output within the tolerance (regression). */
function rightAnswers(out: number[], run: Rows, row: number): number {
  if (run.labels) return predicted(out) === run.labels[row] ? 1 : 0;
  const t = run.targets?.[row] ?? [];
  return out.filter((v, j) => Math.abs(v - t[j]) <= run.tolerance).length;
}

/** The row the loss compares the output with: one-hot for a softmax, the 0/1 class for one sigmoid output, the targets for regression. */
function targetRow(run: Rows, row: number, width: number): number[] {
  if (!run.labels) return run.targets?.[row] ?? [];
  const label = run.labels[row];
  return width === 1 ? [label] : Array.from({ length: width }, (_, j) => (j === label ? 1 : 0));
}

/** Per parameter, the optimizer's memory: momentum's velocity or Adam's first moment, and Adam's second. */
interface Moments {
  first: number[];
  second: number[];
}

/** w ← w − lr·g (sgd); v ← μv + g, w ← w − lr·v (momentum); Adam: m, v, then w ← w − lr·m̂/(√v̂ + ε) at step t. */
function step(values: number[], grads: number[], state: Moments, o: RefOptimizer, t: number): number[] {
  return values.map((w, i) => {
    const g = grads[i];
    // SGD with a momentum above 0 is momentum, as in torch.optim.SGD.
    if (o.type === "sgd" && o.momentum === 0) return w - o.learningRate * g;
    if (o.type !== "adam") {
      state.first[i] = o.momentum * state.first[i] + g;
      return w - o.learningRate * state.first[i];
    }
    state.first[i] = o.beta1 * state.first[i] + (1 - o.beta1) * g;
    state.second[i] = o.beta2 * state.second[i] + (1 - o.beta2) * g * g;
    const mHat = state.first[i] / (1 - o.beta1 ** t);
    const vHat = state.second[i] / (1 - o.beta2 ** t);
    return w - (o.learningRate * mHat) / (Math.sqrt(vHat) + o.epsilon);
  });
}

const zeros = (n: number): Moments => ({ first: new Array(n).fill(0), second: new Array(n).fill(0) });

/** Mean loss and accuracy over all of `data`'s rows with the weights as they are. */
function measure(net: RefNet, data: Rows, loss: LossName): { loss: number; accuracy: number } {
  const width = net.biases[net.biases.length - 1].length;
  const rows = data.x.map((_, r) => r);
  const lossSum =
    batchGradients(
      net,
      data.x,
      rows.map((r) => targetRow(data, r, width)),
      loss,
    ).loss * rows.length;
  const last = net.weights.length - 1;
  const right = rows.reduce((sum, r) => sum + rightAnswers(forwardFrom(net, 0, data.x[r]).a[last], data, r), 0);
  return { loss: lossSum / rows.length, accuracy: right / (rows.length * (data.labels ? 1 : width)) };
}

/** Trains `run` in batches of `batchSize` rows in the order given (0, 1, 2, …); each epoch's figures. */
export function referenceEpochs(run: RefTrainingRun): RefEpoch[] {
  let net: RefNet = {
    activations: run.activations,
    weights: run.initial.layers.map((l) => l.weights.map((row) => [...row])),
    biases: run.initial.layers.map((l) => [...l.biases]),
  };
  const width = net.biases[net.biases.length - 1].length;
  // One state per weight row and per bias vector, flattened the same way as the parameters.
  const weightState = net.weights.map((W) => W.map((row) => zeros(row.length)));
  const biasState = net.biases.map((b) => zeros(b.length));
  const rows = run.x.length;
  const answersPerRow = run.labels ? 1 : width;
  const epochs: RefEpoch[] = [];
  let t = 0;
  for (let epoch = 0; epoch < run.epochs; epoch++) {
    let lossSum = 0;
    let right = 0;
    let batches = 0;
    const sums = net.weights.map(() => ({ weights: { meanAbs: 0, rms: 0, maxAbs: 0 }, biases: { meanAbs: 0, rms: 0, maxAbs: 0 } }));
    for (let start = 0; start < rows; start += run.batchSize) {
      const batch = Array.from({ length: Math.min(run.batchSize, rows - start) }, (_, r) => start + r);
      const X = batch.map((r) => run.x[r]);
      const T = batch.map((r) => targetRow(run, r, width));
      // Measured before this batch's update: the loss as the batch's mean times its rows.
      for (const r of batch) right += rightAnswers(forwardFrom(net, 0, run.x[r]).a[net.weights.length - 1], run, r);
      const g = batchGradients(net, X, T, run.loss);
      lossSum += g.loss * batch.length; // the data's loss alone, without the penalty, as Keras reports it
      const reg = run.regularization;
      // The penalty's slope: 2·rate·w (l2) or rate·sign(w) (l1), added to each weight's gradient.
      if (reg)
        g.dW = g.dW.map((W, k) =>
          W.map((row, i) => row.map((d, j) => d + (reg.type === "l2" ? 2 * reg.rate * net.weights[k][i][j] : reg.rate * Math.sign(net.weights[k][i][j])))),
        );
      batches++;
      sums.forEach((sum, k) => {
        addBatch(sum.weights, g.dW[k].flat());
        addBatch(sum.biases, g.dB[k]);
      });
      // Statistics of the gradient as the loss and penalty give it; then clip_grad_norm_: every
      // gradient times min(1, clipNorm / (‖all of them‖ + 1e-6)).
      const limit = run.optimizer.clipNorm;
      if (limit !== null) {
        const scale = Math.min(1, limit / (Math.hypot(...g.dW.flat(2), ...g.dB.flat()) + 1e-6));
        g.dW = g.dW.map((W) => W.map((row) => row.map((d) => d * scale)));
        g.dB = g.dB.map((b) => b.map((d) => d * scale));
      }
      t++;
      const current = net;
      net = {
        activations: current.activations,
        weights: current.weights.map((W, k) => W.map((row, i) => step(row, g.dW[k][i], weightState[k][i], run.optimizer, t))),
        biases: current.biases.map((b, k) => step(b, g.dB[k], biasState[k], run.optimizer, t)),
      };
    }
    const validation = run.validation && run.validation.x.length > 0 ? measure(net, { ...run.validation, tolerance: run.tolerance }, run.loss) : null;
    epochs.push({
      loss: lossSum / rows,
      accuracy: right / (rows * answersPerRow),
      valLoss: validation?.loss ?? null,
      valAccuracy: validation?.accuracy ?? null,
      gradients: sums.map((sum) => ({ weights: finish(sum.weights, batches), biases: finish(sum.biases, batches) })),
    });
  }
  return epochs;
}
