/**
 * A network's weights and biases as one vector, the space the loss landscape lives in: layer by
 * layer, each layer's weights (row-major [in][out], as Network holds them) and then its biases.
 * Directions and the path are vectors in this layout; `vectorToLayers` gives them back in the
 * weights file's layout, so each figure can be checked against a network built from a file.
 */
import type { Network } from "../nn/network";
import type { WeightsJson } from "../weights/weightsFile";

/** The network's parameters, copied, in the layout above. */
export function parameterVector(net: Network): Float64Array {
  const out = new Float64Array(net.parameterCount);
  let at = 0;
  for (let k = 0; k < net.layerCount; k++) {
    out.set(net.weights[k], at);
    at += net.weights[k].length;
    out.set(net.biases[k], at);
    at += net.biases[k].length;
  }
  return out;
}

/** Writes `v` (the layout above) into the network's weights and biases. */
export function setParameterVector(net: Network, v: Float64Array): void {
  let at = 0;
  for (let k = 0; k < net.layerCount; k++) {
    net.weights[k].set(v.subarray(at, at + net.weights[k].length));
    at += net.weights[k].length;
    net.biases[k].set(v.subarray(at, at + net.biases[k].length));
    at += net.biases[k].length;
  }
}

/** Writes center + α·d1 + β·d2 into the network. */
export function setPlanePoint(net: Network, center: Float64Array, d1: Float64Array, d2: Float64Array, alpha: number, beta: number): void {
  let at = 0;
  const write = (target: Float64Array) => {
    for (let i = 0; i < target.length; i++, at++) target[i] = center[at] + alpha * d1[at] + beta * d2[at];
  };
  for (let k = 0; k < net.layerCount; k++) {
    write(net.weights[k]);
    write(net.biases[k]);
  }
}

/** `v` in the weights file's layout: per layer, weights[i][j] from unit i below to unit j, and biases. */
export function vectorToLayers(sizes: readonly number[], v: Float64Array): WeightsJson {
  const layers: WeightsJson["layers"] = [];
  let at = 0;
  for (let k = 0; k + 1 < sizes.length; k++) {
    const inDim = sizes[k];
    const outDim = sizes[k + 1];
    const weights: number[][] = [];
    for (let i = 0; i < inDim; i++, at += outDim) weights.push(Array.from(v.subarray(at, at + outDim)));
    layers.push({ weights, biases: Array.from(v.subarray(at, at + outDim)) });
    at += outDim;
  }
  return { layers };
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
