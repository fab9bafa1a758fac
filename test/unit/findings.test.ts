/**
 * Every finding on a spec built to trigger it and on one built not to (often the same spec with
 * the finding's own fix applied, which shows the fix works).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { SpecFix } from "../../src/core/base/diagnostics";
import { memoryFiles, noFiles, type SpecFiles } from "../../src/core/base/files";
import { LIMITS } from "../../src/core/base/limits";
import type { LossName } from "../../src/core/nn/losses";
import { loadSpec } from "../../src/core/spec/load";
import { constantAnswerLoss, FINDING_IDS, type Finding, type FindingContext, findings, targetSpread } from "../../src/core/train/findings";
import type { EpochMetrics, LayerGradientStats } from "../../src/core/train/metrics";
import { Trainer } from "../../src/core/train/trainer";
import { withValue } from "../../src/extension/specEdits";
import { nodeFiles } from "../../src/node/nodeFiles";
import { EXAMPLES_DIR, readExample } from "../helpers/examples";
import { layerStats } from "../helpers/gradientStats";

function train(text: string, files: SpecFiles = noFiles(), options: { loss?: LossName; epochs?: number } = {}): EpochMetrics[] {
  const result = loadSpec(text, files, options);
  assert.ok(result.loaded, JSON.stringify(result.diagnostics.map((d) => d.message)));
  const trainer = new Trainer(result.loaded);
  while (!trainer.finished) trainer.stepEpoch();
  return trainer.history;
}

const example = (file: string, edit: (text: string) => string = (s) => s, options: { loss?: LossName; epochs?: number } = {}) => {
  const text = edit(readExample(file));
  return { text, history: train(text, nodeFiles(join(EXAMPLES_DIR, file)), options), files: nodeFiles(join(EXAMPLES_DIR, file)) };
};

/** "id" or "id@layer" for each finding of `m`. */
const ids = (m: EpochMetrics) => m.findings.map((f) => (f.layer === null ? f.id : `${f.id}@${f.layer}`));
const find = (m: EpochMetrics, id: Finding["id"], layer: number | null = null) => m.findings.find((f) => f.id === id && f.layer === layer);
const applyFix = (text: string, fix: SpecFix | undefined) => {
  assert.ok(fix, "the finding offers a fix");
  return withValue(text, fix.path, fix.value);
};
const last = (h: EpochMetrics[]) => h[h.length - 1];

/** The hidden layer of the circle example as sigmoid, trained by plain SGD at the default rate 0.03. */
const sigmoidCircle = (text: string) =>
  text
    .replace('"relu"', '"sigmoid"')
    .replace('"type": "adam", "learningRate": 0.03', '"type": "sgd", "learningRate": 0.03')
    .replace(/,\s*"init": "he"/, "");

describe("the chance level: the loss of the best single answer for every input, by hand", () => {
  const t = (...values: number[]) => Float64Array.from(values);
  it("cross-entropy: the class shares' entropy, ln 2 for two balanced classes", () => {
    assert.ok(Math.abs((constantAnswerLoss("crossEntropy", "softmax", t(1, 0, 0, 1), 2, 2) ?? 0) - Math.LN2) < 1e-12);
    // Three of class 0, one of class 1: −(¾·ln ¾ + ¼·ln ¼).
    const shares = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
    assert.ok(Math.abs((constantAnswerLoss("crossEntropy", "softmax", t(1, 0, 1, 0, 1, 0, 0, 1), 4, 2) ?? 0) - shares) < 1e-12);
    assert.ok(Math.abs((constantAnswerLoss("binaryCrossEntropy", "sigmoid", t(1, 1, 1, 0), 4, 1) ?? 0) - shares) < 1e-12);
  });
  it("MSE: the targets' variance; MAE: the mean distance to their median", () => {
    // Targets 1, 2, 6: mean 3, variance (4 + 1 + 9) / 3; median 2, mean |t − 2| = (1 + 0 + 4) / 3.
    assert.ok(Math.abs((constantAnswerLoss("mse", "linear", t(1, 2, 6), 3, 1) ?? 0) - 14 / 3) < 1e-12);
    assert.ok(Math.abs((constantAnswerLoss("mae", "linear", t(1, 2, 6), 3, 1) ?? 0) - 5 / 3) < 1e-12);
    assert.equal(constantAnswerLoss("mse", "linear", t(), 0, 1), null);
  });
  it("the targets' spread: the mean over outputs of their standard deviation", () => {
    // Column 1: 1, 3 (deviation 1); column 2: 5, 5 (0).
    assert.equal(targetSpread(t(1, 5, 3, 5), 2, 2), 0.5);
  });
});

