/**
 * How the values inside each layer are spread, as TensorBoard's histogram and distribution
 * dashboards and the per-layer histograms of "Building makemore Part 3" show them: for
 * activations (each unit's output), δ (dL/dz, the error at each unit's total input) and weight
 * gradients (dL/dw).
 *
 * Full counts would cost as much as training (every sample × every unit), so each epoch takes
 * a sample: the activations and δ of the epoch's first training samples (in its shuffled order),
 * as many whole rows as fit in SAMPLE_VALUES values per layer, at least one and at most
 * SAMPLE_ROWS (a batch or two, so sampling ends early in the epoch), and up to SAMPLE_VALUES
 * weight gradients of the epoch's first batch, spread evenly over the layer's weight matrix.
 * δ is each sample's own dL/dz (the batch's is divided by the batch size), so it does not
 * depend on the batch size.
 */
import type { Network } from "../nn/network";
import { DISTRIBUTION_BINS, histogram, percentilesOfSorted, sortedFinite } from "./percentiles";

export const DISTRIBUTION_KINDS = ["activations", "deltas", "weightGradients"] as const;
export type DistributionKind = (typeof DISTRIBUTION_KINDS)[number];

/** Values sampled per layer and kind each epoch (at most). */
export const SAMPLE_VALUES = 256;
/** Training samples whose activations and δ are sampled per epoch (at most). */
export const SAMPLE_ROWS = 32;
/** Most epochs the over-epochs series keeps; when full, every other one is dropped. */
export const SERIES_LIMIT = 128;

/** One kind's distributions, per layer after the input, over one range shared by all layers. */
export interface KindDistribution {
  /** The bins cover min … max: the smallest and largest sampled value of any layer. */
  min: number;
  max: number;
  /** Per layer: the share of its sampled values in each of DISTRIBUTION_BINS bins, from min up. */
  shares: number[][];
  /** Per layer: its PERCENTILE_POINTS percentiles (NaN when nothing was sampled). */
  percentiles: number[][];
  /** Per layer: how many values were sampled. */
  counts: number[];
}

/** The current distributions: the sample of the latest epoch whose sample is complete. */
export interface Distributions {
  /** The epoch (1-based) the sample was taken in. */
  epoch: number;
  activations: KindDistribution;
  deltas: KindDistribution;
  weightGradients: KindDistribution;
}

/**
 * The distributions over epochs, TensorBoard's "distributions" view: per kind and layer, the
 * nine percentiles at each kept epoch. Holds at most SERIES_LIMIT epochs: when full, every
 * other kept epoch is dropped and from then on only every `stride`-th epoch (doubled) is kept,
 * so a long run is covered end to end at an even spacing.
 */
export interface DistributionSeries {
  /** The kept epochs, ascending. */
  epochs: number[];
  /** Every `stride`-th epoch is kept. */
  stride: number;
  /** [kind][layer][i]: the nine percentiles at epochs[i]. */
  activations: number[][][];
  deltas: number[][][];
  weightGradients: number[][][];
}

function kindDistribution(samples: readonly Float64Array[], bins: number): KindDistribution {
  const sorted = samples.map((s) => sortedFinite(s));
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const s of sorted) {
    if (s.length === 0) continue;
    min = Math.min(min, s[0]);
    max = Math.max(max, s[s.length - 1]);
  }
  if (min > max) min = max = 0;
  return {
    min,
    max,
    shares: samples.map((s) => histogram(s, min, max, bins)),
    percentiles: sorted.map((s) => percentilesOfSorted(s)),
    counts: samples.map((s) => s.length),
  };
}

/** One epoch's sampled values, per kind and layer. */
class Sample {
  epoch = 0;
  /** Rows of activations and δ filled so far, per layer. */
  readonly rows: number[];
  readonly activations: Float64Array[];
  readonly deltas: Float64Array[];
  readonly weightGradients: Float64Array[];
  weightGradientsTaken = false;

  constructor(
    private readonly widths: readonly number[],
    readonly capacityRows: readonly number[],
    gradientSizes: readonly number[],
  ) {
    this.rows = widths.map(() => 0);
    this.activations = widths.map((w, k) => new Float64Array(w * capacityRows[k]));
    this.deltas = widths.map((w, k) => new Float64Array(w * capacityRows[k]));
    this.weightGradients = gradientSizes.map((n) => new Float64Array(n));
  }

  reset(epoch: number): void {
    this.epoch = epoch;
    this.rows.fill(0);
    this.weightGradientsTaken = false;
  }

  /** The filled part of each layer's buffer of `kind`. */
  values(kind: DistributionKind): Float64Array[] {
    if (kind === "weightGradients") return this.weightGradientsTaken ? this.weightGradients : this.weightGradients.map((g) => g.subarray(0, 0));
    const buffers = kind === "activations" ? this.activations : this.deltas;
    return buffers.map((b, k) => b.subarray(0, this.rows[k] * this.widths[k]));
  }

  get full(): boolean {
    return this.weightGradientsTaken && this.rows.every((r, k) => r >= this.capacityRows[k]);
  }
}

/**
 * Which `size` of n weights are sampled: one from each of `size` equal stretches of the matrix
 * (distinct, and spread evenly over it), at a golden-ratio offset within its stretch, so that a
 * stretch as long as a row or two does not make the sample keep to some of the columns.
 */
