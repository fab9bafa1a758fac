/**
 * One sample forward and back: the card's numbers are the lesson's for its examples, and every
 * backward number equals the core's gradient (the step training takes) and a finite difference
 * of the readable reference's loss.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { featureRow } from "../../src/core/data/dataset";
import { ACTIVATIONS, type ActivationName } from "../../src/core/nn/activations";
import type { LossName } from "../../src/core/nn/losses";
import { parameterStep, type SampleTrace, traceSample, unitSum } from "../../src/core/train/sampleTrace";
import { Trainer } from "../../src/core/train/trainer";
import { readExample } from "../helpers/examples";
import { centralDifference, maxRelativeError, numericGradient, toReference } from "../helpers/gradcheck";
import { loadText as load } from "../helpers/load";
import { activate, forwardFrom, type RefNet, sampleLoss } from "../helpers/reference";

const dogCatFiles = () => ({ "dog-cat.weights.json": readExample("dog-cat.weights.json") });
const close = (a: number, b: number, tolerance = 1e-12) => Math.abs(a - b) <= tolerance;

function traceExample(file: string, files: Record<string, string>, loss?: LossName, sample = 0) {
  const loaded = load(readExample(file), files, { loss });
  const trainer = new Trainer(loaded);
  return { trainer, loaded, trace: traceSample(trainer.net, trainer.loss, loaded.dataset, sample, loaded.rowOfSample) };
}

describe("the card of the lesson's examples", () => {
  it("dog-cat: [0.8, 0.2] against a dog [1, 0], MAE 0.2, MSE 0.04, CE 0.2231, written as the lesson writes them", () => {
    const expected: [LossName, number, string][] = [
      ["mae", 0.2, "MAE = (|0.8 − 1| + |0.2 − 0|) / 2 = 0.2"],
      ["mse", 0.04, "MSE = (0.2² + 0.2²) / 2 = 0.04"],
      ["crossEntropy", 0.2231435513142097, "CE = −ln 0.8 = 0.2231"],
    ];
    for (const [loss, value, formula] of expected) {
      const { trace } = traceExample("dog-cat.nnspec.json", dogCatFiles(), loss);
      assert.ok(close(trace.output[0], 0.8) && close(trace.output[1], 0.2), `${trace.output}`);
      assert.deepEqual(trace.target, [1, 0]);
      assert.deepEqual(trace.classNames, ["dog", "cat"]);
      assert.equal(trace.label, 0);
      assert.ok(close(trace.loss, value), `${loss}: ${trace.loss}`);
      assert.equal(trace.formula, formula);
      assert.ok(trace.softmax && close(trace.softmax.exp[0] / trace.softmax.sum, 0.8));
    }
  });

  it("dog-cat-wrong: the same answer against a cat [0, 1], MAE 0.8, MSE 0.64", () => {
    for (const [loss, value, formula] of [
      ["mae", 0.8, "MAE = (|0.8 − 0| + |0.2 − 1|) / 2 = 0.8"],
      ["mse", 0.64, "MSE = (0.8² + 0.8²) / 2 = 0.64"],
    ] as const) {
      const { trace } = traceExample("dog-cat-wrong.nnspec.json", dogCatFiles(), loss);
      assert.deepEqual(trace.target, [0, 1]);
      assert.ok(close(trace.loss, value));
      assert.equal(trace.formula, formula);
    }
  });

  it("number guessing: the first guess [40, 19, 330, 57] has MAE 10 and MSE 100", () => {
    const files = { "number-guessing.weights.json": readExample("number-guessing.weights.json") };
    const mae = traceExample("number-guessing.nnspec.json", files).trace;
    assert.deepEqual(mae.output, [40, 19, 330, 57]);
    assert.deepEqual(mae.target, [50, 29, 340, 67]);
    assert.equal(mae.formula, "MAE = (|40 − 50| + |19 − 29| + |330 − 340| + |57 − 67|) / 4 = 10");
    assert.equal(mae.label, null);
    assert.equal(mae.classNames, null);
    assert.equal(traceExample("number-guessing.nnspec.json", files, "mse").trace.formula, "MSE = (10² + 10² + 10² + 10²) / 4 = 100");
  });

  it("binary cross-entropy and Huber are written out too", () => {
    const spec = (y: number, loss: string) =>
      `{ "data": { "source": "inline", "task": "classification", "x": [[1]], "y": [${y}], "validationSplit": 0 },
         "layers": [{ "units": 1 }, { "units": 1, "activation": "sigmoid" }], "loss": "${loss}", "init": "w.json" }`;
    // σ(ln 4) = 0.8
    const files = { "w.json": JSON.stringify({ layers: [{ weights: [[0]], biases: [Math.log(4)] }] }) };
    const trace = (y: number, loss: string) => {
      const loaded = load(spec(y, loss), files);
      const trainer = new Trainer(loaded);
      return traceSample(trainer.net, trainer.loss, loaded.dataset, 0, loaded.rowOfSample);
    };
    assert.equal(trace(1, "binaryCrossEntropy").formula, "BCE = −ln 0.8 = 0.2231");
    assert.equal(trace(0, "binaryCrossEntropy").formula, "BCE = −ln(1 − 0.8) = 1.6094");
    assert.equal(trace(1, "huber").formula, "Huber = ½·0.2² = 0.02");
    assert.deepEqual(trace(1, "binaryCrossEntropy").target, [1]);
  });

  it("z = Σ wᵢ·aᵢ + b for a chosen unit, with its terms", () => {
    const { trainer, trace } = traceExample("dog-cat.nnspec.json", dogCatFiles());
    const sum = unitSum(trainer.net, trace, 1, 0);
    assert.deepEqual(sum.inputs, [1]);
    assert.deepEqual(sum.weights, [0]);
    assert.equal(sum.formula, "z = 0·1 + (−0.2231) = −0.2231");
  });

  it("the optimizer's step for a chosen weight, from this sample's gradient", () => {
    const { trainer, trace } = traceExample("dog-cat.nnspec.json", dogCatFiles());
    const step = parameterStep(trainer.net, trainer.optimizer, trace, { layer: 1, from: 0, to: 0 });
    assert.equal(step.gradient, step.delta * step.input);
    assert.equal(step.formula, "∂L/∂w = δ·a = −0.16·1 = −0.16");
    assert.deepEqual(step.stepFormula, ["w ← w − lr·g = 0 − 1·(−0.16) = 0.16"]);
    // One sample, full batch, SGD: training takes exactly this step.
    trainer.stepBatch();
    assert.equal(trainer.net.weights[0][0], step.step.next);
    const bias = parameterStep(trainer.net, trainer.optimizer, trace, { layer: 1, from: "bias", to: 1 });
    assert.equal(bias.input, 1);
    assert.equal(bias.formula, "∂L/∂b = δ = 0.16");
  });
});

/** A spiral or plane spec with two hidden layers of `hidden`, for the backward checks. */
function specWith(hidden: ActivationName, output: ActivationName, loss: LossName, units: number): string {
  const regression = output === "linear" || output === "tanh";
  return `{ "data": { "source": "${regression ? "plane" : "spiral"}", "samples": 20, "validationSplit": 0.25 },
    "layers": [{ "units": 2 }, { "units": 5, "activation": "${hidden}" }, { "units": 4, "activation": "${hidden}" },
               { "units": ${units}, "activation": "${output}" }],
    "loss": "${loss}", "init": "uniform", "training": { "seed": 3 } }`;
}

