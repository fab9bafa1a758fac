/**
 * The lesson's examples that teach one figure each, checked at that figure: the outlier's pull
 * on MSE's line and not on MAE's; the number game's two guesses, whose ∂L/∂a is ±1/4 with the
 * sign of guess − answer; a ReLU below zero, whose f′(z), δ and ∂L/∂w are 0. The Korean copies
 * train to the same numbers (examplesKorean.test.ts).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { LossName } from "../../src/core/nn/losses";
import { traceSample } from "../../src/core/train/sampleTrace";
import { Trainer } from "../../src/core/train/trainer";
import { readExample } from "../helpers/examples";
import { loadText } from "../helpers/load";

function trained(file: string, loss?: LossName, files: Record<string, string> = {}) {
  const trainer = new Trainer(loadText(readExample(file), files, { loss }));
  while (!trainer.finished) trainer.stepEpoch();
  return trainer;
}

describe("MAE and MSE in general beside their instance, on the card", () => {
  it("dog/cat: MAE = (1/n)·Σ|ŷ − y| above (|0.8 − 1| + |0.2 − 0|) / 2 = 0.2, MSE likewise", () => {
    const files = { "dog-cat.weights.json": readExample("dog-cat.weights.json") };
    for (const [loss, rule, instance] of [
      ["mae", "MAE = (1/n)·Σ|ŷ − y|", "MAE = (|0.8 − 1| + |0.2 − 0|) / 2 = 0.2"],
      ["mse", "MSE = (1/n)·Σ(ŷ − y)²", "MSE = (0.2² + 0.2²) / 2 = 0.04"],
    ] as const) {
      const loaded = loadText(readExample("dog-cat.nnspec.json"), files, { loss });
      const trainer = new Trainer(loaded);
      const trace = traceSample(trainer.net, trainer.loss, loaded.dataset, 0, loaded.rowOfSample);
      assert.equal(trace.lossRule, rule);
      assert.equal(trace.formula, instance);
    }
    for (const page of ["media/walkthrough/4-loss.md", "media/walkthrough/ko/4-loss.md"]) {
      const text = readFileSync(join(import.meta.dirname, "..", "..", page), "utf8");
      assert.ok(text.includes("(1/n)·Σ|ŷ − y|") && text.includes("(1/n)·Σ(ŷ − y)²"), page);
    }
  });
});

describe("100% accuracy does not mean a loss of 0 (examples/dog-cat.nnspec.json)", () => {
  it("epoch 1: accuracy 100% at MAE 0.2, and the example and the walkthrough say so", () => {
    const trainer = new Trainer(loadText(readExample("dog-cat.nnspec.json"), { "dog-cat.weights.json": readExample("dog-cat.weights.json") }));
    trainer.stepEpoch();
    assert.equal(trainer.history[0].accuracy, 1);
    assert.ok(Math.abs(trainer.history[0].loss - 0.2) < 1e-12);
    for (const file of ["dog-cat.nnspec.json", "ko/dog-cat.nnspec.json"]) assert.match(readExample(file), /100%/);
    const root = join(import.meta.dirname, "..", "..");
    assert.match(readFileSync(join(root, "media/walkthrough/4-loss.md"), "utf8"), /100% accuracy does not mean a loss of 0/);
  });
});

describe("the outlier pulls MSE's line, not MAE's (examples/outliers.nnspec.json)", () => {
  const CLEAN = Array.from({ length: 11 }, (_, i) => -1 + 0.2 * i);
  /** The fitted line's slope and intercept, and its mean distance from y = x / 2 at the eleven clean points. */
  const fitted = (loss: LossName) => {
    const net = trained("outliers.nnspec.json", loss).net;
    const [w, b] = [net.weights[0][0], net.biases[0][0]];
    const pull = CLEAN.reduce((s, x) => s + Math.abs(w * x + b - x / 2), 0) / CLEAN.length;
    return { w, b, pull };
  };

  it("MSE: y = 0.98·x + 0.38, 0.4 off the clean points; MAE: y = 0.5·x − 0.007, within 0.01 of them; Huber between", () => {
    const mse = fitted("mse");
    const mae = fitted("mae");
    const huber = fitted("huber");
    assert.deepEqual([mse.w.toFixed(2), mse.b.toFixed(2), mse.pull.toFixed(1)], ["0.98", "0.38", "0.4"]);
    assert.deepEqual([mae.w.toFixed(2), mae.b.toFixed(3)], ["0.50", "-0.007"]);
    assert.ok(mae.pull < 0.01, `MAE's line is on the points: ${mae.pull}`);
    assert.deepEqual([huber.w.toFixed(2), huber.b.toFixed(2)], ["0.61", "0.09"]);
    // MSE's line is nearly the least-squares line of the twelve points (after 100 epochs).
    const xs = [...CLEAN, 0.5];
    const ys = [...CLEAN.map((x) => x / 2), 5];
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const [mx, my] = [mean(xs), mean(ys)];
    const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    assert.deepEqual([slope.toFixed(2), (my - slope * mx).toFixed(2)], ["0.97", "0.38"]);
    assert.ok(Math.abs(mse.w - slope) < 0.01 && Math.abs(mse.b - (my - slope * mx)) < 0.01, `${mse.w}, ${mse.b} vs ${slope}`);
    assert.ok(mse.pull > 3 * huber.pull && huber.pull > 10 * mae.pull, `pulls ${mse.pull} > ${huber.pull} > ${mae.pull}`);
  });
});

