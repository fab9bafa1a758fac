/**
 * A readable reference network, in the spirit of micrograd and TensorFlow Playground's nn.ts:
 * number[][], one sample at a time, each formula beside its loop. Slow and plain on purpose;
 * the fast kernels (8-, 4- and 1-wide blocks, zero skipping, ReLU gating) are checked against it.
 * It shares no code with src/core/nn except the names of activations and losses.
 */
import erf from "@stdlib/math-base-special-erf";
import type { ActivationName } from "../../src/core/nn/activations";
import type { LossName } from "../../src/core/nn/losses";

/** weights[k][i][j]: from unit i of the layer below to unit j of layer k (0 = the first after the input). */
export interface RefNet {
  weights: number[][][];
  biases: number[][];
  activations: ActivationName[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
// f(z) and f'(z) for the element-wise activations.
const F: Record<Exclude<ActivationName, "softmax">, [(z: number) => number, (z: number) => number]> = {
  linear: [(z) => z, () => 1],
  relu: [(z) => Math.max(0, z), (z) => (z > 0 ? 1 : 0)],
  leakyRelu: [(z) => (z > 0 ? z : 0.01 * z), (z) => (z > 0 ? 1 : 0.01)],
  elu: [(z) => (z > 0 ? z : Math.exp(z) - 1), (z) => (z > 0 ? 1 : Math.exp(z))],
  sigmoid: [sigmoid, (z) => sigmoid(z) * (1 - sigmoid(z))],
  tanh: [Math.tanh, (z) => 1 - Math.tanh(z) ** 2],
  softplus: [(z) => Math.log1p(Math.exp(z)), sigmoid],
  gelu: [(z) => 0.5 * z * (1 + erf(z / Math.SQRT2)), (z) => 0.5 * (1 + erf(z / Math.SQRT2)) + (z * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI)],
};

/** a = f(z); softmax: aⱼ = e^{zⱼ} / Σₖ e^{zₖ} (shifted by max z, which cancels, so e^z cannot overflow). */
export function activate(name: ActivationName, z: number[]): number[] {
  if (name !== "softmax") return z.map(F[name][0]);
  const e = z.map((v) => Math.exp(v - Math.max(...z)));
  return e.map((v) => v / e.reduce((s, x) => s + x, 0));
}

/** Forward from the activations `a` of layer `from` (0 = the input x): every layer's z and a above it. */
export function forwardFrom(net: RefNet, from: number, a: number[]): { z: number[][]; a: number[][] } {
  const zs: number[][] = [];
  const as: number[][] = [a];
  for (let k = from; k < net.weights.length; k++) {
    const below = as[as.length - 1];
    // zⱼ = bⱼ + Σᵢ aᵢ·wᵢⱼ
    const z = net.biases[k].map((b, j) => below.reduce((s, ai, i) => s + ai * net.weights[k][i][j], b));
    zs.push(z);
    as.push(activate(net.activations[k], z));
  }
  return { z: zs, a: as.slice(1) };
}

/** One sample's loss from the output layer's z and a: MAE, MSE, Huber and BCE average over the outputs. */
export function sampleLoss(loss: LossName, z: number[], a: number[], t: number[]): number {
  const mean = (terms: number[]) => terms.reduce((s, v) => s + v, 0) / terms.length;
  const e = a.map((v, j) => v - t[j]);
  if (loss === "mae") return mean(e.map(Math.abs)); // |a − t|
  if (loss === "mse") return mean(e.map((v) => v * v)); // (a − t)²
  if (loss === "huber") return mean(e.map((v) => (Math.abs(v) <= 1 ? 0.5 * v * v : Math.abs(v) - 0.5))); // ½e² within 1, |e| − ½ beyond
  // −(t ln p + (1 − t) ln(1 − p)), with p = σ(z) and 1 − p = σ(−z) so that ln(1 − p) keeps its digits
  if (loss === "binaryCrossEntropy") return mean(z.map((zj, j) => -(t[j] * Math.log(sigmoid(zj)) + (1 - t[j]) * Math.log(sigmoid(-zj)))));
  // −Σ tⱼ·ln pⱼ, with ln pⱼ = zⱼ − ln Σ e^{z} (log-sum-exp, so a confident wrong answer stays finite)
  const max = Math.max(...z);
  const logSum = max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0));
  return -t.reduce((s, tj, j) => s + tj * (z[j] - logSum), 0);
}

