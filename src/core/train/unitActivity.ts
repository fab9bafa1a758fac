/**
 * What the units did during an epoch, counted batch by batch from the passes training makes
 * anyway: dead ReLUs and saturated tanh and sigmoid outputs (every sample), and, from a sample
 * of the epoch, each unit's mean |δ| and how much the network's answers differ from input to
 * input.
 */
import { activationRecord } from "../nn/activations";
import type { Network } from "../nn/network";

/**
 * Each unit's mean |δ| and the output spread are taken over at least this many samples per
 * epoch: those of every k-th batch, k as large as still gives this many, so they spread over the
 * whole epoch (every batch when the epoch has no more samples than this). Their means need no
 * more: the diagram colours units on a log scale.
 */
export const COUNTED_SAMPLES = 128;

export class UnitActivity {
  /** Per ReLU layer: 1 for each unit that was active for some sample this epoch. */
  private readonly everActive: (Uint8Array | null)[];
  /** Hidden tanh and sigmoid layers: saturated outputs counted this epoch; null for other layers. */
  private readonly saturated: (number | null)[];
  /** Per layer, the outputs beyond which a unit counts as saturated (tanh, sigmoid hidden layers); null where none do. */
  private readonly saturatedRange: (readonly [number, number] | null)[];
  /** Per layer and unit: Σ over this epoch's counted samples of |δ| (each sample's own dL/dz). */
  private readonly deltaSums: Float64Array[];
  /** Per output unit: Σ and Σ² of its value over this epoch's counted samples. */
  private readonly outputSums: Float64Array;
  private readonly outputSquares: Float64Array;
  private samples = 0;
  /** Samples counted for |δ| and the output spread this epoch, and every how many batches they are taken. */
  private counted = 0;
  private readonly stride: number;
  /** The last completed epoch's mean |δ| per unit. */
  private lastUnitDeltas: Float64Array[];

  constructor(
    private readonly net: Network,
    batchSize: number,
    batchesPerEpoch: number,
  ) {
    this.stride = Math.max(1, Math.floor(batchesPerEpoch / Math.ceil(COUNTED_SAMPLES / batchSize)));
    const { activations, sizes } = net;
    const hidden = activations.length - 1;
    this.everActive = activations.map((a, k) => (activationRecord(a).canDie ? new Uint8Array(sizes[k + 1]) : null));
    this.saturatedRange = activations.map((a, k) => (k < hidden ? (activationRecord(a).saturatedOutside ?? null) : null));
    this.saturated = this.saturatedRange.map((range) => (range ? 0 : null));
    this.deltaSums = sizes.slice(1).map((n) => new Float64Array(n));
    this.lastUnitDeltas = sizes.slice(1).map((n) => new Float64Array(n));
    this.outputSums = new Float64Array(net.outputSize);
    this.outputSquares = new Float64Array(net.outputSize);
  }

  beginEpoch(): void {
    for (const a of this.everActive) a?.fill(0);
    this.saturated.forEach((count, k) => {
      if (count !== null) this.saturated[k] = 0;
    });
    for (const d of this.deltaSums) d.fill(0);
    this.outputSums.fill(0);
    this.outputSquares.fill(0);
    this.samples = 0;
    this.counted = 0;
  }

  /** Whether batch number `batch` of the epoch is one whose |δ| and outputs are counted. */
  counts(batch: number): boolean {
    return batch % this.stride === 0;
  }

  /** Counts the last forward pass of `rows` training rows, batch number `batch` of the epoch. */
  afterForward(rows: number, batch: number): void {
    const net = this.net;
    this.samples += rows;
    for (let k = 0; k < net.layerCount; k++) {
      const active = this.everActive[k];
      const count = this.saturated[k];
      if (!active && count === null) continue;
      const out = net.layerOutput(k);
      const width = net.sizes[k + 1];
      const n = rows * width;
      if (active) {
        for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) if (out[r * width + j] > 0) active[j] = 1;
      } else if (count !== null) {
        let flat = 0;
        const [low, high] = this.saturatedRange[k] ?? [0, 0];
        for (let i = 0; i < n; i++) if (out[i] > high || out[i] < low) flat++;
        this.saturated[k] = count + flat;
      }
    }
    if (!this.counts(batch)) return;
    this.counted += rows;
    const out = net.layerOutput(net.layerCount - 1);
    const width = net.outputSize;
    const sums = this.outputSums;
    const squares = this.outputSquares;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < width; j++) {
        const v = out[r * width + j];
        sums[j] += v;
        squares[j] += v * v;
      }
    }
  }

  /**
   * Adds the last backward pass's |δ| per unit, when batch number `batch` of the epoch is counted
   * (afterForward counted its rows). The batch's δ is of its mean loss, 1/rows of each sample's
   * own, so each |δ| counts `rows` times.
   */
  afterBackward(rows: number, batch: number): void {
    if (!this.counts(batch)) return;
    const net = this.net;
    for (let k = 0; k < net.layerCount; k++) {
      const delta = net.layerDelta(k);
      const sums = this.deltaSums[k];
      const width = sums.length;
      for (let r = 0; r < rows; r++) {
        const o = r * width;
        for (let j = 0; j < width; j++) {
          const d = delta[o + j];
          sums[j] += (d < 0 ? -d : d) * rows;
        }
      }
    }
  }

  /** Closes the epoch; returns per layer the share of dead ReLUs and of saturated outputs. */
  endEpoch(): { deadShare: (number | null)[]; saturatedShare: (number | null)[]; outputSpread: number } {
    const n = Math.max(1, this.samples);
    const counted = Math.max(1, this.counted);
    this.deltaSums.forEach((sums, k) => {
      const into = this.lastUnitDeltas[k];
      for (let j = 0; j < sums.length; j++) into[j] = sums[j] / counted;
    });
    const deadShare = this.everActive.map((active) => {
      if (!active) return null;
      let alive = 0;
      for (let j = 0; j < active.length; j++) alive += active[j];
      return 1 - alive / active.length;
    });
    const saturatedShare = this.saturated.map((count, k) => (count === null ? null : count / (n * this.net.sizes[k + 1])));
    let spread = 0;
    for (let j = 0; j < this.outputSums.length; j++) {
      const mean = this.outputSums[j] / counted;
      spread += Math.sqrt(Math.max(0, this.outputSquares[j] / counted - mean * mean));
    }
    return { deadShare, saturatedShare, outputSpread: spread / this.outputSums.length };
  }

  /** The last completed epoch's mean |δ| of each unit (over its counted samples), per layer after the input (copies). */
  unitDeltas(): number[][] {
    return this.lastUnitDeltas.map((d) => Array.from(d));
  }
}
