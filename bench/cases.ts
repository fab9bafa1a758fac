/** The benchmark cases, as both implementations need them: the spiral, MNIST-shaped seeded strokes, and real handwritten digits. */

import { join } from "node:path";
import { noFiles } from "../src/core/base/files";
import { copyFeatureRows, type Dataset } from "../src/core/data/dataset";
import { generate } from "../src/core/data/generators";
import type { ActivationName } from "../src/core/nn/activations";
import { type LoadedSpec, loadSpec } from "../src/core/spec/load";
import { nodeFiles } from "../src/node/nodeFiles";
import { mnistShaped } from "./data";

export interface BenchCase {
  name: "spiral" | "mnist-shaped" | "digits";
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

/** A data set's rows as the numbers the network sees. */
function numbers(d: Dataset): Float64Array {
  const out = new Float64Array(d.rows * d.featureNames.length);
  copyFeatureRows(d, 0, d.rows, out);
  return out;
}

function caseFrom(name: BenchCase["name"], spec: object, dataset: LoadedSpec["dataset"], files = noFiles()): BenchCase {
  const result = loadSpec(JSON.stringify(spec), files);
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
    // TensorFlow.js gets numbers; our trainer reads the data set as it is (pixels as bytes for images).
    x: train.x instanceof Float64Array ? train.x : numbers(train),
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

/**
 * The 10,000 real MNIST digits that ship with NNSpec through the same 784 → 128 → 64 → 10 network:
 * our trainer reads them as bytes (÷ 255 as each batch is made), as it trains any image spec.
 */
export function digitsCase(): BenchCase {
  const spec = {
    data: { source: "digits", validationSplit: 0 },
    layers: [{ shape: [28, 28, 1] }, { units: 128, activation: "relu" }, { units: 64, activation: "relu" }, { units: 10, activation: "softmax" }],
    loss: "crossEntropy",
    optimizer: { type: "sgd", learningRate: 0.05 },
    training: { epochs: 1_000_000, batchSize: 64, shuffle: false },
    init: "he",
  };
  const files = nodeFiles(join(process.cwd(), "examples", "digits.nnspec.json"));
  const loaded = loadSpec(JSON.stringify(spec), files).loaded;
  if (!loaded) throw new Error("bench: the bundled digits did not load (run npm run build)");
  return caseFrom("digits", spec, loaded.dataset, files);
}
