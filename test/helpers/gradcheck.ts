/** Finite-difference gradients of a network's mean batch loss, for checking backpropagation. */
import type { LossName } from "../../src/core/nn/losses";
import type { Network } from "../../src/core/nn/network";

export function meanLoss(net: Network, input: Float64Array, rows: number, loss: LossName, targets: Float64Array): number {
  net.inputBuffer(rows).set(input);
  net.forward(rows);
  return net.lossSum(loss, targets) / rows;
}

/** Central differences: (L(p + h) - L(p - h)) / 2h for every entry of `params`. */
export function numericGradient(
  net: Network,
  params: Float64Array,
  input: Float64Array,
  rows: number,
  loss: LossName,
  targets: Float64Array,
  h = 1e-5,
): Float64Array {
  const g = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const saved = params[i];
    params[i] = saved + h;
    const up = meanLoss(net, input, rows, loss, targets);
    params[i] = saved - h;
    const down = meanLoss(net, input, rows, loss, targets);
    params[i] = saved;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

/** max over entries of |a - b| / max(floor, |a| + |b|): a relative error that tolerates tiny gradients. */
export function maxRelativeError(a: Float64Array, b: Float64Array, floor = 1e-4): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i] - b[i]) / Math.max(floor, Math.abs(a[i]) + Math.abs(b[i]));
    if (err > worst) worst = err;
  }
  return worst;
}
