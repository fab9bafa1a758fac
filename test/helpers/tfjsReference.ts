/**
 * An independent implementation to check ours against: the same network, losses and optimizers
 * written with TensorFlow.js ops (pure-JS CPU backend), with gradients from its autodiff.
 */
import * as tf from "@tensorflow/tfjs";
import { featureRow } from "../../src/core/data/dataset";
import type { ActivationName } from "../../src/core/nn/activations";
import type { LossName } from "../../src/core/nn/losses";
import type { OptimizerSettings } from "../../src/core/nn/optimizers";
import type { LoadedSpec } from "../../src/core/spec/load";
import { type EpochMetrics, targetMatrix } from "../../src/core/train/metrics";
import { Trainer } from "../../src/core/train/trainer";
import type { WeightsJson } from "../../src/core/weights/weightsFile";

let ready: Promise<void> | undefined;
export function tfReady(): Promise<void> {
  ready ??= (async () => {
    tf.env().set("IS_TEST", true); // quiets the "use tfjs-node" banner
    await tf.setBackend("cpu");
    await tf.ready();
  })();
  return ready;
}

function activate(name: ActivationName, z: tf.Tensor2D): tf.Tensor2D {
  switch (name) {
    case "linear":
      return z;
    case "relu":
      return tf.relu(z);
    case "leakyRelu":
      return tf.leakyRelu(z, 0.01);
    case "elu":
      return tf.elu(z);
    case "sigmoid":
      return tf.sigmoid(z);
    case "tanh":
      return tf.tanh(z);
    case "softplus":
      return tf.softplus(z);
    case "gelu":
      return tf.mul(tf.mul(z, 0.5), tf.add(1, tf.erf(tf.mul(z, Math.SQRT1_2))));
    case "softmax":
      return tf.softmax(z);
  }
}

function lossOf(name: LossName, z: tf.Tensor2D, a: tf.Tensor2D, t: tf.Tensor2D): tf.Scalar {
  const e = tf.sub(a, t);
  switch (name) {
    case "mae":
      return tf.mean(tf.abs(e));
    case "mse":
      return tf.mean(tf.square(e));
    case "huber": {
      // 0.5·q² + (|e| − q) with q = min(|e|, 1): 0.5e² within ±1, |e| − 0.5 beyond; written
      // without tf.where, whose condition has no gradient in TensorFlow.js.
      const abs = tf.abs(e);
      const q = tf.minimum(abs, 1);
      return tf.mean(tf.add(tf.mul(0.5, tf.square(q)), tf.sub(abs, q)));
    }
    case "crossEntropy":
      return tf.neg(tf.mean(tf.sum(tf.mul(t, tf.logSoftmax(z)), 1))) as tf.Scalar;
    case "binaryCrossEntropy":
      return tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, t)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))));
    default:
      throw new Error(`no TensorFlow.js reference for the loss ${name}`);
  }
}

function optimizerOf(s: OptimizerSettings): tf.Optimizer {
  if (s.type === "adam") return tf.train.adam(s.learningRate, s.beta1, s.beta2, s.epsilon);
  if (s.type === "momentum" || s.momentum > 0) return tf.train.momentum(s.learningRate, s.momentum);
  return tf.train.sgd(s.learningRate);
}

export interface ReferenceRun {
  sizes: number[];
  activations: ActivationName[];
  loss: LossName;
  optimizer: OptimizerSettings;
  initial: WeightsJson;
  x: number[][];
  targets: number[][];
  epochs: number;
  /** Rows per step; the last batch of an epoch may be smaller. Default: all of them. */
  batchSize?: number;
  /** Each epoch's order of the rows (a shuffled run's, replayed); default 0, 1, 2, … every epoch. */
  orders?: number[][];
  regularization?: { type: "l1" | "l2"; rate: number } | null;
}

/**
 * Training in batches of `batchSize` rows in each epoch's order, one optimizer step a batch; returns each
 * epoch's loss as our trainer and Keras report it: the mean over the epoch's rows of each
 * batch's loss measured before that batch's update.
 */