/** Output activation, loss, output units. */
const CASES: [ActivationName, LossName, number][] = [
  ["softmax", "crossEntropy", 2],
  ["softmax", "mae", 2],
  ["softmax", "mse", 2],
  ["softmax", "huber", 2],
  ["sigmoid", "binaryCrossEntropy", 1],
  ["sigmoid", "binaryCrossEntropy", 2],
  ["sigmoid", "mse", 1],
  ["linear", "mse", 1],
  ["linear", "mae", 1],
  ["linear", "huber", 1],
  ["tanh", "mse", 1],
];

/** The loss as a function of the output a (cross-entropies written in p, as ∂L/∂a differentiates them). */
function lossOfOutput(loss: LossName, z: number[], a: number[], t: number[]): number {
  if (loss === "crossEntropy") return -t.reduce((s, tj, j) => s + tj * Math.log(a[j]), 0);
  if (loss === "binaryCrossEntropy") return a.reduce((s, p, j) => s - (t[j] * Math.log(p) + (1 - t[j]) * Math.log(1 - p)), 0) / a.length;
  return sampleLoss(loss, z, a, t);
}

/** Every backward number of `trace` against finite differences of the reference (h = 1e-5). */
function checkAgainstReference(ref: RefNet, trace: SampleTrace, what: string): void {
  const L = trace.layers.length - 1;
  const h = 1e-5;
  const t = trace.target;
  // The loss with layer k's activations (or its z) replaced.
  const lossFromA = (k: number, a: number[]) => {
    if (k === L) return lossOfOutput(trace.lossName, trace.layers[L].z, a, t);
    const { z, a: as } = forwardFrom(ref, k + 1, a);
    return sampleLoss(trace.lossName, z[z.length - 1], as[as.length - 1], t);
  };
  const lossFromZ = (k: number, z: number[]) => {
    const a = activate(ref.activations[k], z);
    return k === L ? sampleLoss(trace.lossName, z, a, t) : lossFromA(k, a);
  };
  const shifted = (v: number[], j: number, by: number) => v.map((x, i) => (i === j ? x + by : x));
  trace.layers.forEach((layer, k) => {
    const dA = layer.a.map((_, j) => centralDifference((s) => lossFromA(k, shifted(layer.a, j, s)), h));
    const dZ = layer.z.map((_, j) => centralDifference((s) => lossFromZ(k, shifted(layer.z, j, s)), h));
    if (layer.dLda) assert.ok(maxRelativeError(layer.dLda, dA) < 1e-6, `${what}: layers[${k + 1}] ∂L/∂a ${layer.dLda} vs ${dA}`);
    else {
      // Cross-entropy after a softmax, BCE after a sigmoid: δ is p − t (over the outputs for BCE), shown as one expression.
      assert.ok(k === L && layer.fused, `${what}: only a fused output has no ∂L/∂a`);
      const over = trace.lossName === "binaryCrossEntropy" ? layer.a.length : 1;
      layer.delta.forEach((d, j) => {
        assert.ok(close(d, (layer.a[j] - t[j]) / over), `${what}: δ = p − t`);
      });
    }
    assert.ok(maxRelativeError(layer.delta, dZ) < 1e-6, `${what}: layers[${k + 1}] δ ${layer.delta} vs ${dZ}`);
    if (layer.derivative) {
      const name = layer.activation;
      const dF = layer.z.map((z) => centralDifference((s) => activate(name, [z + s])[0], h));
      assert.ok(maxRelativeError(layer.derivative, dF) < 1e-6, `${what}: layers[${k + 1}] f'(z)`);
      // The card's chain: δ = ∂L/∂a · f'(z).
      layer.delta.forEach((d, j) => {
        assert.ok(close(d, (layer.dLda?.[j] ?? Number.NaN) * (layer.derivative?.[j] ?? 0), 1e-12 * Math.max(1, Math.abs(d))), `${what}: δ = ∂L/∂a · f'(z)`);
      });
      if (name === "relu")
        assert.deepEqual(
          layer.derivative,
          layer.z.map((z) => (z > 0 ? 1 : 0)),
        );
    }
    // ∂L/∂wᵢⱼ = aᵢ·δⱼ exactly as the card writes it, ∂L/∂bⱼ = δⱼ (=== so that 0 and −0 agree).
    const below = k === 0 ? trace.input : trace.layers[k - 1].a;
    below.forEach((ai, i) => {
      layer.delta.forEach((dj, j) => {
        assert.ok(trace.gradients[k].weights[i][j] === ai * dj, `${what}: layers[${k + 1}] ∂L/∂w[${i}][${j}] = a·δ`);
      });
    });
    layer.delta.forEach((dj, j) => {
      assert.ok(trace.gradients[k].biases[j] === dj, `${what}: layers[${k + 1}] ∂L/∂b[${j}] = δ`);
    });
  });
}

