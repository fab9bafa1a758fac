/**
 * ∂loss/∂input (W₁ᵀ·δ₁), which the sample card draws as an image, against central differences
 * of the readable reference's loss (test/helpers/reference.ts, not the network under test): for
 * each hidden activation and loss on numeric features, and for pixels of a real MNIST digit.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { featureRow } from "../../src/core/data/dataset";
import type { LossName } from "../../src/core/nn/losses";
import { loadSpec } from "../../src/core/spec/load";
import { inputGradient, largestMagnitude } from "../../src/core/train/inputGradient";
import { traceSample } from "../../src/core/train/sampleTrace";
import { Trainer } from "../../src/core/train/trainer";
import { nodeFiles } from "../../src/node/nodeFiles";
import { EXAMPLES_DIR, readExample } from "../helpers/examples";
import { numericGradient } from "../helpers/gradcheck";
import { loadText } from "../helpers/load";

const CSV = ["a,b,c,d,e,y", "0.5,-1.2,0.3,2.0,-0.7,x", "1.5,0.2,-0.8,0.1,0.9,y", "-0.4,0.6,1.1,-1.5,0.2,z", "0.9,-0.3,-1.0,0.7,1.4,x"].join("\n");

function spec(activation: string, loss: LossName, output: string) {
  return JSON.stringify({
    data: { source: "csv", path: "d.csv", features: ["a", "b", "c", "d", "e"], target: "y", validationSplit: 0 },
    layers: [{ units: 5 }, { units: 4, activation }, { units: 3, activation }, { units: 3, activation: output }],
    loss,
    training: { epochs: 3, batchSize: 2, seed: 7 },
  });
}

/** A spec read as if it were in the examples folder (the bundled digits come through nodeFiles). */
function loadExampleFolder(text: string) {
  const r = loadSpec(text, nodeFiles(join(EXAMPLES_DIR, "x.nnspec.json")));
  assert.ok(r.loaded, JSON.stringify(r.diagnostics));
  return r.loaded;
}

/** The card's input gradient for `sample` beside the reference's central differences. */
function compare(text: string, files: Record<string, string> | null, sample: number, pixels?: number[]) {
  const loaded = files ? loadText(text, files) : loadExampleFolder(text);
  const trainer = new Trainer(loaded);
  // A few epochs in, so the weights are not the initial ones.
  trainer.stepEpoch();
  trainer.stepEpoch();
  const trace = traceSample(trainer.net, trainer.loss, loaded.dataset, sample, loaded.rowOfSample);
  const input = featureRow(loaded.dataset, loaded.rowOfSample[sample]);
  const target = Float64Array.from(trace.target);
  const numeric = numericGradient(trainer.net, input, input, 1, trainer.loss, target);
  const which = pixels ?? trace.input.map((_, i) => i);
  const scale = Math.max(1e-8, largestMagnitude(numeric));
  for (const i of which) {
    const error = Math.abs(trace.inputGradient[i] - numeric[i]) / scale;
    assert.ok(error < 1e-6, `input ${i}: card ${trace.inputGradient[i]}, finite difference ${numeric[i]} (relative to the largest, ${error})`);
  }
  return { trace, numeric };
}

describe("the input gradient W₁ᵀ·δ₁", () => {
  for (const activation of ["tanh", "sigmoid", "relu", "leakyRelu"])
    for (const [loss, output] of [
      ["crossEntropy", "softmax"],
      ["mse", "softmax"],
      ["huber", "sigmoid"],
    ] as [LossName, string][])
      it(`${activation} hidden layers, ${loss} after ${output}: every input within 1e-6 of a central difference`, () => {
        const { trace } = compare(spec(activation, loss, output), { "d.csv": CSV }, 1);
        assert.equal(trace.inputGradient.length, 5);
        assert.ok(largestMagnitude(trace.inputGradient) > 0, "a gradient of all zeros would pass any comparison");
      });

  it("a real MNIST digit (784 → 128 ReLU → 10): the lit and blank pixels around its stroke, and the sign says up or down", () => {
    const text = readExample("digits.nnspec.json").replace('"samples": 10000', '"samples": 200').replace('"epochs": 15', '"epochs": 2');
    // Pixels across the middle row (blank edges and the stroke) and a corner.
    const pixels = [0, 27, ...Array.from({ length: 28 }, (_, c) => 14 * 28 + c)];
    const { trace, numeric } = compare(text, null, 3, pixels);
    assert.equal(trace.inputGradient.length, 784);
    const up = pixels.filter((i) => numeric[i] > 1e-9);
    const down = pixels.filter((i) => numeric[i] < -1e-9);
    assert.ok(up.length > 0 && down.length > 0, `some pixels raise the loss (${up.length}) and some lower it (${down.length})`);
    for (const i of [...up, ...down]) assert.equal(Math.sign(trace.inputGradient[i]), Math.sign(numeric[i]), `pixel ${i}`);
  });

  it("is W₁ᵀ·δ₁ by hand for a 2 → 2 layer", () => {
    const net = { sizes: [2, 2], weights: [Float64Array.from([1, 2, 3, 4])] } as unknown as Parameters<typeof inputGradient>[0];
    // x₀ feeds units 0 and 1 with weights 1 and 2; x₁ with 3 and 4. δ = [0.5, −1].
    assert.deepEqual(Array.from(inputGradient(net, [0.5, -1])), [1 * 0.5 + 2 * -1, 3 * 0.5 + 4 * -1]);
    assert.throws(() => inputGradient(net, [1]), /2 units, but δ has 1/);
  });
});
