/**
 * A run's results as the files Export Weights, Export Metrics and kept runs write, made here in
 * the worker so the host only moves bytes: writing the text of ten million weights or a hundred
 * thousand epochs takes seconds, and reading it back as much again.
 */
import type { EpochMetrics } from "../core/train/metrics";
import type { WeightsJson } from "../core/weights/weightsFile";
import { curveOf } from "../protocol/curve";
import type { MetricsFile } from "../protocol/run";

const encoder = new TextEncoder();

/** A weights file (the format `init` reads), one value a line so it diffs and reads well. */
export function weightsFile(weights: WeightsJson): { file: Uint8Array } {
  return { file: encoder.encode(`${JSON.stringify(weights, null, 1)}\n`) };
}

/** The kept epochs as JSON lines, with the last epoch and the curve a kept run is drawn from. */
export function metricsFile(epochs: EpochMetrics[], keepsOneIn: number): MetricsFile {
  return {
    file: encoder.encode(epochs.map((m) => `${JSON.stringify(m)}\n`).join("")),
    count: epochs.length,
    keepsOneIn,
    last: epochs.at(-1) ?? null,
    curve: curveOf(epochs),
  };
}