function spreadIndices(n: number, size: number): Uint32Array {
  const golden = (Math.sqrt(5) - 1) / 2;
  return Uint32Array.from({ length: size }, (_, i) => {
    const from = Math.floor((i * n) / size);
    const to = Math.floor(((i + 1) * n) / size);
    return from + Math.floor(((i * golden) % 1) * (to - from));
  });
}

/**
 * Takes each epoch's sample from the network's buffers during training (two sets: one filling,
 * one complete, so the current distributions never show a half-filled sample), and keeps the
 * percentile series. The trainer calls beginEpoch(), then take() after each backward pass while
 * `wanted`, then endEpoch().
 */
export class DistributionRecorder {
  private filling: Sample;
  /** The sample not filling: the complete one once an epoch has ended. */
  private other: Sample;
  private complete: Sample | null = null;
  private readonly series: DistributionSeries;
  private readonly gradientIndices: Uint32Array[];
  /** Room to sort one layer's sample in, reused every epoch. */
  private readonly scratch: Float64Array;

  constructor(private readonly net: Network) {
    const widths = net.sizes.slice(1);
    const capacityRows = widths.map((w) => Math.min(SAMPLE_ROWS, Math.max(1, Math.floor(SAMPLE_VALUES / w))));
    const gradientSizes = net.weights.map((w) => Math.min(w.length, SAMPLE_VALUES));
    this.gradientIndices = net.weights.map((w, k) => spreadIndices(w.length, gradientSizes[k]));
    this.scratch = new Float64Array(Math.max(...widths.map((w, k) => w * capacityRows[k]), ...gradientSizes));
    this.filling = new Sample(widths, capacityRows, gradientSizes);
    this.other = new Sample(widths, capacityRows, gradientSizes);
    const perLayer = () => widths.map(() => [] as number[][]);
    this.series = { epochs: [], stride: 1, activations: perLayer(), deltas: perLayer(), weightGradients: perLayer() };
  }

  /** Whether the current epoch's sample still takes values (a field: it is asked every batch). */
  wanted = false;

  beginEpoch(epoch: number): void {
    this.filling.reset(epoch);
    this.wanted = true;
  }

  /**
   * Copies what the sample still needs from the last forward and backward pass of `rows` rows.
   * The weight gradients are read as they are now: call it after the gradient is final for the
   * step (regularization added), before the optimizer changes the weights.
   */
  take(rows: number): void {
    const s = this.filling;
    const net = this.net;
    for (let k = 0; k < net.layerCount; k++) {
      const width = net.sizes[k + 1];
      const room = s.capacityRows[k] - s.rows[k];
      if (room <= 0) continue;
      const n = Math.min(room, rows) * width;
      const at = s.rows[k] * width;
      s.activations[k].set(net.layerOutput(k).subarray(0, n), at);
      // The batch's δ is of its mean loss: times the rows, each sample's own.
      const delta = net.layerDelta(k);
      const into = s.deltas[k];
      for (let i = 0; i < n; i++) into[at + i] = delta[i] * rows;
      s.rows[k] += n / width;
    }
    if (!s.weightGradientsTaken) {
      for (let k = 0; k < net.layerCount; k++) {
        const g = net.gradWeights[k];
        const into = s.weightGradients[k];
        const indices = this.gradientIndices[k];
        for (let i = 0; i < into.length; i++) into[i] = g[indices[i]];
      }
      s.weightGradientsTaken = true;
    }
    this.wanted = !s.full;
  }

  /** Ends the epoch: its sample becomes the current one, and its percentiles join the series when the stride keeps it. */
  endEpoch(): void {
    const done = this.filling;
    this.filling = this.other;
    this.other = done;
    this.complete = done;
    const series = this.series;
    if (done.epoch % series.stride !== 0) return;
    series.epochs.push(done.epoch);
    for (const kind of DISTRIBUTION_KINDS) {
      done.values(kind).forEach((values, k) => {
        series[kind][k].push(percentilesOfSorted(sortedFinite(values, this.scratch)));
      });
    }
    if (series.epochs.length >= SERIES_LIMIT) {
      series.stride *= 2;
      const keep = (_: unknown, i: number) => series.epochs[i] % series.stride === 0;
      for (const kind of DISTRIBUTION_KINDS) series[kind] = series[kind].map((layer) => layer.filter(keep));
      series.epochs = series.epochs.filter((e) => e % series.stride === 0);
    }
  }

  /** The latest complete epoch's histograms and percentiles; null before the first epoch ends. */
  current(bins = DISTRIBUTION_BINS): Distributions | null {
    const s = this.complete;
    if (!s) return null;
    return {
      epoch: s.epoch,
      activations: kindDistribution(s.values("activations"), bins),
      deltas: kindDistribution(s.values("deltas"), bins),
      weightGradients: kindDistribution(s.values("weightGradients"), bins),
    };
  }

  /** A copy of the percentile series, safe to post. */
  history(): DistributionSeries {
    const s = this.series;
    const copy = (layers: number[][][]) => layers.map((layer) => layer.map((p) => p.slice()));
    return {
      epochs: s.epochs.slice(),
      stride: s.stride,
      activations: copy(s.activations),
      deltas: copy(s.deltas),
      weightGradients: copy(s.weightGradients),
    };
  }
}
