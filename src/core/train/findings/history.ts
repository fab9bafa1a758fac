/** Reading the last epochs of a run's history, and writing its numbers in a finding's message. */
import { formatNumber } from "../../base/format";
import type { FindingId } from "../findingKinds";
import type { EpochMetrics } from "../metrics";

/**
 * A finding reported for the previous epoch stays while its measure is within this factor of
 * the threshold that raised it (on the far side of the threshold by less than it), so a measure
 * hovering at a threshold does not make the finding blink on and off from epoch to epoch.
 */
export const HYSTERESIS = 1.5;
/**
 * Overfitting: validation and training losses are averaged over the last SMOOTHING epochs (the
 * validation loss of a small validation set jumps from epoch to epoch)…
 */
export const SMOOTHING = 10;

/** A gradient or a step size in a message, as the card writes numbers (1.5e−5, three significant digits in exponent form). */
export const exp = (v: number) => formatNumber(v);
export const round = (v: number) => Number(v.toPrecision(4));
/** A loss or a spread in a message, as the card writes numbers (0.6931, 1.23e+7). */
export const shown = (v: number | null) => formatNumber(v);
export const layerName = (layer: number) => `layers[${layer}]`;

export function reported(history: readonly EpochMetrics[], id: FindingId, layer: number | null): boolean {
  const previous = history[history.length - 2];
  return previous?.findings.some((f) => f.id === id && f.layer === layer) ?? false;
}

/** Whether `holds` is true of each of the last `n` epochs; false when there are fewer. */
export function lastEpochsAll(history: readonly EpochMetrics[], n: number, holds: (m: EpochMetrics) => boolean): boolean {
  if (history.length < n) return false;
  for (let i = history.length - n; i < history.length; i++) if (!holds(history[i])) return false;
  return true;
}

/** The mean of `value` over the last `n` epochs (all of them when there are fewer). */
export function lastEpochsMean(history: readonly EpochMetrics[], n: number, value: (m: EpochMetrics) => number): number {
  const from = Math.max(0, history.length - n);
  let sum = 0;
  for (let i = from; i < history.length; i++) sum += value(history[i]);
  return sum / (history.length - from);
}