describe("chance: the loss sits at the loss of one answer for every input", () => {
  it("the hidden-layer sigmoid circle at learning rate 0.03 sits at ln 2 answering the same for every input", () => {
    const { text, history } = example("circle.nnspec.json", sigmoidCircle, { epochs: 100 });
    for (const m of history.slice(0, 19)) assert.equal(find(m, "chance"), undefined, "not before 20 epochs at chance");
    const finding = find(last(history), "chance");
    assert.ok(finding, JSON.stringify(ids(last(history))));
    assert.match(finding.message, /^The loss has stayed at the chance level for 20 epochs: 0\.69\d*, against 0\.692\d* for the best single answer/);
    assert.deepEqual(finding.fix?.value, { type: "adam", learningRate: 0.01 });
    // Its fix, Adam, gets it off chance: by epoch 100 the finding is gone.
    const fixed = train(applyFix(text, finding.fix), noFiles(), { epochs: 100 });
    assert.equal(find(last(fixed), "chance"), undefined);
    assert.ok(last(fixed).loss < 0.25 && last(fixed).accuracy > 0.9, `loss ${last(fixed).loss}, accuracy ${last(fixed).accuracy}`);
  });
});

describe("initialLoss: the loss before training far above ln C", () => {
  const spec = `{ "data": { "source": "inline", "task": "classification", "x": [[1, 0], [0, 1], [-1, 0], [0, -1], [1, 1], [-1, -1]], "y": [0, 1, 0, 1, 0, 1], "validationSplit": 0 },
    "layers": [{ "units": 2 }, { "units": 2, "activation": "softmax" }], "loss": "crossEntropy", "optimizer": { "type": "sgd", "learningRate": 0.1 },
    "init": "w.json", "training": { "epochs": 5, "batchSize": "full", "shuffle": false } }`;
  const weights = (w: number) => memoryFiles({ "w.json": `{ "layers": [ { "weights": [[${w}, ${-w}], [${w}, ${-w}]], "biases": [0, 0] } ] }` });

  it("an output layer that starts sure of its answers (logits ±20) starts at a loss of 20/3 against ln 2", () => {
    // Each sample's logit gap is 2·10·(x1 + x2): two of the six samples are on the wrong side by
    // 20 (a loss of 20 each, the rest about 0): (20 + 20) / 6.
    const h = train(spec, weights(10));
    const finding = find(h[0], "initialLoss", 1);
    assert.ok(finding);
    assert.match(finding.message, /^The loss before training was 6\.6667, far above 0\.6931/);
    assert.equal(finding.fix, undefined, "weights from a file: no initialisation to change");
  });

  it("small initial weights start near ln 2: no finding", () => {
    for (const m of train(spec, weights(0.1))) assert.equal(find(m, "initialLoss", 1), undefined);
  });
});

describe("bouncing: each step undoes the last and the loss makes no progress", () => {
  it("number guessing with MSE at learning rate 2 swings 40 ↔ 60 at loss 100; its fix (1) lands on the answer", () => {
    const { text, history } = example("number-guessing.nnspec.json", (s) => s, { loss: "mse", epochs: 12 });
    assert.ok(history.every((m) => m.loss === 100));
    for (const m of history.slice(0, 6)) assert.equal(find(m, "bouncing"), undefined, "six reversals needed");
    const finding = find(last(history), "bouncing");
    assert.ok(finding, JSON.stringify(ids(last(history))));
    assert.match(finding.message, /The learning rate \(2\) is too high for this loss; try 1\.$/);
    const fixed = train(applyFix(text, finding.fix), nodeFiles(join(EXAMPLES_DIR, "number-guessing.nnspec.json")), { loss: "mse", epochs: 12 });
    assert.ok(fixed.every((m) => find(m, "bouncing") === undefined));
    assert.deepEqual(ids(last(fixed)), ["converged"]);
  });

  it("number guessing with MAE moves steadily: no bouncing", () => {
    const { history } = example("number-guessing.nnspec.json");
    assert.ok(history.every((m) => find(m, "bouncing") === undefined));
  });
});

