/**
 * Gradient clipping on the sample card: the norm it shows is that of the sample's gradients by the
 * readable reference, the scale is clip_grad_norm_'s, and the step shown is the step training takes.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parameterStep, traceSample } from "../../src/core/train/sampleTrace";
import { Trainer } from "../../src/core/train/trainer";
import { toReference } from "../helpers/gradcheck";
import { loadText as load } from "../helpers/load";
import { sampleGradients } from "../helpers/reference";

const close = (a: number, b: number, tolerance = 1e-12) => Math.abs(a - b) <= tolerance;

describe("gradient clipping on the card", () => {
  for (const type of ["sgd", "momentum", "adam"] as const) {
    it(`${type}: the step shown is the step training takes on that sample alone with clipNorm, and says so`, () => {
      const text = `{ "data": { "source": "inline", "task": "classification", "x": [[3, -4]], "y": [1], "validationSplit": 0 },
        "layers": [{ "units": 2 }, { "units": 3, "activation": "tanh" }, { "units": 2, "activation": "softmax" }],
        "optimizer": { "type": "${type}", "learningRate": 0.5, "clipNorm": 0.01 }, "training": { "batchSize": "full" }, "init": "uniform" }`;
      const loaded = load(text);
      const trainer = new Trainer(loaded);
      const trace = traceSample(trainer.net, trainer.loss, loaded.dataset, 0, loaded.rowOfSample);
      const ref = { layer: 1, from: 1, to: 2 } as const;
      const step = parameterStep(trainer.net, trainer.optimizer, trace, ref);
      // The norm of all of this sample's gradients, by the readable reference's chain rule; the scale clip_grad_norm_'s.
      const { dW, dB } = sampleGradients(toReference(trainer.net), [3, -4], [0, 1], "crossEntropy");
      const norm = Math.hypot(...dW.flat(2), ...dB.flat());
      assert.ok(
        step.clip && close(step.clip.norm, norm, 1e-12 * norm) && close(step.clip.scale, 0.01 / (norm + 1e-6)) && norm > 0.01,
        JSON.stringify(step.clip),
      );
      assert.ok(close(step.step.gradient, step.gradient * step.clip.scale, 1e-18));
      assert.match(step.stepFormula[0], /^g ← g·min\(1, c \/ ‖g‖\) = .*·min\(1, 0\.01 \/ /);
      // The trainer clips the batch's gradient on its own; with one sample in the batch, its step is the card's.
      trainer.stepBatch();
      assert.ok(close(trainer.net.weights[0][1 * 3 + 2], step.step.next, 1e-15), `${trainer.net.weights[0][1 * 3 + 2]} vs ${step.step.next}`);
      // Within the limit, nothing is clipped and nothing is said about it.
      const loose = load(text.replace('"clipNorm": 0.01', '"clipNorm": 1000'));
      const looseTrainer = new Trainer(loose);
      const looseStep = parameterStep(looseTrainer.net, looseTrainer.optimizer, traceSample(looseTrainer.net, looseTrainer.loss, loose.dataset, 0), ref);
      assert.equal(looseStep.clip?.scale, 1);
      assert.equal(looseStep.step.gradient, looseStep.gradient);
      assert.ok(!looseStep.stepFormula[0].startsWith("g ←"));
    });
  }
});
