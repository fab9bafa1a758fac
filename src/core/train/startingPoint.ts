/** Where a run starts: the network with its first weights, and the batch size the spec asks for. */
import type { Rng } from "../base/rng";
import { initialiseWeights } from "../nn/init";
import { Network } from "../nn/network";
import type { LoadedSpec } from "../spec/load";
import type { ResolvedSpec } from "../spec/types";
import { copyWeightsIntoNetwork } from "../weights/weightsFile";

/** The spec's network with the weights it starts from: a weights file's, or drawn from `rng` (training.seed's stream). */
export function startingNetwork(loaded: LoadedSpec, rng: Rng): Network {
  const { spec } = loaded;
  const net = new Network(spec.sizes, spec.activations);
  if (loaded.initialWeights) copyWeightsIntoNetwork(loaded.initialWeights, net);
  else if (typeof spec.init === "string") initialiseWeights(net, spec.init, rng);
  return net;
}

/** Rows a batch: training.batchSize, the whole training set for "full", never more rows than there are. */
export function batchSizeOf(spec: ResolvedSpec, trainRows: number): number {
  const requested = spec.training.batchSize;
  return requested === "full" ? trainRows : Math.min(requested, trainRows);
}
