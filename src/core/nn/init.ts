/** Weight initialisation schemes. Biases always start at zero. */
import type { Rng } from "../base/rng";
import type { Network } from "./network";

export const INIT_SCHEMES = ["xavier", "he", "uniform", "zeros"] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];

export function initialiseWeights(net: Network, scheme: InitScheme, rng: Rng): void {
  for (let k = 0; k < net.layerCount; k++) {
    const fanIn = net.sizes[k];
    const fanOut = net.sizes[k + 1];
    const w = net.weights[k];
    net.biases[k].fill(0);
    switch (scheme) {
      case "xavier": {
        // Glorot uniform: keeps the variance of activations and gradients about equal across layers.
        const limit = Math.sqrt(6 / (fanIn + fanOut));
        for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-limit, limit);
        break;
      }
      case "he": {
        // He normal: variance 2/fanIn, which ReLU's halving of the signal needs.
        const std = Math.sqrt(2 / fanIn);
        for (let i = 0; i < w.length; i++) w[i] = std * rng.normal();
        break;
      }
      case "uniform":
        for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-0.5, 0.5);
        break;
      case "zeros":
        w.fill(0);
        break;
    }
  }
}