describe("every backward number equals the core's gradient and a finite difference", () => {
  for (const [output, loss, units] of CASES) {
    it(`${loss} on ${units} ${output} output${units > 1 ? "s" : ""}, through every hidden activation`, () => {
      for (const hidden of ACTIVATIONS.filter((a) => a !== "softmax")) {
        const what = `${hidden} hidden, ${output} output, ${loss}`;
        const loaded = load(specWith(hidden, output, loss, units));
        const trainer = new Trainer(loaded);
        const sample = 7;
        const trace = traceSample(trainer.net, trainer.loss, loaded.dataset, sample, loaded.rowOfSample);
        checkAgainstReference(toReference(trainer.net), trace, what);
        // The parameters' gradients against finite differences of the reference's loss.
        const width = trainer.net.outputSize;
        const input = Float64Array.from(trace.input);
        const target = Float64Array.from(trace.target);
        for (let k = 0; k < trainer.net.layerCount; k++) {
          const numericW = numericGradient(trainer.net, trainer.net.weights[k], input, 1, loss, target);
          const numericB = numericGradient(trainer.net, trainer.net.biases[k], input, 1, loss, target);
          assert.ok(maxRelativeError(trace.gradients[k].weights.flat(), numericW) < 1e-6, `${what}: layers[${k + 1}] weights`);
          assert.ok(maxRelativeError(trace.gradients[k].biases, numericB) < 1e-6, `${what}: layers[${k + 1}] biases`);
        }
        assert.equal(featureRow(loaded.dataset, loaded.rowOfSample[sample]).join(), trace.input.join(), "sample 7 of the data in its own order");
        assert.equal(trace.output.length, width);
      }
    });
  }

  it("the core's gradient: a trace's gradient is the step SGD takes on that sample alone", () => {
    const text = `{ "data": { "source": "inline", "task": "classification", "x": [[0.5, -1]], "y": [1], "validationSplit": 0 },
      "layers": [{ "units": 2 }, { "units": 3, "activation": "tanh" }, { "units": 2, "activation": "softmax" }],
      "optimizer": { "type": "sgd", "learningRate": 1 }, "training": { "batchSize": "full" }, "init": "uniform" }`;
    const loaded = load(text);
    const trainer = new Trainer(loaded);
    const before = trainer.weights();
    const trace = traceSample(trainer.net, trainer.loss, loaded.dataset, 0, loaded.rowOfSample);
    trainer.stepBatch();
    const after = trainer.weights();
    before.layers.forEach((layer, k) => {
      layer.weights.forEach((row, i) => {
        row.forEach((w, j) => {
          assert.ok(close(w - after.layers[k].weights[i][j], trace.gradients[k].weights[i][j], 1e-15));
        });
      });
      layer.biases.forEach((b, j) => {
        assert.ok(close(b - after.layers[k].biases[j], trace.gradients[k].biases[j], 1e-15));
      });
    });
  });
});

