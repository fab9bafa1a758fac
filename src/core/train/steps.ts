/**
 * How far the optimizer moved the weights: the update-to-weight ratio per layer, the chart
 * "Building makemore Part 3" teaches (about 1e-3 is healthy), and whether successive epochs
 * moved the weights the same way or back and forth.
 */

/** Weights per layer whose change is compared from epoch to epoch (evenly spread over the layer). */
export const DIRECTION_SAMPLE = 1024;

/**
 * log10 of the update-to-weight ratio: the root mean square over the epoch's batches of each
 * step's L2 norm, ‖w_after − w_before‖, divided by the L2 norm of the weights at the epoch's end.
 * `stepSquares` is Σ over the batches of ‖step‖². Null when there was no step, the step was 0 or
 * the weights are all 0 (the ratio has no logarithm then).
 */
export function updateRatio(stepSquares: number, batches: number, weights: Float64Array): number | null {
  let squares = 0;
  for (let i = 0; i < weights.length; i++) squares += weights[i] * weights[i];
  if (batches === 0 || !(stepSquares > 0) || !(squares > 0)) return null;
  return Math.log10(Math.sqrt(stepSquares / batches) / Math.sqrt(squares));
}

/** Cosine of the angle between two vectors; null when either is 0. */
export function cosine(a: Float64Array, b: Float64Array): number | null {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa > 0 && bb > 0 ? dot / Math.sqrt(aa * bb) : null;
}

export class StepTracker {
  private readonly stepSquares: Float64Array;
  private batches = 0;
  /** Per layer, the indices of the weights whose change is followed. */
  private readonly followed: Uint32Array[];
  private readonly atStart: Float64Array;
  private change: Float64Array;
  private previousChange: Float64Array | null = null;

  constructor(private readonly weights: readonly Float64Array[]) {
    this.stepSquares = new Float64Array(weights.length);
    this.followed = weights.map((w) => {
      const m = Math.min(w.length, DIRECTION_SAMPLE);
      const step = w.length / Math.max(1, m);
      return Uint32Array.from({ length: m }, (_, i) => Math.floor(i * step));
    });
    const total = this.followed.reduce((n, f) => n + f.length, 0);
    this.atStart = new Float64Array(total);
    this.change = new Float64Array(total);
  }

  beginEpoch(): void {
    this.stepSquares.fill(0);
    this.batches = 0;
    this.read(this.atStart);
  }

  /** Adds one batch's steps: per layer Σ step² over its weights, as Optimizer.update returns it. */
  addStep(layer: number, squares: number): void {
    this.stepSquares[layer] += squares;
  }

  endBatch(): void {
    this.batches++;
  }

  /** Per layer the log10 update ratio, and the cosine between this epoch's change of the weights and the previous epoch's. */
  endEpoch(): { updateRatios: (number | null)[]; stepCosine: number | null } {
    const updateRatios = this.weights.map((w, k) => updateRatio(this.stepSquares[k], this.batches, w));
    this.read(this.change);
    for (let i = 0; i < this.change.length; i++) this.change[i] -= this.atStart[i];
    const stepCosine = this.previousChange ? cosine(this.change, this.previousChange) : null;
    const spare = this.previousChange ?? new Float64Array(this.change.length);
    this.previousChange = this.change;
    this.change = spare;
    return { updateRatios, stepCosine };
  }

  private read(into: Float64Array): void {
    let at = 0;
    this.followed.forEach((indices, k) => {
      const w = this.weights[k];
      for (let i = 0; i < indices.length; i++) into[at++] = w[indices[i]];
    });
  }
}
