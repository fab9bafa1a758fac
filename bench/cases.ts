/** The two benchmark cases of the training-core issue, as both implementations need them. */

import { noFiles } from "../src/core/base/files";
import { generate } from "../src/core/data/generators";
import type { ActivationName } from "../src/core/nn/activations";
import { type LoadedSpec, loadSpec } from "../src/core/spec/load";
import { mnistShaped } from "./data";

export interface BenchCase {
  name: "spiral" | "mnist-shaped";
  sizes: number[];
  activations: ActivationName[];
  batchSize: number;
  learningRate: number;
  trainRows: number;
  /** Training rows only, row-major. */
  x: Float64Array;
  labels: Int32Array;
  /** What our trainer needs: the resolved spec with this data, 20% held out for validation. */
  loaded: LoadedSpec;
}

function caseFrom(name: BenchCase["name"], spec: object, dataset: LoadedSpec["dataset"]): BenchCase {
  const result = loadSpec(JSON.stringify(spec), noFiles());
  if (!result.loaded) throw new Error(`bench spec ${name}: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  const loaded = result.loaded;
  // Hold out the last 20% for the per-epoch validation metrics; the rest trains.
  const trainRows = Math.round(dataset.rows * 0.8);
  const f = dataset.featureNames.length;
  const slice = (from: number, to: number) => ({
    ...dataset,
    rows: to - from,
    x: dataset.x.slice(from * f, to * f),
    labels: dataset.labels?.slice(from, to),
  });
  const train = slice(0, trainRows);
  const withData: LoadedSpec = { ...loaded, dataset, train, validation: slice(trainRows, dataset.rows) };
  return {
    name,
    sizes: loaded.spec.sizes,
    activations: loaded.spec.activations,
    batchSize: loaded.spec.training.batchSize as number,
    learningRate: loaded.spec.optimizer.learningRate,
    trainRows,
    x: train.x as Float64Array, // generated and CSV data: numbers
    labels: train.labels ?? new Int32Array(0),
    loaded: withData,
  };
}

export function spiralCase(): BenchCase {
  const spec = {
    data: { source: "spiral", samples: 1000, noise: 0.1 },
    layers: [{ units: 2 }, { units: 16, activation: "tanh" }, { units: 16, activation: "tanh" }, { units: 2, activation: "softmax" }],
    loss: "crossEntropy",
    optimizer: { type: "sgd", learningRate: 0.1 },
    training: { epochs: 1_000_000, batchSize: 32, shuffle: false },
  };
  return caseFrom("spiral", spec, generate("spiral", 1000, 0.1, 1));
}

export function mnistShapedCase(): BenchCase {
  const data = mnistShaped();
  const spec = {
    // A stand-in data section of the right shape; the bench data replaces it.
    data: { source: "inline", task: "classification", x: [new Array(784).fill(0)], y: [9], validationSplit: 0 },
    layers: [{ units: 784 }, { units: 128, activation: "relu" }, { units: 64, activation: "relu" }, { units: 10, activation: "softmax" }],
    loss: "crossEntropy",
    optimizer: { type: "sgd", learningRate: 0.05 },
    training: { epochs: 1_000_000, batchSize: 64, shuffle: false },
    init: "he",
  };
  const dataset = {
    task: "classification" as const,
    rows: data.rows,
    featureNames: Array.from({ length: 784 }, (_, i) => `p${i}`),
    x: data.x,
    labels: data.labels,
    classNames: Array.from({ length: 10 }, (_, i) => String(i)),
    classListComplete: true,
    targetCount: 1,
  };
  return caseFrom("mnist-shaped", spec, dataset);
}
