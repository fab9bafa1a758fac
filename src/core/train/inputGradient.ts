/**
 * The gradient of one sample's loss with respect to each input: ∂L/∂xᵢ = Σⱼ w¹ᵢⱼ·δ¹ⱼ, the first
 * layer's weights (transposed) times its δ, the same step backpropagation takes between any two
 * layers, carried one layer further, to the inputs. For an image it says which pixels, made
 * brighter, would raise this sample's loss (positive) and which would lower it (negative).
 *
 * Dependency-free beyond the network: the sample card (sampleTrace.ts) calls it with the δ of its
 * one-row backward pass.
 */
import type { Network } from "../nn/network";

/** ∂L/∂x for the input row whose first-layer δ is `firstDelta` (the first layer's units' ∂L/∂z). */
export function inputGradient(net: Network, firstDelta: ArrayLike<number>): Float64Array {
  const inputs = net.sizes[0];
  const units = net.sizes[1];
  if (firstDelta.length < units) throw new Error(`the first layer has ${units} units, but δ has ${firstDelta.length}`);
  const w = net.weights[0];
  const out = new Float64Array(inputs);
  for (let i = 0; i < inputs; i++) {
    let s = 0;
    const row = i * units;
    for (let j = 0; j < units; j++) s += w[row + j] * firstDelta[j];
    out[i] = s;
  }
  return out;
}

/** The largest |value| of a gradient (0 for all zeros): the legend's end, the same both ways round 0. */
export function largestMagnitude(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]);
    if (v > m) m = v;
  }
  return m;
}