describe("which sample, and softmax's terms", () => {
  it("sample N is row N of the data in its own order, before the split", () => {
    const text = `{ "data": { "source": "inline", "task": "classification", "x": [[0], [1], [2], [3], [4], [5]], "y": [0, 1, 0, 1, 0, 1],
      "validationSplit": 0.5, "classNames": ["even", "odd"] }, "layers": [{ "units": 1 }, { "units": 2 }] }`;
    const loaded = load(text);
    const trainer = new Trainer(loaded);
    for (let n = 0; n < 6; n++) {
      const trace = traceSample(trainer.net, trainer.loss, loaded.dataset, n, loaded.rowOfSample);
      assert.deepEqual(trace.input, [n]);
      assert.equal(trace.label, n % 2);
    }
    assert.throws(() => traceSample(trainer.net, trainer.loss, loaded.dataset, 6, loaded.rowOfSample), /rows 0 to 5/);
  });

  it("softmax's e^z are shifted only when they would overflow, and still give a", () => {
    const text = `{ "data": { "source": "inline", "task": "classification", "x": [[1]], "y": [0], "validationSplit": 0 },
      "layers": [{ "units": 1 }, { "units": 2, "activation": "softmax" }], "init": "w.json" }`;
    const loaded = load(text, { "w.json": JSON.stringify({ layers: [{ weights: [[0, 0]], biases: [1000, 999] }] }) });
    const trainer = new Trainer(loaded);
    const { softmax, output } = traceSample(trainer.net, trainer.loss, loaded.dataset, 0, loaded.rowOfSample);
    assert.ok(softmax);
    assert.equal(softmax.shift, 1000);
    assert.deepEqual(softmax.exp, [1, Math.exp(-1)]);
    softmax.exp.forEach((e, k) => {
      assert.ok(close(e / softmax.sum, output[k], 1e-15));
    });
  });
});
