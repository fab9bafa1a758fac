/** The update-to-weight ratio, the direction of successive steps and each unit's mean |δ|, against hand counts. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { memoryFiles } from "../../src/core/base/files";
import type { LossName } from "../../src/core/nn/losses";
import { loadSpec } from "../../src/core/spec/load";
import { cosine, updateRatio } from "../../src/core/train/steps";
import { Trainer } from "../../src/core/train/trainer";
import { nodeFiles } from "../../src/node/nodeFiles";
import { EXAMPLES_DIR, readExample } from "../helpers/examples";

/** One input, one linear output, w = 1 and b = 0 to start; MSE against 3. */
function line(x: number[], optimizer: string, batchSize: number | "full" = 1): Trainer {
  const text = `{ "data": { "source": "inline", "task": "regression", "x": ${JSON.stringify(x.map((v) => [v]))}, "y": ${JSON.stringify(x.map(() => 3))}, "validationSplit": 0 },
    "layers": [{ "units": 1 }, { "units": 1, "activation": "linear" }], "loss": "mse", "optimizer": ${optimizer}, "init": "w.json",
    "training": { "epochs": 10, "batchSize": ${JSON.stringify(batchSize)}, "shuffle": false } }`;
  const result = loadSpec(text, memoryFiles({ "w.json": `{ "layers": [ { "weights": [[1]], "biases": [0] } ] }` }));
  assert.ok(result.loaded, JSON.stringify(result.diagnostics));
  return new Trainer(result.loaded);
}

describe("update ratio: log10(RMS over the epoch's batches of ‖step‖ ÷ ‖weights after the epoch‖)", () => {
  it("one SGD step, by hand", () => {
    // x = 1: a = 1, dL/dw = 2·(1 − 3)·1 = −4; lr 0.1 steps w by 0.4 to 1.4.
    const m = line([1], `{ "type": "sgd", "learningRate": 0.1 }`).stepEpoch();
    assert.ok(Math.abs((m?.gradients[0].updateRatio ?? 0) - Math.log10(0.4 / 1.4)) < 1e-12);
  });

  it("two SGD steps in an epoch: the root mean square of their sizes", () => {
    // Batch 1 (x = 1) as above: w 1 → 1.4, b 0 → 0.4. Batch 2 (x = 2): a = 2·1.4 + 0.4 = 3.2,
    // dL/dw = 2·0.2·2 = 0.8, so w steps by 0.08 to 1.32.
    const m = line([1, 2], `{ "type": "sgd", "learningRate": 0.1 }`).stepEpoch();
    const expected = Math.log10(Math.sqrt((0.4 ** 2 + 0.08 ** 2) / 2) / 1.32);
    assert.ok(Math.abs((m?.gradients[0].updateRatio ?? 0) - expected) < 1e-12, `${m?.gradients[0].updateRatio} vs ${expected}`);
  });

  it("Adam's first step is about the learning rate whatever the gradient's size", () => {
    // m̂ = g and v̂ = g², so the step is lr·g / (|g| + ε) ≈ lr = 0.01: w 1 → 1.01.
    const m = line([1], `{ "type": "adam", "learningRate": 0.01 }`).stepEpoch();
    assert.ok(Math.abs((m?.gradients[0].updateRatio ?? 0) - Math.log10(0.01 / 1.01)) < 1e-8);
  });

  it("null when nothing moved (a loss of exactly 0) or the weights are all 0", () => {
    assert.equal(updateRatio(0, 3, Float64Array.from([1, 2])), null);
    assert.equal(updateRatio(1, 3, new Float64Array(2)), null);
    assert.equal(updateRatio(1, 0, Float64Array.from([1])), null);
    // √(8/2) / ‖(3, 4)‖ = 2 / 5.
    assert.equal(updateRatio(8, 2, Float64Array.from([3, 4])), Math.log10(2 / 5));
  });
});

