/**
 * A run's results as the files Export Weights, Export Metrics and kept runs write, made here in
 * the worker so the host only moves bytes: writing the text of ten million weights or a hundred
 * thousand epochs takes seconds, and reading it back as much again.
 */
import type { EpochMetrics } from "../core/train/metrics";
import type { WeightsJson } from "../core/weights/weightsFile";
import type { MetricsFile, RunCurve } from "../protocol/run";

/** Points of a run's curve kept for the charts: about what a chart can show across its width. */
export const CURVE_POINTS = 4000;

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

/** At most `points` epochs, evenly spaced, always with the last. */
export function curveOf(epochs: EpochMetrics[], points = CURVE_POINTS): RunCurve {
  const stride = Math.max(1, Math.ceil(epochs.length / points));
  const kept = epochs.filter((_, i) => i % stride === 0 || i === epochs.length - 1);
  return {
    epochs: kept.map((m) => m.epoch),
    loss: kept.map((m) => m.loss),
    valLoss: kept.map((m) => m.valLoss),
    accuracy: kept.map((m) => m.accuracy),
    valAccuracy: kept.map((m) => m.valAccuracy),
  };
}
