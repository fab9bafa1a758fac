/**
 * How each layer's weights are spread, as TensorBoard's histograms show it: the share of the
 * layer's weights in each of a few equal bins over one range shared by all layers, so layers
 * compare at a glance. Weights that grow without bound (a learning rate too high), collapse to 0
 * (strong regularization) or stay where they started (a layer that does not learn) show here.
 */

export interface WeightHistograms {
  /** The bins cover −range … range; range is the largest |weight| of the whole network. */
  range: number;
  /** Per layer after the input, the share of its weights in each bin, from −range up. */
  shares: number[][];
}

export const WEIGHT_BINS = 21;

export function weightHistograms(weights: readonly Float64Array[], bins = WEIGHT_BINS): WeightHistograms {
  let range = 0;
  for (const w of weights) for (let i = 0; i < w.length; i++) if (Number.isFinite(w[i])) range = Math.max(range, Math.abs(w[i]));
  const shares = weights.map((w) => {
    const counts = new Array(bins).fill(0);
    for (let i = 0; i < w.length; i++) {
      const v = w[i];
      if (!Number.isFinite(v)) continue;
      // Bin b covers −range + b·width up to the next; +range goes in the last bin.
      const bin = range > 0 ? Math.min(bins - 1, Math.floor(((v + range) / (2 * range)) * bins)) : Math.floor(bins / 2);
      counts[bin]++;
    }
    return counts.map((c) => (w.length > 0 ? c / w.length : 0));
  });
  return { range, shares };
}
