/**
 * A run's curve as the charts draw it: the one size every side keeps (the host's and the panel's
 * histories, a kept run's curve.json) and the one way to take it from a run's epochs.
 */
import type { EpochMetrics } from "../core/train/metrics";
import type { RunCurve } from "./run";

/** Epochs a curve keeps: about what a chart can show across its width (Chart.js thins them further to draw). */
export const DRAWN_EPOCHS = 4000;

/** Every `stride`-th epoch, so that at most `points` are taken, evenly spaced, and the last one too (`points` + 1 at most). */
export function curveOf(epochs: readonly EpochMetrics[], points = DRAWN_EPOCHS): RunCurve {
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
