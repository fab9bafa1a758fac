/**
 * The specs the PyTorch export is checked on: every bundled example, and small specs that
 * between them use every activation, loss, optimizer and regularization, and the corners of
 * batching, initialisation and seeding.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { encode as encodePng } from "fast-png";
import { memoryFiles, type SpecFiles } from "../../src/core/base/files";
import { nodeFiles } from "../../src/node/nodeFiles";
import { EXAMPLES_DIR, exampleFiles } from "../helpers/examples";

export interface Case {
  name: string;
  text: string;
  files: SpecFiles;
}

const CIRCLE = { source: "circle", samples: 120, noise: 0.1 };
const HILL = { source: "gaussianHill", samples: 120, noise: 0.05 };

/** A spec from its fields, on a small circle data set by default. */
function spec(name: string, fields: Record<string, unknown>, files: SpecFiles = memoryFiles({})): Case {
  const base = { data: CIRCLE, optimizer: { type: "adam", learningRate: 0.02 }, training: { batchSize: 16, seed: 3 } };
  return { name, text: JSON.stringify({ name, ...base, ...fields }), files };
}

const classifier = (hidden: string, extra: Record<string, unknown> = {}) => ({
  layers: [{ units: 2 }, { units: 8, activation: hidden }, { units: 2, activation: "softmax" }],
  loss: "crossEntropy",
  ...extra,
});

const HIDDEN_ACTIVATIONS = ["linear", "relu", "leakyRelu", "elu", "sigmoid", "tanh", "softplus", "gelu"];

/**
 * Total inputs of about 20.3, 30 and 45 for softplus: past 20, where PyTorch's default threshold
 * would turn it into x (off by e^-20.3 ≈ 1.5e-9 in its slope), and past 40, where NNSpec's is x.
 */
const BIG_SOFTPLUS_WEIGHTS = JSON.stringify({
  layers: [
    { weights: [[20.3, 30, 45]], biases: [0, 0, 0] },
    { weights: [[0.1], [-0.05], [0.02]], biases: [0] },
  ],
});

export function exampleCases(): Case[] {
  return exampleFiles()
    .filter((f) => f.endsWith(".nnspec.json"))
    .map((f) => {
      const path = join(EXAMPLES_DIR, f);
      return { name: `example ${f}`, text: readFileSync(path, "utf8"), files: nodeFiles(path) };
    });
}