/** One sample's gradients by the chain rule: δ = ∂L/∂z per layer, ∂L/∂wᵢⱼ = aᵢ·δⱼ, ∂L/∂bⱼ = δⱼ. */
export function sampleGradients(net: RefNet, x: number[], t: number[], loss: LossName) {
  const { z, a } = forwardFrom(net, 0, x);
  const L = net.weights.length - 1;
  const out = a[L];
  const n = out.length;
  const act = net.activations[L];
  let delta: number[];
  if ((loss === "crossEntropy" && act === "softmax") || (loss === "binaryCrossEntropy" && act === "sigmoid")) {
    delta = out.map((p, j) => (p - t[j]) / (loss === "crossEntropy" ? 1 : n)); // δ = p − t (BCE: over n outputs)
  } else {
    // ∂L/∂a: MAE sign(e)/n, MSE 2e/n, Huber clip(e, ±1)/n
    const g = out.map((p, j) => {
      const e = p - t[j];
      return (loss === "mae" ? Math.sign(e) : loss === "mse" ? 2 * e : Math.max(-1, Math.min(1, e))) / n;
    });
    // through the activation: element-wise f'(z), or softmax's Jacobian δⱼ = pⱼ(gⱼ − Σₖ gₖpₖ)
    const dot = g.reduce((s, gk, k) => s + gk * out[k], 0);
    delta = act === "softmax" ? out.map((p, j) => p * (g[j] - dot)) : g.map((gj, j) => gj * F[act][1](z[L][j]));
  }
  const dW: number[][][] = [];
  const dB: number[][] = [];
  for (let k = L; k >= 0; k--) {
    const below = k === 0 ? x : a[k - 1];
    dW[k] = below.map((ai) => delta.map((dj) => ai * dj));
    dB[k] = delta;
    // δ below: δᵢ = f'(zᵢ)·Σⱼ wᵢⱼ·δⱼ
    if (k > 0)
      delta = below.map(
        (_, i) =>
          F[net.activations[k - 1] as Exclude<ActivationName, "softmax">][1](z[k - 1][i]) * delta.reduce((s, dj, j) => s + net.weights[k][i][j] * dj, 0),
      );
  }
  return { loss: sampleLoss(loss, z[L], out, t), dW, dB };
}

/** The mean over samples of the loss and of its gradients, and the plain SGD update w ← w − lr·g from them. */
export function batchGradients(net: RefNet, X: number[][], T: number[][], loss: LossName) {
  const each = X.map((x, r) => sampleGradients(net, x, T[r], loss));
  const mean = (pick: (g: (typeof each)[number]) => number[][]) =>
    pick(each[0]).map((row, i) => row.map((_, j) => each.reduce((s, g) => s + pick(g)[i][j], 0) / X.length));
  return {
    loss: each.reduce((s, g) => s + g.loss, 0) / X.length,
    dW: net.weights.map((_, k) => mean((g) => g.dW[k])),
    dB: net.weights.map((_, k) => mean((g) => [g.dB[k]])[0]),
  };
}

export function sgdStep(net: RefNet, grads: { dW: number[][][]; dB: number[][] }, lr: number): RefNet {
  return {
    activations: net.activations,
    weights: net.weights.map((W, k) => W.map((row, i) => row.map((w, j) => w - lr * grads.dW[k][i][j]))),
    biases: net.biases.map((b, k) => b.map((v, j) => v - lr * grads.dB[k][j])),
  };
}