describe("the lesson's two guesses (examples/number-guessing-two-guesses.nnspec.json)", () => {
  const files = { "number-guessing-two-guesses.weights.json": readExample("number-guessing-two-guesses.weights.json") };

  it("below: ∂L/∂a = −1/4 in every output; above: +1/4, and 0 where the guess is exact; MAE 1 and 0.75", () => {
    const loaded = loadText(readExample("number-guessing-two-guesses.nnspec.json"), files);
    const trainer = new Trainer(loaded);
    const card = (sample: number) => traceSample(trainer.net, trainer.loss, loaded.dataset, sample, loaded.rowOfSample);
    const below = card(0);
    const above = card(1);
    assert.deepEqual(below.output, [49, 28, 339, 66]);
    assert.deepEqual(above.output, [51, 29, 341, 68]);
    assert.deepEqual(below.target, [50, 29, 340, 67]);
    assert.deepEqual(below.layers[0].dLda, [-0.25, -0.25, -0.25, -0.25]);
    assert.deepEqual(above.layers[0].dLda, [0.25, 0, 0.25, 0.25]);
    // The card's sign is that of guess − answer; the lesson's "1 and −1" is answer − guess.
    for (const c of [below, above]) {
      c.layers[0].dLda?.forEach((d, j) => {
        assert.equal(Math.sign(d), Math.sign(c.output[j] - c.target[j]));
      });
    }
    assert.equal(below.loss, 1);
    assert.equal(above.loss, 0.75);
    trainer.stepEpoch();
    assert.equal(trainer.history[0].loss, 0.875, "one full batch: the mean of the two");
  });
});

describe("a ReLU below zero gets no update (examples/dog-cat-relu.nnspec.json)", () => {
  const files = { "dog-cat-relu.weights.json": readExample("dog-cat-relu.weights.json") };

  it("the lesson's [0.8, 0.2] and MAE 0.2; the unit at z = −1 has f′(z) 0, δ 0, ∂L/∂w 0 in and out", () => {
    const loaded = loadText(readExample("dog-cat-relu.nnspec.json"), files);
    const trainer = new Trainer(loaded);
    const trace = traceSample(trainer.net, trainer.loss, loaded.dataset, 0, loaded.rowOfSample);
    assert.ok(Math.abs(trace.output[0] - 0.8) < 1e-12 && Math.abs(trace.loss - 0.2) < 1e-12);
    const relu = trace.layers[0];
    assert.deepEqual(relu.z, [1, -1]);
    assert.deepEqual(relu.derivative, [1, 0]);
    assert.equal(relu.delta[1], 0);
    assert.equal(trace.gradients[0].weights[0][1], 0, "no update for the weight into the unit below zero");
    assert.equal(trace.gradients[0].biases[1], 0);
    assert.deepEqual(trace.gradients[1].weights[1], [0, 0], "nor for the weights out of it");
    assert.equal(trace.gradients[0].weights[0][0].toFixed(3), "-0.032", "the unit above zero gets one");
    // Training: the weight into the silent unit never moves.
    const before = trainer.net.weights[0][1];
    while (!trainer.finished) trainer.stepEpoch();
    assert.equal(trainer.net.weights[0][1], before);
    assert.ok(trainer.history[trainer.history.length - 1].loss < 0.001);
  });
});