describe("step direction: the cosine between successive epochs' changes of the weights", () => {
  const numberGuessing = (loss: LossName, epochs: number) => {
    const file = "number-guessing.nnspec.json";
    const result = loadSpec(readExample(file), nodeFiles(join(EXAMPLES_DIR, file)), { loss, epochs });
    assert.ok(result.loaded);
    const t = new Trainer(result.loaded);
    while (!t.finished) t.stepEpoch();
    return t.history;
  };

  it("the lesson's number guessing with MAE moves the same way every epoch (1), then stops (null)", () => {
    const h = numberGuessing("mae", 12);
    assert.equal(h[0].stepCosine, null, "no previous epoch");
    for (const m of h.slice(1, 10)) assert.ok(Math.abs((m.stepCosine ?? 0) - 1) < 1e-12);
    assert.equal(h[11].stepCosine, null, "loss 0: no step");
    assert.equal(h[11].gradients[0].updateRatio, null);
  });

  it("with MSE at learning rate 2 each step undoes the last (−1): the guess swings 40 ↔ 60", () => {
    for (const m of numberGuessing("mse", 8).slice(1)) assert.ok(Math.abs((m.stepCosine ?? 0) + 1) < 1e-12, String(m.stepCosine));
  });

  it("cosine by hand", () => {
    assert.equal(cosine(Float64Array.from([1, 0]), Float64Array.from([0, 2])), 0);
    assert.equal(cosine(Float64Array.from([3, 4]), Float64Array.from([-6, -8])), -1);
    assert.equal(cosine(Float64Array.from([0, 0]), Float64Array.from([1, 2])), null);
  });
});

describe("each unit's mean |δ| over the last epoch", () => {
  it("is the mean over the epoch's samples of each sample's own |dL/dz|, by hand", () => {
    // Two batches of one sample each. Batch 1: x = 1, δ = 2·(1 − 3) = −4. After its step
    // (w 1.4, b 0.4), batch 2: x = 2, a = 3.2, δ = 2·0.2 = 0.4. Mean |δ| = (4 + 0.4) / 2.
    const t = line([1, 2], `{ "type": "sgd", "learningRate": 0.1 }`);
    assert.deepEqual(t.unitGradients(), [[0]], "zero before the first epoch");
    t.stepEpoch();
    const [[unit]] = t.unitGradients();
    assert.ok(Math.abs(unit - 2.2) < 1e-12, String(unit));
    // A full batch's δ is of its mean loss; each sample's own is batch size times it: the same means.
    const full = line([1, 2], `{ "type": "sgd", "learningRate": 0.1 }`, "full");
    full.stepEpoch();
    // Both samples at w = 1, b = 0: δ = 2·(1 − 3) = −4 and 2·(2 − 3) = −2.
    assert.ok(Math.abs(full.unitGradients()[0][0] - 3) < 1e-12);
  });

  it("a ReLU unit that is never on gets 0: dead units show where they are", () => {
    const spec = `{ "data": { "source": "xor", "samples": 40 }, "layers": [{ "units": 2 }, { "units": 4, "activation": "relu" }, { "units": 2 }], "init": "w.json",
      "optimizer": { "learningRate": 0.001 }, "training": { "epochs": 1 } }`;
    // Unit 3 has a bias of −100: no input in [−1.1, 1.1]² lifts it above zero.
    const w = `{ "layers": [ { "weights": [[1, -1, 0.5, 0], [1, 1, -0.5, 0]], "biases": [0, 0, 0, -100] }, { "weights": [[1, 0], [0, 1], [1, 1], [1, 1]], "biases": [0, 0] } ] }`;
    const result = loadSpec(spec, memoryFiles({ "w.json": w }));
    assert.ok(result.loaded);
    const t = new Trainer(result.loaded);
    t.stepEpoch();
    const [hidden, output] = t.unitGradients();
    assert.equal(hidden.length, 4);
    assert.equal(output.length, 2);
    assert.equal(hidden[3], 0);
    assert.ok(hidden.slice(0, 3).every((d) => d > 0));
  });
});
