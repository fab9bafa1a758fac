/**
 * Finite-difference gradients for checking backpropagation. The loss is computed by the readable
 * reference (reference.ts), not by the network under test, so the core's backward pass is
 * compared with an independent computation, never with itself.
 */
import type { LossName } from "../../src/core/nn/losses";
import type { Network } from "../../src/core/nn/network";
import { forwardFrom, type RefNet, sampleLoss } from "./reference";

/** The network's current weights as the reference's number[][]. */
export function toReference(net: Network): RefNet {
  return {
    activations: [...net.activations],
    weights: net.weights.map((w, k) =>
      Array.from({ length: net.sizes[k] }, (_, i) => Array.from(w.subarray(i * net.sizes[k + 1], (i + 1) * net.sizes[k + 1]))),
    ),
    biases: net.biases.map((b) => Array.from(b)),
  };
}

/** Row r of a rows × width Float64Array. */
export const rowOf = (m: Float64Array, r: number, width: number) => Array.from(m.subarray(r * width, (r + 1) * width));

/** The mean loss over `rows` rows, by the reference, with the network's current weights. */
export function meanLoss(net: Network, input: Float64Array, rows: number, loss: LossName, targets: Float64Array): number {
  const ref = toReference(net);
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const { z, a } = forwardFrom(ref, 0, rowOf(input, r, net.inputSize));
    sum += sampleLoss(loss, z[z.length - 1], a[a.length - 1], rowOf(targets, r, net.outputSize));
  }
  return sum / rows;
}

/** Central differences: (L(p + h) − L(p − h)) / 2h for every entry of `params`, L by the reference. */
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
  for (let i = 0; i < params.length; i++)
    g[i] = centralDifference((v) => {
      const saved = params[i];
      params[i] = saved + v;
      const l = meanLoss(net, input, rows, loss, targets);
      params[i] = saved;
      return l;
    }, h);
  return g;
}

/** (f(h) − f(−h)) / 2h for a function of a shift. */
export function centralDifference(f: (shift: number) => number, h: number): number {
  return (f(h) - f(-h)) / (2 * h);
}

/** max over entries of |a − b| / max(floor, |a| + |b|): a relative error that tolerates tiny gradients. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-4): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i] - b[i]) / Math.max(floor, Math.abs(a[i]) + Math.abs(b[i]));
    if (err > worst) worst = err;
  }
  return worst;
}
