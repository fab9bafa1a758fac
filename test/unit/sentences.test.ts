/**
 * The sentences the panel, the walkthrough and the README say about training, held against the
 * numbers: each claim measured on the run it is about, so that a change to the examples or the
 * core that makes a sentence false fails here.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { lossAlongWeight } from "../../src/core/train/lossAlongWeight";
import type { EpochMetrics } from "../../src/core/train/metrics";
import { Trainer } from "../../src/core/train/trainer";
import { readExample } from "../helpers/examples";
import { loadText } from "../helpers/load";

const ROOT = join(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

function train(text: string, files: Record<string, string> = {}, overrides: Parameters<typeof loadText>[2] = {}): Trainer {
  const trainer = new Trainer(loadText(text, files, overrides));
  while (!trainer.finished) trainer.stepEpoch();
  return trainer;
}
const epochsWith = (history: EpochMetrics[], id: string) => history.filter((m) => m.findings.some((f) => f.id === id)).map((m) => m.epoch);
/** Prose wrapped over lines, as one line. */
const unwrapped = (path: string) => read(path).replace(/\s*\n\s*/g, " ");

describe("what the texts say, measured", () => {
  it("README: MAE on the spiral's softmax stalls at 70% with mean gradients of 2.1e-6, then 3e-7 and 3e-7", () => {
    const { history } = train(readExample("spiral.nnspec.json"), {}, { loss: "mae" });
    const end = history[history.length - 1];
    assert.equal(Math.round((end.valAccuracy ?? 0) * 100), 70);
    const [first, second, third] = end.gradients.map((g) => g.meanAbs);
    assert.equal(first.toExponential(1), "2.1e-6");
    assert.equal(second.toExponential(0), "3e-7");
    assert.equal(third.toExponential(0), "3e-7");
    assert.match(unwrapped("README.md"), /stalls at 70% accuracy with mean gradients of 2\.1e-6 in layers\[1\] and 3e-7 in layers\[2\] and layers\[3\]/);
  });

  it("walkthrough 6: L2 at 0.01 keeps the validation loss under 0.25 (0.13 at the end); overfitting from epoch 28 to 86, dead units from 465, 53% at the end", () => {
    const text = readExample("overfitting.nnspec.json").replace('"init": "he"', '"init": "he", "regularization": { "type": "l2", "rate": 0.01 }');
    const { history } = train(text);
    const end = history[history.length - 1];
    assert.ok(history.every((m) => (m.valLoss ?? 1) < 0.25));
    assert.equal((end.valLoss ?? 0).toFixed(2), "0.13");
    const overfitting = epochsWith(history, "overfitting");
    assert.deepEqual([overfitting[0], overfitting[overfitting.length - 1]], [28, 86]);
    assert.equal(epochsWith(history, "dead")[0], 465);
    assert.equal(Math.round((end.gradients[0].deadShare ?? 0) * 100), 53);
    // The spec already uses he initialisation: the advice does not suggest it again.
    const dead = end.findings.find((f) => f.id === "dead");
    assert.match(dead?.message ?? "", /try a lower learning rate or leakyRelu$/);
    assert.equal(dead?.fix?.value, "leakyRelu");
    for (const page of ["media/walkthrough/6-overfitting.md", "media/walkthrough/ko/6-overfitting.md"]) {
      assert.match(unwrapped(page), /28|에포크 28/);
      assert.match(unwrapped(page), /53%/);
      assert.doesNotMatch(unwrapped(page), /finding goes away|항목이 사라집니다/);
    }
  });

  it("walkthrough 5: with MSE at learning rate 2 the number game's guesses jump 40 ↔ 60 and the MSE stays 100", () => {
    const text = readExample("number-guessing-mse.nnspec.json").replace('"learningRate": 0.5', '"learningRate": 2');
    const trainer = new Trainer(loadText(text, { "number-guessing.weights.json": readExample("number-guessing.weights.json") }));
    for (let epoch = 0; epoch < 4; epoch++) {
      trainer.stepEpoch();
      assert.equal(trainer.history[epoch].loss, 100, `epoch ${epoch + 1}`);
    }
    assert.match(unwrapped("media/walkthrough/5-gradient.md"), /goes downhill if the learning rate is small enough/);
    assert.match(unwrapped("media/walkthrough/5-gradient.md"), /40 ↔ 60/);
  });

  it("the loss along a weight: through a softmax MAE's slope is not ±1/n (dog/cat: −0.16 at w = 0, −0.077 at w = 1)", () => {
    const files = { "dog-cat.weights.json": readExample("dog-cat.weights.json") };
    const trainer = new Trainer(loadText(readExample("dog-cat.nnspec.json"), files));
    const slope = () => lossAlongWeight(trainer, { layer: 1, from: 0, to: 0 }).curves.find((c) => c.loss === "mae")?.gradient ?? 0;
    assert.equal(slope().toFixed(2), "-0.16");
    trainer.setParameter({ layer: 1, from: 0, to: 0 }, 1);
    assert.equal(slope().toFixed(3), "-0.077");
    const caption = read("webview/lossAlong.ts");
    assert.match(caption, /through a softmax or a sigmoid, both are multiplied by the output's own slope/);
    assert.doesNotMatch(caption, /its slope does not shrink as the answer nears/);
  });

  it("no text says the card's step is the one training takes, nor that every step goes against the gradient", () => {
    for (const path of ["README.md", "media/walkthrough/5-gradient.md", "webview/sampleCard.ts", "webview/controls.ts"]) {
      const text = unwrapped(path);
      assert.doesNotMatch(text, /the step the optimizer takes|a step moves each weight against|A step moves the weight against/, path);
    }
    assert.match(unwrapped("README.md"), /would take if this sample were the whole batch/);
  });

  it("findings: Adam's step is not promised for every small gradient; saturation is a share of outputs", () => {
    const findings = ["findings.ts", "findings/runFindings.ts", "findings/layerFindings.ts"].map((f) => read(`src/core/train/${f}`)).join("\n");
    assert.doesNotMatch(findings, /a step of about the learning rate however small its gradient/);
    assert.match(read("webview/findings.ts"), /saturated: t\("Saturated outputs"\)/);
    assert.match(read("webview/predictions.ts"), /Training samples: the data has no validation split/);
    assert.match(read("src/core/nn/optimizers/adam.ts"), /divided by the square root of the running average of its squared gradient/);
    assert.doesNotMatch(unwrapped("docs/nnspec-format.md"), /still generalising better/);
  });
});
