/**
 * Backpropagation against finite differences of the readable reference's loss (an independent
 * forward pass): every activation in a hidden layer, with every loss on an output activation
 * that suits it, for every layer's weights and biases.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../src/core/base/rng";
import { ACTIVATIONS, type ActivationName } from "../../src/core/nn/activations";
import { LOSSES, type LossName } from "../../src/core/nn/losses";
import { Network } from "../../src/core/nn/network";
import { maxRelativeError, meanLoss, numericGradient } from "../helpers/gradcheck";

const HIDDEN: ActivationName[] = ACTIVATIONS.filter((a) => a !== "softmax");

function outputsFor(loss: LossName): ActivationName[] {
  if (loss === "crossEntropy") return ["softmax"];
  if (loss === "binaryCrossEntropy") return ["sigmoid"];
  return ["linear", "softmax", "sigmoid", "tanh"];
}

function randomTargets(loss: LossName, rng: Rng, rows: number, width: number): Float64Array {
  const t = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    if (loss === "crossEntropy") t[r * width + rng.int(width)] = 1;
    else for (let j = 0; j < width; j++) t[r * width + j] = loss === "binaryCrossEntropy" ? rng.int(2) : rng.uniform(-1.5, 1.5);
  }
  return t;
}

function check(hidden: ActivationName, output: ActivationName, loss: LossName, seed: number): void {
  const rng = new Rng(seed);
  const sizes = [3, 5, 4, 3];
  const net = new Network(sizes, [hidden, hidden, output]);
  for (let k = 0; k < net.layerCount; k++) {
    for (let i = 0; i < net.weights[k].length; i++) net.weights[k][i] = rng.uniform(-1, 1);
    for (let i = 0; i < net.biases[k].length; i++) net.biases[k][i] = rng.uniform(-0.5, 0.5);
  }
  const rows = 4;
  const input = new Float64Array(rows * sizes[0]);
  for (let i = 0; i < input.length; i++) input[i] = rng.uniform(-2, 2);
  const targets = randomTargets(loss, rng, rows, sizes[3]);

  net.inputBuffer(rows).set(input);
  net.forward(rows);
  const coreLoss = net.lossSum(loss, targets) / rows;
  const referenceLoss = meanLoss(net, input, rows, loss, targets);
  assert.ok(
    Math.abs(coreLoss - referenceLoss) <= 1e-12 * Math.max(1, referenceLoss),
    `${hidden}, ${output}, ${loss}: loss ${coreLoss} vs the reference's ${referenceLoss}`,
  );
  net.backward(loss, targets);
  for (let k = 0; k < net.layerCount; k++) {
    for (const [name, params, analytic] of [
      ["weights", net.weights[k], net.gradWeights[k].slice()],
      ["biases", net.biases[k], net.gradBiases[k].slice()],
    ] as const) {
      const numeric = numericGradient(net, params, input, rows, loss, targets);
      const err = maxRelativeError(analytic, numeric);
      // ReLU-like kinks and MAE's |e| are not differentiable at 0; random inputs avoid them
      // almost surely, and a finite difference across one would show as a large error here.
      assert.ok(err < 1e-5, `${hidden} hidden, ${output} output, ${loss}: layer ${k + 1} ${name} relative error ${err.toExponential(2)}`);
    }
  }
}

describe("backpropagation matches finite differences", () => {
  let seed = 1;
  for (const loss of LOSSES) {
    for (const output of outputsFor(loss)) {
      it(`${loss} on a ${output} output, through every hidden activation`, () => {
        for (const hidden of HIDDEN) check(hidden, output, loss, seed++);
      });
    }
  }
});
