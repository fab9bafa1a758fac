/**
 * `npm run bench -- --split`: does splitting a batch across two threads pay? A training step
 * (forward, backward, the halves' weight gradients summed, the SGD update) timed (a) in one
 * thread with NNSpec's Network and kernels, and (b) split in two halves of the batch, this
 * thread and one worker_threads Worker, over SharedArrayBuffers synchronised with Atomics
 * (bench/batchSplitShared.ts). The two halves' gradients are summed in a fixed order, first
 * half then second, so a split step's result is the same on every run; it is checked against
 * one thread's within 1e-12 before any timing.
 *
 * The machine is shared: the two take turns (one thread, split, split, one thread, …), each
 * turn TURN_SECONDS, ROUNDS rounds after a first that is not counted; the figures are the
 * medians of the rounds' steps per second and of each round's ratio.
 */
import { Worker } from "node:worker_threads";
import { Rng } from "../src/core/base/rng";
import { generate } from "../src/core/data/generators";
import type { ActivationName } from "../src/core/nn/activations";
import { type InitScheme, initialiseWeights } from "../src/core/nn/init";
import { Network } from "../src/core/nn/network";
import { DONE, FROM, f64, GO, halfStep, type SplitShared, sharedNetwork, waitWhile } from "./batchSplitShared";
import { mnistShaped } from "./data";

const ROUNDS = Number(process.env.NNSPEC_SPLIT_ROUNDS ?? 7);
const TURN_SECONDS = Number(process.env.NNSPEC_SPLIT_TURN_SECONDS ?? 0.4);
const LEARNING_RATE = 0.01;

interface SplitCase {
  name: string;
  sizes: number[];
  activations: ActivationName[];
  init: InitScheme;
  batch: number;
  rows: number;
  x: Float64Array;
  labels: Int32Array;
}

function cases(): SplitCase[] {
  const digits = mnistShaped(4096);
  const mnist = { sizes: [784, 128, 64, 10], activations: ["relu", "relu", "softmax"] as ActivationName[], init: "he" as const };
  const spiral = generate("spiral", 1000, 0.1, 1);
  return [
    { name: "784-128-64-10 relu, batch 64", ...mnist, batch: 64, rows: digits.rows, x: digits.x, labels: digits.labels },
    { name: "784-128-64-10 relu, batch 256", ...mnist, batch: 256, rows: digits.rows, x: digits.x, labels: digits.labels },
    {
      name: "2-16-16-2 tanh, batch 32",
      sizes: [2, 16, 16, 2],
      activations: ["tanh", "tanh", "softmax"],
      init: "xavier",
      batch: 32,
      rows: spiral.rows,
      x: spiral.x as Float64Array,
      labels: spiral.labels as Int32Array,
    },
  ];
}

const shared = (values: Float64Array) => {
  const buffer = new SharedArrayBuffer(values.byteLength);
  new Float64Array(buffer).set(values);
  return buffer;
};

/** The one-thread step and the split step over the same data, starting from the same weights. */
function steppers(c: SplitCase, workerFile: string) {
  const classes = c.sizes[c.sizes.length - 1];
  const targets = new Float64Array(c.rows * classes);
  for (let r = 0; r < c.rows; r++) targets[r * classes + c.labels[r]] = 1;
  const single = new Network(c.sizes, c.activations);
  initialiseWeights(single, c.init, new Rng(1));
  const s: SplitShared = {
    sizes: c.sizes,
    activations: c.activations,
    batch: c.batch,
    weights: single.weights.map(shared),
    biases: single.biases.map(shared),
    workerGradWeights: single.gradWeights.map(shared),
    workerGradBiases: single.gradBiases.map(shared),
    x: shared(c.x),
    targets: shared(targets),
    control: new SharedArrayBuffer(3 * 4),
    workerLoss: new SharedArrayBuffer(8),
  };
  const control = new Int32Array(s.control);
  const worker = new Worker(workerFile, { workerData: { batchSplit: s } });
  const main = sharedNetwork(s);
  const [x, t] = [new Float64Array(s.x), new Float64Array(s.targets)];
  const [workerGradW, workerGradB] = [f64(s.workerGradWeights), f64(s.workerGradBiases)];
  const workerLoss = new Float64Array(s.workerLoss);
  const summedW = single.gradWeights.map((g) => new Float64Array(g.length));
  const summedB = single.gradBiases.map((g) => new Float64Array(g.length));
  const first = c.batch >> 1;
  const second = c.batch - first;
  let step = 0;

  const update = (w: Float64Array[], b: Float64Array[], gW: Float64Array[], gB: Float64Array[]) => {
    for (let k = 0; k < w.length; k++) {
      for (let i = 0; i < w[k].length; i++) w[k][i] -= LEARNING_RATE * gW[k][i];
      for (let i = 0; i < b[k].length; i++) b[k][i] -= LEARNING_RATE * gB[k][i];
    }
  };
  /** Each half's gradient is its rows' mean; weighted by rows and summed, first half first: the batch's mean. */
  const sum = (into: Float64Array[], a: Float64Array[], b: Float64Array[]) => {
    for (let k = 0; k < into.length; k++) {
      const [o, ga, gb] = [into[k], a[k], b[k]];
      for (let i = 0; i < o.length; i++) o[i] = (first * ga[i] + second * gb[i]) / c.batch;
    }
  };
  return {
    oneThread(from: number, learn = true, rows = c.batch): number {
      const loss = halfStep(single, x, t, from, rows);
      if (learn) update(single.weights, single.biases, single.gradWeights, single.gradBiases);
      return loss;
    },
    split(from: number, learn = true): number {
      Atomics.store(control, FROM, from);
      Atomics.store(control, GO, ++step);
      Atomics.notify(control, GO);
      const loss = halfStep(main, x, t, from, first);
      waitWhile(control, DONE, step - 1);
      sum(summedW, main.gradWeights, workerGradW);
      sum(summedB, main.gradBiases, workerGradB);
      if (learn) update(main.weights, main.biases, summedW, summedB);
      return loss + workerLoss[0];
    },
    /** The largest difference between the two steps' gradients, relative to each layer's largest gradient entry, and entry by entry. */
    difference(from: number): { ofLayer: number; ofEntry: number; loss: number } {
      for (let k = 0; k < single.layerCount; k++) {
        main.weights[k].set(single.weights[k]);
        main.biases[k].set(single.biases[k]);
      }
      const lossOne = this.oneThread(from, false);
      const lossSplit = this.split(from, false);
      let [ofLayer, ofEntry] = [0, 0];
      const pairs = [...single.gradWeights.map((g, k) => [g, summedW[k]]), ...single.gradBiases.map((g, k) => [g, summedB[k]])];
      for (const [a, b] of pairs) {
        let largest = 0;
        for (const v of a) largest = Math.max(largest, Math.abs(v));
        for (let i = 0; i < a.length; i++) {
          const d = Math.abs(a[i] - b[i]);
          if (d > 0) ofLayer = Math.max(ofLayer, d / largest);
          if (d > 0) ofEntry = Math.max(ofEntry, d / Math.max(Math.abs(a[i]), Math.abs(b[i])));
        }
      }
      return { ofLayer, ofEntry, loss: Math.abs(lossOne - lossSplit) / Math.abs(lossOne) };
    },
    batches: Math.floor(c.rows / c.batch),
    stop(): Promise<number> {
      Atomics.store(control, FROM, -1);
      Atomics.store(control, GO, ++step);
      Atomics.notify(control, GO);
      return new Promise((resolve) => worker.once("exit", resolve));
    },
  };
}