export function specCases(): Case[] {
  return [
    ...HIDDEN_ACTIVATIONS.map((a) => spec(`hidden ${a}`, classifier(a))),
    // Losses, each with the output it suits or the one the lesson warns about.
    spec("mae on a softmax output", classifier("tanh", { loss: "mae" })),
    spec("mse on a softmax output", classifier("tanh", { loss: "mse" })),
    spec("huber on a softmax output", classifier("relu", { loss: "huber" })),
    spec("binaryCrossEntropy, one sigmoid output", {
      layers: [{ units: 2 }, { units: 8, activation: "relu" }, { units: 1, activation: "sigmoid" }],
      loss: "binaryCrossEntropy",
    }),
    spec("binaryCrossEntropy, a sigmoid output per class", {
      layers: [{ units: 2 }, { units: 8, activation: "tanh" }, { units: 2, activation: "sigmoid" }],
      loss: "binaryCrossEntropy",
    }),
    spec("mse on one sigmoid output", { layers: [{ units: 2 }, { units: 8, activation: "elu" }, { units: 1, activation: "sigmoid" }], loss: "mse" }),
    spec("regression: mse, linear output", {
      data: HILL,
      layers: [{ units: 2 }, { units: 10, activation: "tanh" }, { units: 1, activation: "linear" }],
      loss: "mse",
    }),
    spec("regression: mae", { data: HILL, layers: [{ units: 2 }, { units: 10, activation: "gelu" }, { units: 1, activation: "linear" }], loss: "mae" }),
    spec("regression: huber, relu output", {
      data: HILL,
      layers: [{ units: 2 }, { units: 10, activation: "sigmoid" }, { units: 1, activation: "relu" }],
      loss: "huber",
    }),
    spec("regression: several targets, tanh output", {
      data: {
        source: "inline",
        x: Array.from({ length: 30 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7)]),
        y: Array.from({ length: 30 }, (_, i) => [Math.sin(i) * 0.5, Math.cos(i * 0.7) * Math.sin(i) * 0.8, 0.1 * i - 1.5]),
        validationSplit: 0.3,
      },
      layers: [{ units: 2 }, { units: 6, activation: "leakyRelu" }, { units: 3, activation: "tanh" }],
      loss: "mse",
      metrics: { tolerance: 0.2 },
    }),
    // Optimizers.
    spec("sgd", classifier("tanh", { optimizer: { type: "sgd", learningRate: 0.5 } })),
    spec("sgd with a momentum", classifier("relu", { optimizer: { type: "sgd", learningRate: 0.1, momentum: 0.5 } })),
    spec("momentum", classifier("sigmoid", { optimizer: { type: "momentum", learningRate: 0.1 } })),
    spec("adam with its own betas and epsilon", classifier("elu", { optimizer: { type: "adam", learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 } })),
    // Gradient clipping, tight enough to clip every batch (the gradient norms here are about 0.1–1).
    spec("clipNorm with sgd", classifier("tanh", { optimizer: { type: "sgd", learningRate: 0.5, clipNorm: 0.05 } })),
    spec(
      "clipNorm with adam and l2",
      classifier("relu", { optimizer: { type: "adam", learningRate: 0.01, clipNorm: 0.02 }, regularization: { type: "l2", rate: 0.01 } }),
    ),
    // Regularization.
    spec("l2 with adam", classifier("relu", { regularization: { type: "l2", rate: 0.01 } })),
    spec("l2 with momentum", classifier("tanh", { optimizer: { type: "momentum", learningRate: 0.05 }, regularization: { type: "l2", rate: 0.001 } })),
    spec("l1 with sgd", classifier("tanh", { optimizer: { type: "sgd", learningRate: 0.3 }, regularization: { type: "l1", rate: 0.001 } })),
    // Batches, initial weights and seeds.
    spec("no shuffling, a batch size that leaves a short last batch", classifier("relu", { training: { batchSize: 7, shuffle: false } })),
    spec("full batch", classifier("tanh", { training: { batchSize: "full" } })),
    spec("uniform init, a batch larger than the data", classifier("relu", { init: "uniform", training: { batchSize: 1000, seed: 9 } })),
    spec("zeros init: every output ties", classifier("tanh", { init: "zeros" })),
    spec("he init, a negative seed", classifier("relu", { init: "he", training: { batchSize: 16, seed: -5 } })),
    spec("a seed past 2^32", classifier("tanh", { training: { batchSize: 10, seed: 1e12 + 7 } })),
    spec("three hidden layers, mixed activations", {
      layers: [
        { units: 2 },
        { units: 6, activation: "relu" },
        { units: 5, activation: "sigmoid" },
        { units: 4, activation: "tanh" },
        { units: 2, activation: "softmax" },
      ],
      loss: "crossEntropy",
    }),
    spec(
      "softplus past its linear threshold",
      {
        data: { source: "inline", x: [[1], [1.01], [0.99], [1.02], [0.98], [1.005]], y: [1, 2, 3, 4, 0.5, 2.5], validationSplit: 0.34 },
        layers: [{ units: 1 }, { units: 3, activation: "softplus" }, { units: 1, activation: "linear" }],
        loss: "mse",
        optimizer: { type: "sgd", learningRate: 0.001 },
        init: "big.weights.json",
      },
      memoryFiles({ "big.weights.json": BIG_SOFTPLUS_WEIGHTS }),
    ),
    // Dropout (NNSpec's masks, replayed by the script) and early stopping, within the test's 20 epochs.
    spec("dropout on two hidden layers, a short last batch", {
      layers: [
        { units: 2 },
        { units: 10, activation: "relu", dropout: 0.3 },
        { units: 6, activation: "sigmoid", dropout: 0.5 },
        { units: 2, activation: "softmax" },
      ],
      loss: "crossEntropy",
      training: { batchSize: 7, seed: 3 },
    }),
    spec("dropout on a linear hidden layer, no shuffling", {
      layers: [{ units: 2 }, { units: 6, activation: "linear", dropout: 0.2 }, { units: 6, activation: "tanh" }, { units: 1, activation: "sigmoid" }],
      loss: "binaryCrossEntropy",
      training: { batchSize: 10, shuffle: false, seed: 3 },
    }),
    spec("early stopping that stops and restores the best epoch, with dropout", {
      data: { source: "xor", samples: 40, noise: 0.3 },
      layers: [{ units: 2 }, { units: 32, activation: "relu", dropout: 0.1 }, { units: 2, activation: "softmax" }],
      loss: "crossEntropy",
      optimizer: { type: "adam", learningRate: 0.1 },
      training: { batchSize: 8, seed: 3, earlyStopping: { patience: 2 } },
    }),
    spec("early stopping with minDelta, keeping the last weights", {
      data: { source: "xor", samples: 40, noise: 0.3 },
      ...classifier("tanh"),
      optimizer: { type: "sgd", learningRate: 2 },
      // minDelta 0.1 makes epoch 1 the best (with 0.03 it is epoch 5): the stop after epoch 4 is minDelta's.
      training: { batchSize: 4, seed: 3, earlyStopping: { patience: 3, minDelta: 0.1, restoreBest: false } },
    }),
    // Images, whose data file holds bytes (base64) and the rule that makes them numbers.
    spec(
      "digits, standardized",
      {
        data: { source: "digits", samples: 300, scale: "standardize" },
        layers: [{ shape: [28, 28, 1] }, { units: 16, activation: "relu" }, { units: 10, activation: "softmax" }],
        loss: "crossEntropy",
        optimizer: { type: "sgd", learningRate: 0.05 },
      },
      nodeFiles(join(EXAMPLES_DIR, "digits.nnspec.json")),
    ),
    spec(
      "an image folder in colour, resized",
      {
        data: { source: "imageFolder", path: "pics", size: [3, 3], channels: 3, validationSplit: 0.25 },
        layers: [{ shape: [3, 3, 3] }, { units: 4, activation: "tanh" }, { units: 2, activation: "softmax" }],
        loss: "crossEntropy",
        training: { batchSize: 3, seed: 2 },
      },
      memoryFiles(colourPictures()),
    ),
  ];
}

/** Eight 4 × 4 colour PNGs in two class folders, reds and blues with some noise of their own. */
function colourPictures(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < 8; i++) {
    const red = i % 2 === 0;
    const data = Uint8Array.from({ length: 4 * 4 * 3 }, (_, k) => ((k % 3 === (red ? 0 : 2) ? 200 : 30) + 7 * i + k) % 256);
    files[`pics/${red ? "red" : "blue"}/${i}.png`] = encodePng({ width: 4, height: 4, data, channels: 3, depth: 8 });
  }
  return files;
}
