/**
 * How a number becomes a line's look in the layer diagram (no DOM): an edge's width and opacity
 * grow with its share of the layer's largest |value|, dashed where negative so the sign reads
 * without colour; a unit's ring under "units by |δ|" on a log scale over four decades.
 */

/** The largest |v| of `values` (0 when empty). */
export function largestAbs(values: readonly number[]): number {
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  return max;
}

/** |v| as a share of `max` (0 when max is 0). */
export function shareOf(v: number, max: number): number {
  return max > 0 ? Math.abs(v) / max : 0;
}

export interface EdgeLook {
  sign: "positive" | "negative";
  dasharray: string;
  width: string;
  opacity: string;
}

/** An edge of value `v` in a layer whose largest |value| is `max`. */
export function edgeLook(v: number, max: number): EdgeLook {
  const share = shareOf(v, max);
  return {
    sign: v >= 0 ? "positive" : "negative",
    dasharray: v < 0 ? "4 3" : "none",
    width: (0.5 + 4 * share).toFixed(2),
    opacity: (0.25 + 0.75 * share).toFixed(2),
  };
}

/**
 * A unit's ring for its mean |δ| against the network's largest: 1 at the largest, 0 four decades
 * below it or lower (and for a dead unit, exactly 0), linear in log10 between.
 */
export function ringShare(delta: number, largest: number): number {
  return delta > 0 ? Math.min(1, Math.max(0, 1 + Math.log10(delta / largest) / 4)) : 0;
}

/** The ring's stroke width for a share, and whether it is dashed (at 0: too small to see, or dead). */
export function ringLook(share: number): { width: string; dashed: boolean } {
  return { width: (1 + 4 * share).toFixed(2), dashed: share === 0 };
}
