/**
 * Our trainer against an independent implementation (TensorFlow.js ops and autodiff, CPU
 * backend): the same initial weights, data and schedule (the whole batch, or mini-batches with a
 * partial last one, rows in order) must give the same loss in every epoch, for every loss and
 * optimizer. TensorFlow.js computes in float32, hence 1e-4.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { noFiles } from "../../src/core/base/files";
import { Rng } from "../../src/core/base/rng";
import { LOSSES, type LossName } from "../../src/core/nn/losses";
import { OPTIMIZERS, type OptimizerName } from "../../src/core/nn/optimizers";
import { loadSpec } from "../../src/core/spec/load";
import type { EpochMetrics } from "../../src/core/train/metrics";
import { Trainer } from "../../src/core/train/trainer";
import { lossesBothWays } from "../helpers/tfjsReference";

const EPOCHS = 25;
const TOLERANCE = 1e-4;

/** A small data set and network that suit `loss`. */
function specFor(loss: LossName, optimizer: OptimizerName, extra: Record<string, unknown> = {}): string {
  const rng = new Rng(7);
  const rows = 24;
  const x = Array.from({ length: rows }, () => [rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)]);
  let y: unknown[];
  let layers: unknown[];
  if (loss === "crossEntropy") {
    y = x.map(([a, b]) => (a + b > 0.3 ? 2 : a - b > 0 ? 1 : 0));
    layers = [{ units: 3 }, { units: 6, activation: "tanh" }, { units: 5, activation: "elu" }, { units: 3, activation: "softmax" }];
  } else if (loss === "binaryCrossEntropy") {
    y = x.map(([a, b, c]) => (a * b + c > 0 ? 1 : 0));
    layers = [{ units: 3 }, { units: 6, activation: "relu" }, { units: 1, activation: "sigmoid" }];
  } else {
    y = x.map(([a, b, c]) => [a * b + 0.3, Math.sin(2 * c)]);
    layers = [{ units: 3 }, { units: 6, activation: "tanh" }, { units: 4, activation: "gelu" }, { units: 2, activation: "linear" }];
  }
  const learningRate = optimizer === "adam" ? 0.02 : 0.1;
  return JSON.stringify({
    data: { source: "inline", task: loss.includes("ntropy") ? "classification" : "regression", x, y, validationSplit: 0 },
    layers,
    loss,
    optimizer: { type: optimizer, learningRate },
    training: { epochs: EPOCHS, batchSize: "full", shuffle: false, seed: 3 },
    init: "xavier",
    ...extra,
  });
}

async function compare(text: string): Promise<EpochMetrics[]> {
  const result = loadSpec(text, noFiles());
  assert.ok(result.loaded, JSON.stringify(result.diagnostics));
  const { ours, reference, history } = await lossesBothWays(result.loaded);
  assert.ok(ours[EPOCHS - 1] < ours[0], "the run learns something, so the comparison covers real updates");
  ours.forEach((loss, epoch) => {
    const relative = Math.abs(loss - reference[epoch]) / Math.max(1e-6, Math.abs(reference[epoch]));
    assert.ok(relative < TOLERANCE, `epoch ${epoch + 1}: ours ${loss}, TensorFlow.js ${reference[epoch]} (relative ${relative.toExponential(2)})`);
  });
  return history;
}

describe("training matches TensorFlow.js epoch by epoch", () => {
  for (const loss of LOSSES) {
    for (const optimizer of OPTIMIZERS) {
      it(`${loss} with ${optimizer}`, async () => {
        await compare(specFor(loss, optimizer));
      });
    }
  }
  it("L2 regularization (penalty rate·Σw²)", async () => {
    await compare(specFor("mse", "sgd", { regularization: { type: "l2", rate: 0.01 } }));
  });
  it("L1 regularization (penalty rate·Σ|w|)", async () => {
    await compare(specFor("crossEntropy", "momentum", { regularization: { type: "l1", rate: 0.005 } }));
  });
});

/** `specFor`'s spec trained in batches of `batchSize` rows, in order; 24 rows in batches of 10 are 10, 10 and a partial 4. */
function batched(text: string, batchSize: number): string {
  const spec = JSON.parse(text);
  return JSON.stringify({ ...spec, training: { ...spec.training, batchSize } });
}

