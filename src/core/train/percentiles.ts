/**
 * Percentiles and histograms of sampled values: the numbers the distribution dashboards draw
 * (distributions.ts samples the values during training).
 */

/** Bins of the current histograms. */
export const DISTRIBUTION_BINS = 30;

/**
 * The percentiles TensorBoard's distribution dashboard draws as bands: min, then ±1.5σ, ±1σ,
 * ±0.5σ of a normal distribution, the median, and max (its basis points 0, 668, 1587, 3085,
 * 5000, 6915, 8413, 9332, 10000).
 */
export const PERCENTILE_POINTS = [0, 6.68, 15.87, 30.85, 50, 69.15, 84.13, 93.32, 100] as const;

/**
 * Percentiles of `sorted` (ascending, finite), each `p` in 0…100, interpolated linearly between
 * the two nearest ranks as numpy.percentile does by default: at rank p/100·(n − 1).
 */
export function percentilesOfSorted(sorted: ArrayLike<number>, points: readonly number[] = PERCENTILE_POINTS): number[] {
  const n = sorted.length;
  if (n === 0) return points.map(() => Number.NaN);
  return points.map((p) => {
    const rank = (p / 100) * (n - 1);
    const below = Math.floor(rank);
    const above = Math.min(n - 1, below + 1);
    return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
  });
}

/** The finite values of `values`, sorted ascending, in `into` (a new array when not given or too small). */
export function sortedFinite(values: Float64Array, into?: Float64Array): Float64Array {
  let n = 0;
  const out = into && into.length >= values.length ? into : new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[n++] = values[i];
  return out.subarray(0, n).sort();
}

/**
 * The share of `values` in each of `bins` equal bins over min … max (max goes in the last bin);
 * all in the middle bin when min = max. Non-finite values are left out of the counts but not of
 * the total, so a NaN shows as missing mass rather than breaking the picture.
 */
export function histogram(values: ArrayLike<number>, min: number, max: number, bins = DISTRIBUTION_BINS): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = max - min;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const bin = width > 0 ? Math.min(bins - 1, Math.max(0, Math.floor(((v - min) / width) * bins))) : Math.floor(bins / 2);
    counts[bin]++;
  }
  return counts.map((c) => (values.length > 0 ? c / values.length : 0));
}
