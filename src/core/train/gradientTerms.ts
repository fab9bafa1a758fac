/** What the loop does to the gradient between backward() and the step: regularization's term and clipping. */
import type { Network } from "../nn/network";
import type { ResolvedSpec } from "../spec/types";

/** Adds the regularization's gradient to the weights' (not the biases'): 2·rate·w for L2, rate·sign(w) for L1. */
export function addRegularizationGradient(net: Network, reg: ResolvedSpec["regularization"]): void {
  if (!reg || reg.rate === 0) return;
  for (let k = 0; k < net.layerCount; k++) {
    const w = net.weights[k];
    const g = net.gradWeights[k];
    if (reg.type === "l2") for (let i = 0; i < w.length; i++) g[i] += 2 * reg.rate * w[i];
    else for (let i = 0; i < w.length; i++) g[i] += reg.rate * Math.sign(w[i]);
  }
}

/** Gradient clipping: every weight and bias gradient times `scale`. */
export function scaleGradients(net: Network, scale: number): void {
  for (const grads of [net.gradWeights, net.gradBiases]) for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= scale;
}