describe("mini-batches match TensorFlow.js epoch by epoch: 24 rows in batches of 10, 10 and 4, one step each", () => {
  const BATCH = 10;
  const stepsPerEpoch = (text: string) => {
    const result = loadSpec(text, noFiles());
    assert.ok(result.loaded, JSON.stringify(result.diagnostics));
    return new Trainer(result.loaded).batchesPerEpoch;
  };
  for (const loss of LOSSES) {
    for (const optimizer of OPTIMIZERS) {
      it(`${loss} with ${optimizer}`, async () => {
        const text = batched(specFor(loss, optimizer), BATCH);
        assert.equal(stepsPerEpoch(text), 3, "three steps an epoch, the last on 4 rows");
        const ours = await compare(text);
        assert.notDeepEqual(
          ours.map((m) => m.loss),
          (await compare(specFor(loss, optimizer))).map((m) => m.loss),
          "the batches change the run, so they are what is compared",
        );
      });
    }
  }
  it("L2 regularization and clipping on every batch (crossEntropy with momentum)", async () => {
    const text = batched(specFor("crossEntropy", "momentum", { regularization: { type: "l2", rate: 0.01 } }), BATCH);
    const spec = JSON.parse(text);
    const clipped = await compare(JSON.stringify({ ...spec, optimizer: { ...spec.optimizer, clipNorm: 0.1 } }));
    assert.notDeepEqual(
      clipped.map((m) => m.loss),
      (await compare(text)).map((m) => m.loss),
      "the limit clips some batches' steps",
    );
  });
});

describe("shuffled mini-batches match TensorFlow.js epoch by epoch, NNSpec's order replayed", () => {
  for (const loss of LOSSES) {
    for (const optimizer of OPTIMIZERS) {
      it(`${loss} with ${optimizer}`, async () => {
        const spec = JSON.parse(batched(specFor(loss, optimizer), 10));
        const text = JSON.stringify({ ...spec, training: { ...spec.training, shuffle: true } });
        const result = loadSpec(text, noFiles());
        assert.ok(result.loaded, JSON.stringify(result.diagnostics));
        const { orders } = await lossesBothWays(result.loaded);
        assert.ok(orders && orders.length === EPOCHS);
        for (const order of orders)
          assert.deepEqual(
            [...order].sort((a, b) => a - b),
            Array.from({ length: 24 }, (_, r) => r),
            "every row once an epoch",
          );
        assert.notDeepEqual(orders[0].slice(0, 20), orders[1].slice(0, 20), "the order changes from epoch to epoch");
        await compare(text);
      });
    }
  }
});

describe("gradient clipping (optimizer.clipNorm) matches clip_grad_norm_ written with TensorFlow.js ops", () => {
  const clipped = (loss: LossName, optimizer: OptimizerName, clipNorm: number, extra: Record<string, unknown> = {}) => {
    const spec = JSON.parse(specFor(loss, optimizer, extra));
    return JSON.stringify({ ...spec, optimizer: { ...spec.optimizer, clipNorm } });
  };
  /** Each epoch's global gradient norm (full batch: one step an epoch), from the statistics: RMS² × count summed. */
  const norms = (history: EpochMetrics[], sizes: number[]) =>
    history.map((m) => Math.sqrt(m.gradients.reduce((sum, g, k) => sum + g.rms ** 2 * sizes[k] * sizes[k + 1] + g.biasRms ** 2 * sizes[k + 1], 0)));
  const losses = (history: EpochMetrics[]) => history.map((m) => m.loss);

  for (const optimizer of OPTIMIZERS) {
    it(`mse with ${optimizer}, every step clipped`, async () => {
      const text = clipped("mse", optimizer, 0.05);
      const ours = await compare(text);
      const sizes = JSON.parse(text).layers.map((l: { units: number }) => l.units);
      assert.ok(
        norms(ours, sizes).every((n) => n > 0.05),
        "the gradient's norm exceeds the limit in every epoch, so every step is clipped",
      );
      assert.notDeepEqual(losses(ours), losses(await compare(specFor("mse", optimizer))));
    });
  }
  it("crossEntropy with momentum and L2: the norm is taken after regularization", async () => {
    const l2 = { regularization: { type: "l2", rate: 0.05 } };
    const ours = await compare(clipped("crossEntropy", "momentum", 0.1, l2));
    assert.notDeepEqual(losses(ours), losses(await compare(specFor("crossEntropy", "momentum", l2))));
  });
  it("a limit above the norm changes nothing", async () => {
    assert.deepEqual(losses(await compare(clipped("binaryCrossEntropy", "adam", 1e6))), losses(await compare(specFor("binaryCrossEntropy", "adam"))));
  });
});