/** Steps per second of `step` over `seconds`, the batches taken in turn. */
function stepsPerSecond(step: (from: number) => number, batch: number, batches: number, seconds: number): number {
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < seconds * 1000) step((n++ % batches) * batch);
  return n / ((performance.now() - started) / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function measureBatchSplit(workerFile: string, json: boolean): Promise<void> {
  if (!json)
    console.log(
      `\nSplitting a batch across two threads (this one and a worker, SharedArrayBuffers and Atomics), ${ROUNDS} rounds of ${TURN_SECONDS} s turns, medians:\n`,
    );
  for (const c of cases()) {
    const s = steppers(c, workerFile);
    let worst = { ofLayer: 0, ofEntry: 0, loss: 0 };
    for (let b = 0; b < Math.min(4, s.batches); b++) {
      const d = s.difference(b * c.batch);
      worst = { ofLayer: Math.max(worst.ofLayer, d.ofLayer), ofEntry: Math.max(worst.ofEntry, d.ofEntry), loss: Math.max(worst.loss, d.loss) };
    }
    const one: number[] = [];
    const split: number[] = [];
    const half: number[] = [];
    const halfBatch = (from: number) => s.oneThread(from, true, c.batch >> 1);
    for (let round = 0; round <= ROUNDS; round++) {
      // Alternate which goes first, so a spell of load does not always fall on the same one.
      const turns = round % 2 === 0 ? (["one", "split", "half"] as const) : (["half", "split", "one"] as const);
      const measured: Record<string, number> = {};
      const runs = { one: s.oneThread, split: s.split, half: halfBatch };
      for (const turn of turns) measured[turn] = stepsPerSecond(runs[turn], c.batch, s.batches, TURN_SECONDS);
      if (round === 0) continue; // first turns run slower (the JIT's tiers, the worker's start)
      one.push(measured.one);
      split.push(measured.split);
      half.push(measured.half);
    }
    await s.stop();
    const ratios = split.map((v, i) => v / one[i]);
    const terms = c.batch * c.sizes.slice(1).reduce((sum, out, k) => sum + c.sizes[k] * out, 0);
    // A half batch in one thread: what each thread of a split does, so its speed is the split's ceiling.
    const ceiling = median(half.map((v, i) => v / one[i]));
    const figures = { oneThread: median(one), split: median(split), ratio: median(ratios), ratios, ceiling, worst, forwardMultiplyAdds: terms };
    if (json) console.log(JSON.stringify({ case: `split ${c.name}`, ...figures }));
    else {
      const n = (v: number) => Math.round(v).toLocaleString("en").padStart(8);
      console.log(
        `  ${c.name.padEnd(30)} one thread ${n(figures.oneThread)} steps/s, split ${n(figures.split)} steps/s: ${figures.ratio.toFixed(2)}×` +
          ` (rounds ${ratios.map((r) => `${r.toFixed(2)}×`).join(" ")}); a half batch in one thread ${figures.ceiling.toFixed(2)}× (the ceiling)`,
      );
      console.log(`    ${terms.toLocaleString("en")} multiply-adds a forward pass (backward: twice as many)`);
      const ok = worst.ofLayer <= 1e-12 && worst.loss <= 1e-12;
      console.log(
        `    gradients against one thread's: ≤ ${worst.ofLayer.toExponential(1)} of each layer's largest entry, entry by entry ≤ ${worst.ofEntry.toExponential(1)}; loss ${worst.loss.toExponential(1)}${ok ? " (≤1e-12 ✓)" : " (>1e-12 ✗)"}`,
      );
    }
  }
}
