/**
 * Inverted dropout: while training, each output of a hidden layer is kept with probability
 * 1 − p and then scaled by 1/(1 − p), or else set to 0, so that its expected value is the
 * output without dropout and nothing needs rescaling when the network is used (validation, the
 * sample card, the loss landscape run it without masks).
 *
 * The masks come from the run's own seeded stream (the Rng that training.seed drives, the one
 * that shuffles), so a run with dropout is as repeatable as one without, and the PyTorch export
 * replays the very same masks (DROPOUT_MASKS in src/core/export/pythonHelpers.ts). The order of
 * the draws is part of that contract: for each training batch, after the epoch's shuffle, the
 * layers with a rate above 0 from the input side up, and within a layer one draw per output,
 * row-major (sample by sample, unit by unit); output i is dropped when its draw u < p.
 */
import type { Rng } from "../base/rng";

/** One mask per non-input layer; null where the layer has no dropout (the output layer never has). */
export type DropoutMasks = (Float64Array | null)[];

/** Whether any layer drops outputs. */
export function hasDropout(rates: readonly number[]): boolean {
  return rates.some((p) => p > 0);
}

/** Buffers for the masks of up to `rows` rows: one per layer whose rate is above 0. */
export function allocateMasks(rates: readonly number[], sizes: readonly number[], rows: number): DropoutMasks {
  return rates.map((p, k) => (p > 0 ? new Float64Array(rows * sizes[k + 1]) : null));
}

/**
 * Draws this batch's masks into `masks` (from allocateMasks): per layer with rate p > 0, in
 * layer order, rows × units draws, row-major; a kept output's entry is 1/(1 − p), a dropped one's 0.
 */
export function drawMasks(rng: Rng, rates: readonly number[], sizes: readonly number[], rows: number, masks: DropoutMasks): void {
  for (let k = 0; k < rates.length; k++) {
    const p = rates[k];
    const mask = masks[k];
    if (!(p > 0) || !mask) continue;
    const kept = 1 / (1 - p);
    const n = rows * sizes[k + 1];
    for (let i = 0; i < n; i++) mask[i] = rng.next() < p ? 0 : kept;
  }
}

/** values[i] *= mask[i] for the first n values: the masked outputs forward, or dL/da backward. */
export function applyMask(values: Float64Array, mask: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) values[i] *= mask[i];
}

/** A run's dropout: its rates, and mask buffers for batches of up to `rows` rows; nothing when no layer drops. */
export class BatchDropout {
  private readonly masks: DropoutMasks | null;

  constructor(
    private readonly rates: readonly number[],
    private readonly sizes: readonly number[],
    rows: number,
  ) {
    this.masks = hasDropout(rates) ? allocateMasks(rates, sizes, rows) : null;
  }

  /** This batch's masks, drawn from `rng` (null without dropout, drawing nothing). */
  draw(rng: Rng, rows: number): DropoutMasks | null {
    if (this.masks) drawMasks(rng, this.rates, this.sizes, rows, this.masks);
    return this.masks;
  }
}
