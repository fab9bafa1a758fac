/**
 * One weight or bias of a network, named as the spec and the weights file name it, so the
 * panel, the CLI and the core can pass it around as plain data.
 */
import type { Network } from "./network";

/**
 * `layer` is the spec's index (1 = the first layer after the input). A weight runs from unit
 * `from` of the layer below to unit `to` of `layer` (weights[from][to] in the weights file);
 * `from: "bias"` is the bias of unit `to`.
 */
export interface ParameterRef {
  layer: number;
  from: number | "bias";
  to: number;
}

/** Where a parameter lives: its array in the network, its index there, and its gradient array. */
export interface ParameterSlot {
  params: Float64Array;
  grad: Float64Array;
  index: number;
}

/** Finds `ref` in `net`; throws when it names no parameter of this network. */
export function parameterSlot(net: Network, ref: ParameterRef): ParameterSlot {
  const { layer, from, to } = ref;
  if (!Number.isInteger(layer) || layer < 1 || layer > net.layerCount) {
    throw new Error(`layer ${layer} is not one of the network's layers 1 to ${net.layerCount}`);
  }
  const k = layer - 1;
  const outDim = net.sizes[layer];
  if (!Number.isInteger(to) || to < 0 || to >= outDim) throw new Error(`layers[${layer}] has units 0 to ${outDim - 1}, not ${to}`);
  if (from === "bias") return { params: net.biases[k], grad: net.gradBiases[k], index: to };
  if (!Number.isInteger(from) || from < 0 || from >= net.sizes[k])
    throw new Error(`the layer below layers[${layer}] has units 0 to ${net.sizes[k] - 1}, not ${from}`);
  return { params: net.weights[k], grad: net.gradWeights[k], index: from * outDim + to };
}
