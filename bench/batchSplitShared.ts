/**
 * The two halves of a split training step (bench/batchSplit.ts) and what they share: the weights,
 * the training data and each half's gradients live in SharedArrayBuffers; an Int32Array of
 * control words says which batch to take and when a half is done. No message is posted per step:
 * the thread that waits for a word spins briefly, then sleeps in Atomics.wait until the other
 * thread's Atomics.notify.
 */
import { workerData } from "node:worker_threads";
import type { ActivationName } from "../src/core/nn/activations";
import { Network } from "../src/core/nn/network";

/** What both threads see, sent once to the worker (SharedArrayBuffers are shared, not copied). */
export interface SplitShared {
  sizes: number[];
  activations: ActivationName[];
  batch: number;
  weights: SharedArrayBuffer[];
  biases: SharedArrayBuffer[];
  /** The worker's half's gradients, written by the worker, read by the main thread. */
  workerGradWeights: SharedArrayBuffer[];
  workerGradBiases: SharedArrayBuffer[];
  /** Training rows (rows × inputs) and their one-hot targets (rows × classes). */
  x: SharedArrayBuffer;
  targets: SharedArrayBuffer;
  /** Int32 control words, at the indices below. */
  control: SharedArrayBuffer;
  /** The worker's half's loss sum (one Float64). */
  workerLoss: SharedArrayBuffer;
}

/** Control words: the step number the main thread asks for, the last step the worker finished, the batch's first row (−1: stop). */
export const GO = 0;
export const DONE = 1;
export const FROM = 2;

/** Loads before sleeping: a short spin answers within a microsecond while the other half is nearly done. */
const SPIN = 20_000;

/** Longest a half waits for the other: a worker that failed never answers, and the bench must not hang. */
const PATIENCE_MS = 30_000;

/** Returns once control[index] is no longer `old`. */
export function waitWhile(control: Int32Array, index: number, old: number): void {
  for (let i = 0; i < SPIN; i++) if (Atomics.load(control, index) !== old) return;
  const deadline = performance.now() + PATIENCE_MS;
  while (Atomics.load(control, index) === old) {
    if (Atomics.wait(control, index, old, deadline - performance.now()) === "timed-out")
      throw new Error(`bench --split: the other half of the step did not answer within ${PATIENCE_MS / 1000} s`);
  }
}

export const f64 = (buffers: SharedArrayBuffer[]) => buffers.map((b) => new Float64Array(b));

/** A network whose weights and biases are the shared ones; `gradients` (when given) become its gradient buffers. */
export function sharedNetwork(s: SplitShared, gradients?: { weights: Float64Array[]; biases: Float64Array[] }): Network {
  const net = new Network(s.sizes, s.activations);
  const [w, b] = [f64(s.weights), f64(s.biases)];
  for (let k = 0; k < net.layerCount; k++) {
    net.weights[k] = w[k];
    net.biases[k] = b[k];
    if (gradients) {
      net.gradWeights[k] = gradients.weights[k];
      net.gradBiases[k] = gradients.biases[k];
    }
  }
  return net;
}

/**
 * One network's share of a step: rows [from, from + rows) of the data through forward and
 * backward (each half's gradient is that of its own rows' mean loss). Returns the rows' loss sum.
 */
export function halfStep(net: Network, x: Float64Array, targets: Float64Array, from: number, rows: number): number {
  const [inputs, classes] = [net.inputSize, net.outputSize];
  net.inputBuffer(rows).set(x.subarray(from * inputs, (from + rows) * inputs));
  const t = targets.subarray(from * classes, (from + rows) * classes);
  net.forward(rows);
  const loss = net.lossSum("crossEntropy", t);
  net.backward("crossEntropy", t);
  return loss;
}

/** The worker's loop: wait for a step, train the batch's second half, say it is done; until told to stop. */
export function runSplitWorker(): void {
  const s = workerData.batchSplit as SplitShared;
  const net = sharedNetwork(s, { weights: f64(s.workerGradWeights), biases: f64(s.workerGradBiases) });
  const [x, targets] = [new Float64Array(s.x), new Float64Array(s.targets)];
  const control = new Int32Array(s.control);
  const loss = new Float64Array(s.workerLoss);
  const first = s.batch >> 1;
  let step = 0;
  for (;;) {
    waitWhile(control, GO, step);
    step = Atomics.load(control, GO);
    const from = Atomics.load(control, FROM);
    if (from < 0) return;
    loss[0] = halfStep(net, x, targets, from + first, s.batch - first);
    Atomics.store(control, DONE, step);
    Atomics.notify(control, DONE);
  }
}

/** Whether this thread was started as a split step's worker. */
export const isSplitWorker = () => workerData?.batchSplit !== undefined;