export async function referenceLosses(run: ReferenceRun): Promise<number[]> {
  await tfReady();
  const vars = run.initial.layers.map((l, k) => ({
    w: tf.variable(tf.tensor2d(l.weights, [run.sizes[k], run.sizes[k + 1]])),
    b: tf.variable(tf.tensor1d(l.biases)),
  }));
  const rows = run.x.length;
  const batchSize = Math.min(run.batchSize ?? rows, rows);
  type Batch = { x: tf.Tensor2D; t: tf.Tensor2D; rows: number };
  const batchesOf = (order: number[]): Batch[] => {
    const batches: Batch[] = [];
    for (let start = 0; start < rows; start += batchSize) {
      const picked = order.slice(start, start + batchSize);
      batches.push({ x: tf.tensor2d(picked.map((r) => run.x[r])), t: tf.tensor2d(picked.map((r) => run.targets[r])), rows: picked.length });
    }
    return batches;
  };
  const inOrder = batchesOf(run.x.map((_, r) => r));
  const optimizer = optimizerOf(run.optimizer);
  const losses: number[] = [];
  const reg = run.regularization;
  const params = vars.flatMap((v) => [v.w, v.b]);
  const clipNorm = run.optimizer.clipNorm;
  const stepOn = ({ x, t }: Batch): number => {
    let dataLoss = Number.NaN;
    const objective = () => {
      let a = x as tf.Tensor2D;
      let z = a;
      vars.forEach((v, k) => {
        z = tf.add(tf.matMul(a, v.w), v.b);
        a = activate(run.activations[k], z);
      });
      const data = lossOf(run.loss, z, a, t);
      // Our trainer reports the loss without the penalty, as Keras does; keep it apart.
      dataLoss = data.dataSync()[0];
      if (!reg) return data;
      const penalty = vars.map((v) => tf.sum(reg.type === "l2" ? tf.square(v.w) : tf.abs(v.w)));
      return tf.add(data, tf.mul(reg.rate, tf.addN(penalty))) as tf.Scalar;
    };
    if (clipNorm === null) {
      optimizer.minimize(objective, true, params)?.dispose();
    } else {
      // torch.nn.utils.clip_grad_norm_: the L2 norm of all gradients together, every gradient
      // scaled by min(1, clipNorm / (norm + 1e-6)), written with TensorFlow.js ops.
      const { value, grads } = tf.variableGrads(objective, params);
      const scaled = tf.tidy(() => {
        const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
        const scale = tf.minimum(1, tf.div(clipNorm, tf.add(norm, 1e-6)));
        return Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.mul(g, scale)]));
      });
      optimizer.applyGradients(scaled);
      for (const g of [...Object.values(grads), ...Object.values(scaled)]) g.dispose();
      value.dispose();
    }
    return dataLoss;
  };
  for (let epoch = 0; epoch < run.epochs; epoch++) {
    const order = run.orders?.[epoch];
    const batches = order ? batchesOf(order) : inOrder;
    let lossSum = 0;
    for (const batch of batches) lossSum += stepOn(batch) * batch.rows;
    losses.push(lossSum / rows);
    if (batches !== inOrder) disposeAll(batches);
  }
  for (const v of vars) {
    v.w.dispose();
    v.b.dispose();
  }
  disposeAll(inOrder);
  optimizer.dispose();
  return losses;
}

function disposeAll(batches: { x: tf.Tensor; t: tf.Tensor }[]): void {
  for (const b of batches) {
    b.x.dispose();
    b.t.dispose();
  }
}

/**
 * Trains `trainer` to the end batch by batch, noting each epoch's order of the training rows
 * `x`: a batch's inputs are in the network's input buffer after its step, except the epoch's
 * last batch (measuring validation data reuses the buffer), which holds the rows the epoch has
 * not yet taken; their order within the batch does not change its mean. Rows must be distinct.
 */
function trainNotingOrder(trainer: Trainer, x: number[][]): number[][] {
  const rowOf = new Map(x.map((row, r) => [row.join(), r]));
  if (rowOf.size !== x.length) throw new Error("trainNotingOrder: two training rows are the same, so the order cannot be read from the inputs");
  const f = trainer.net.inputSize;
  const requested = trainer.spec.training.batchSize;
  const batchSize = requested === "full" ? x.length : Math.min(requested, x.length);
  const orders: number[][] = [];
  let order: number[] = [];
  while (!trainer.finished) {
    const rows = Math.min(batchSize, x.length - order.length);
    if (trainer.stepBatch()) {
      const taken = new Set(order);
      orders.push([...order, ...x.map((_, r) => r).filter((r) => !taken.has(r))]);
      order = [];
    } else {
      const input = trainer.net.inputBuffer(rows);
      for (let r = 0; r < rows; r++) order.push(rowOf.get(Array.from(input.subarray(r * f, (r + 1) * f)).join()) ?? -1);
    }
  }
  return orders;
}

/**
 * `loaded` trained by our Trainer and by the TensorFlow.js reference from the same initial
 * weights, for the spec's epochs and batch size, each epoch's rows in the trainer's order (noted
 * as it trains, when the spec shuffles): each side's loss per epoch, our epochs' metrics and the
 * orders. The inputs are the numbers the trainer sees, read by the data set's own rule (pixels
 * included).
 */
export async function lossesBothWays(
  loaded: LoadedSpec,
): Promise<{ ours: number[]; reference: number[]; history: EpochMetrics[]; orders: number[][] | undefined }> {
  const { spec, train } = loaded;
  const trainer = new Trainer(loaded);
  const initial = trainer.weights();
  const x = Array.from({ length: train.rows }, (_, row) => Array.from(featureRow(train, row)));
  let orders: number[][] | undefined;
  if (spec.training.shuffle) orders = trainNotingOrder(trainer, x);
  else while (!trainer.finished) trainer.stepEpoch();
  const width = spec.sizes[spec.sizes.length - 1];
  const t = targetMatrix(train, width);
  const reference = await referenceLosses({
    sizes: spec.sizes,
    activations: spec.activations,
    loss: spec.loss,
    optimizer: spec.optimizer,
    initial,
    x,
    targets: Array.from({ length: train.rows }, (_, row) => Array.from(t.subarray(row * width, (row + 1) * width))),
    epochs: spec.training.epochs,
    batchSize: spec.training.batchSize === "full" ? train.rows : spec.training.batchSize,
    regularization: spec.regularization,
    orders,
  });
  return { ours: trainer.history.map((m) => m.loss), reference, history: trainer.history, orders };
}