describe("converged: a loss of exactly 0 leaves nothing to learn, which is not a vanished gradient", () => {
  it("number guessing with MAE reaches loss 0 at epoch 11", () => {
    const { history } = example("number-guessing.nnspec.json");
    for (const m of history.slice(0, 10)) assert.deepEqual(ids(m), []);
    for (const m of history.slice(10)) {
      assert.equal(m.loss, 0);
      assert.deepEqual(ids(m), ["converged"], "no vanishing, no update ratio");
      assert.match(m.findings[0].message, /nothing left to learn and the gradient is 0 \(it has not vanished/);
      assert.match(m.findings[0].message, /no validation data/);
    }
  });
});

describe("vanishing: judged by the gradient for SGD and by the steps for Adam", () => {
  it("six sigmoid layers with SGD: the first layers get a thousandth of the last layer's gradient", () => {
    const { text, history } = example("vanishing-gradients.nnspec.json", (s) => s, { epochs: 30 });
    const finding = find(last(history), "vanishing", 1);
    assert.ok(finding, JSON.stringify(ids(last(history))));
    assert.match(finding.message, /^layers\[1\]: vanishing gradient: its mean \|g\| is .*With sgd each step is proportional to the gradient/);
    // Its fix is Adam, which rescales each weight's step: the same gradients no longer starve a layer.
    const adam = train(applyFix(text, finding.fix), noFiles(), { epochs: 30 });
    assert.ok(
      adam.every((m) => m.findings.every((f) => f.id !== "vanishing")),
      "no vanishing with Adam",
    );
  });

  it("with Adam at a learning rate too small to move even rescaled steps, the first layers do vanish", () => {
    const { history } = example(
      "vanishing-gradients.nnspec.json",
      (s) => s.replace('"type": "sgd", "learningRate": 0.5', '"type": "adam", "learningRate": 0.000001'),
      {
        epochs: 10,
      },
    );
    const finding = find(last(history), "vanishing", 1);
    assert.ok(finding);
    assert.match(finding.message, /even Adam, which rescales small gradients, moves its weights by only/);
  });
});

/** A small regression: 20 points of y = scale·x through 4 tanh units. */
const regression = (scale: number, optimizer: string, epochs = 10) => {
  const x = Array.from({ length: 20 }, (_, i) => [(i - 10) / 10]);
  return `{ "data": { "source": "inline", "task": "regression", "x": ${JSON.stringify(x)}, "y": ${JSON.stringify(x.map(([v]) => scale * v))}, "validationSplit": 0 },
    "layers": [{ "units": 1 }, { "units": 4, "activation": "tanh" }, { "units": 1, "activation": "linear" }], "loss": "mse",
    "optimizer": ${optimizer}, "training": { "epochs": ${epochs}, "batchSize": 5, "seed": 1 } }`;
};

describe("exploding: judged by the gradient for SGD and by the steps for Adam", () => {
  it("targets in the thousands give gradients in the thousands; the fix is clipping", () => {
    const text = regression(3000, `{ "type": "sgd", "learningRate": 0.00001 }`);
    const h = train(text);
    const finding = find(h[0], "exploding", 1);
    assert.ok(finding, JSON.stringify(ids(h[0])));
    assert.match(finding.message, /^layers\[1\]: exploding gradients \(max \|g\| [\d.]+\): with sgd/);
    assert.deepEqual(finding.fix, { title: "Clip the gradient norm at 1", path: ["optimizer", "clipNorm"], value: 1 });
    // With clipping on, the steps are bounded: the gradient alone is no longer a finding, and
    // these clipped steps (a learning rate of 1e-5 times a norm of at most 1) are too small.
    const clipped = train(applyFix(text, finding.fix));
    assert.ok(
      clipped.every((m) => find(m, "exploding", 1) === undefined),
      "clipping bounds the steps",
    );
    const small = find(clipped.at(-1) ?? clipped[0], "updateRatio", 1);
    assert.match(small?.message ?? "", /^layers\[1\]: each step changes its weights by only/);
    assert.deepEqual(small?.fix?.path, ["optimizer", "learningRate"]);
  });

  it("targets about 1: no finding", () => {
    for (const m of train(regression(3, `{ "type": "sgd", "learningRate": 0.00001 }`))) assert.equal(find(m, "exploding", 1), undefined);
  });

  it("Adam with the same huge gradients steps about the learning rate: no finding", () => {
    for (const m of train(regression(3000, `{ "type": "adam", "learningRate": 0.01 }`))) assert.ok(m.findings.every((f) => f.id !== "exploding"));
  });
});

describe("updateRatio: steps far from a thousandth of the weights", () => {
  it("SGD at 1e-5 moves the weights by about 1e-5 of their size: too small, with a fix ×10", () => {
    const h = train(regression(3, `{ "type": "sgd", "learningRate": 0.00001 }`));
    for (const m of h.slice(0, 4)) assert.equal(find(m, "updateRatio", 1), undefined, "five epochs needed");
    const finding = find(last(h), "updateRatio", 1);
    assert.ok(finding);
    assert.match(finding.message, /^layers\[1\]: each step changes its weights by only [\d.]+e−\d of their size \(about 0\.001 is healthy\)/);
    assert.equal(finding.fix?.value, 0.0001);
    assert.ok((last(h).gradients[0].updateRatio ?? 0) < -4);
  });

  it("SGD at 0.1 on the same data: no finding", () => {
    for (const m of train(regression(3, `{ "type": "sgd", "learningRate": 0.1 }`))) assert.equal(find(m, "updateRatio", 1), undefined);
  });

  it("Adam at 1e-6: too small, said in Adam's terms", () => {
    const finding = find(last(train(regression(3, `{ "type": "adam", "learningRate": 0.000001 }`))), "updateRatio", 1);
    assert.match(finding?.message ?? "", /Adam's steps are about the learning rate in size/);
  });

  it("too large: number guessing with MSE at learning rate 2.2 swings ever wider, each step as large as the weights", () => {
    const { history } = example("number-guessing.nnspec.json", (s) => s.replace('"learningRate": 2', '"learningRate": 2.2'), { loss: "mse", epochs: 10 });
    const finding = find(last(history), "updateRatio", 1);
    assert.ok(finding, JSON.stringify(ids(last(history))));
    assert.match(finding.message, /and the loss is not coming down/);
    assert.equal(finding.fix?.value, 0.22);
  });

  it("steps as large with a loss that falls every epoch (number guessing with MAE): no finding", () => {
    const { history } = example("number-guessing.nnspec.json");
    assert.ok((history[5].gradients[0].updateRatio ?? -9) > -1, "steps of a tenth of the weights or more");
    assert.ok(history.every((m) => find(m, "updateRatio", 1) === undefined));
  });
});

describe("dead and saturated units", () => {
  const relu = (bias: number) => ({
    text: `{ "data": { "source": "xor", "samples": 40 }, "layers": [{ "units": 2 }, { "units": 4, "activation": "relu" }, { "units": 2 }], "init": "w.json",
      "optimizer": { "learningRate": 0.001 }, "training": { "epochs": 1 } }`,
    files: memoryFiles({
      "w.json": `{ "layers": [ { "weights": [[1, -1, 0.5, 0], [1, 1, -0.5, 0]], "biases": [0, ${bias}, ${bias}, ${bias}] }, { "weights": [[1, 0], [0, 1], [1, 1], [1, 1]], "biases": [0, 0] } ] }`,
    }),
  });

  it("three of four ReLUs with a bias of −100 are dead: 75%, with leakyRelu as the fix (the weights came from a file)", () => {
    const { text, files } = relu(-100);
    const finding = find(train(text, files)[0], "dead", 1);
    assert.match(finding?.message ?? "", /^layers\[1\]: 75% of its ReLU units are dead/);
    assert.deepEqual(finding?.fix, { title: 'Use "leakyRelu" in layers[1]', path: ["layers", 1, "activation"], value: "leakyRelu" });
  });

  it("biases of 0: none dead, no finding", () => {
    const { text, files } = relu(0);
    assert.equal(find(train(text, files)[0], "dead", 1), undefined);
  });

  const tanh = (w: number) => ({
    text: `{ "data": { "source": "circle", "samples": 100 }, "layers": [{ "units": 2 }, { "units": 4, "activation": "tanh" }, { "units": 2, "activation": "softmax" }],
      "init": "w.json", "training": { "epochs": 2 } }`,
    files: memoryFiles({
      "w.json": `{ "layers": [ { "weights": [[${w}, ${-w}, ${w}, ${w}], [${w}, ${w}, ${-w}, ${w}]], "biases": [0, 0, 0, 0] }, { "weights": [[1, 0], [0, 1], [1, 0], [0, 1]], "biases": [0, 0] } ] }`,
    }),
  });

  it("tanh units with weights of ±50 sit on the flat ends: saturated", () => {
    const { text, files } = tanh(50);
    assert.match(find(train(text, files)[0], "saturated", 1)?.message ?? "", /^layers\[1\]: \d+% of its outputs are saturated/);
  });

  it("weights of ±0.5: not saturated", () => {
    const { text, files } = tanh(0.5);
    assert.equal(find(train(text, files)[0], "saturated", 1), undefined);
  });
});

describe("overfitting: the validation loss rising while the training loss falls", () => {
  it("the overfitting example, since an early epoch, with L2 as the fix", () => {
    const { history } = example("overfitting.nnspec.json", (s) => s, { epochs: 40 });
    const finding = find(last(history), "overfitting");
    assert.ok(finding, JSON.stringify(ids(last(history))));
    const since = Number(/^Overfitting since epoch (\d+)/.exec(finding.message)?.[1]);
    const lowest = history.reduce((a, m) => ((m.valLoss ?? 9) < (a.valLoss ?? 9) ? m : a));
    assert.ok(Math.abs(since - lowest.epoch) <= 3, `since epoch ${since}; the lowest validation loss was at epoch ${lowest.epoch}`);
    assert.deepEqual(finding.fix?.value, { type: "l2", rate: 0.001 });
  });
});

describe("the findings function on its own", () => {
  const stats = (layer: number, meanAbs: number, maxAbs: number, updateRatio: number) => layerStats(layer, meanAbs, maxAbs, { updateRatio });
  const epochs = (n: number, gradients: LayerGradientStats[]): EpochMetrics[] =>
    Array.from({ length: n }, (_, i) => ({
      epoch: i + 1,
      loss: 1 - i * 0.01,
      accuracy: 0.5,
      valLoss: null,
      valAccuracy: null,
      gradients,
      outputSpread: 0.3,
      stepCosine: 0.5,
      findings: [],
    }));
  const context = (optimizer: FindingContext["optimizer"]): FindingContext => ({
    task: "regression",
    activations: ["tanh", "linear"],
    loss: "mse",
    optimizer,
    learningRate: 0.01,
    clipNorm: null,
    init: "xavier",
    regularized: false,
    chanceLoss: 1,
    targetSpread: 1,
    initialLoss: 1,
    bestValidation: null,
  });

  it("overfitting needs the training loss well down: a validation loss doubled beside a training loss 10% lower is noise, 30% lower is overfitting", () => {
    const overfitting = (trainingFall: number, bestLoss = 0.1) => {
      const history = epochs(30, []).map((m, i) => ({
        ...m,
        loss: i < 10 ? bestLoss : bestLoss * (1 - trainingFall),
        accuracy: 0.9,
        valLoss: i < 10 ? 0.1 : 0.25,
        valAccuracy: 0.9,
      }));
      const bestValidation = { epoch: 5, valLoss: 0.1, loss: bestLoss, valAccuracy: 0.9 };
      return findings(history, { ...context("sgd"), task: "classification", bestValidation }).filter((f) => f.id === "overfitting");
    };
    assert.equal(overfitting(0.1).length, 0);
    assert.equal(overfitting(0.3, 0).length, 0, "a training loss of exactly 0 then and now has not fallen");
    assert.match(
      overfitting(0.3)[0]?.message ?? "",
      /^Overfitting since epoch 5: the validation loss has risen from 0.1 to 0.25 while the training loss fell from 0.1 to 0.07 /,
    );
  });

  it("Adam: huge gradients are exploding only when the steps are large too", () => {
    const large = epochs(5, [stats(1, 10, 5000, -0.5), stats(2, 10, 50, -2)]);
    assert.deepEqual(
      findings(large, context("adam")).map((f) => `${f.id}@${f.layer}`),
      ["exploding@1"],
    );
    const bounded = epochs(5, [stats(1, 10, 5000, -2.5), stats(2, 10, 50, -2)]);
    assert.deepEqual(findings(bounded, context("adam")), []);
    assert.deepEqual(
      findings(bounded, context("sgd")).map((f) => f.id),
      ["exploding"],
      "SGD judges by the gradient",
    );
  });

  it("Adam: a tiny gradient is not vanishing while the steps stay healthy", () => {
    const h = epochs(5, [stats(1, 1e-7, 1e-6, -3), stats(2, 0.1, 1, -3)]);
    assert.deepEqual(findings(h, context("adam")), []);
    assert.deepEqual(
      findings(h, context("sgd")).map((f) => `${f.id}@${f.layer}`),
      ["vanishing@1"],
    );
  });

  it("steps too small at a learning rate near the limit: the fix never sets one past 1000, which the spec refuses", () => {
    const h = epochs(5, [stats(1, 0.1, 1, -5), stats(2, 0.1, 1, -5)]);
    const found = findings(h, { ...context("sgd"), learningRate: 500 }).filter((f) => f.id === "updateRatio");
    assert.equal(found.length, 2);
    for (const f of found) {
      assert.equal(f.fix?.value, LIMITS.learningRateMax);
      assert.match(f.message, /Try 1000\.$/);
    }
    assert.deepEqual(
      findings(h, { ...context("sgd"), learningRate: LIMITS.learningRateMax }).filter((f) => f.id === "updateRatio"),
      [],
      "no higher learning rate to try",
    );
  });

  it("ids come from the documented list", () => {
    assert.deepEqual(
      [...FINDING_IDS],
      ["chance", "initialLoss", "bouncing", "converged", "vanishing", "exploding", "dead", "saturated", "updateRatio", "overfitting", "flatPlace"],
    );
  });
});
