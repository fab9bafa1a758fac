/**
 * The lesson's second claim as a finding: a place where the loss's slope is 0 need not be where
 * accuracy is 100%. A run that has stalled on a plateau, a saddle or a poor local minimum shows
 * a gradient near 0 and a loss that no longer moves while training accuracy stays below 100%;
 * following the slope further does not help, a different start or a different network does.
 * (XOR's four points with two sigmoid units stall so from some seeds: examples/xor-stall.)
 */
import { formatNumber, formatPercent } from "../../base/format";
import { t } from "../../base/l10n";
import type { Task } from "../../data/dataset";
import type { Finding } from "../findingKinds";
import type { EpochMetrics } from "../metrics";

/** The loss must have stayed this many epochs… */
export const FLAT_EPOCHS = 50;
/** …each of them within this share of the last… */
const FLAT_CHANGE = 0.01;
/** …with every layer's mean |g| below this… */
export const FLAT_GRADIENT = 1e-3;
/**
 * …and the loss at least this share of the chance level: stalled short of the goal. A noisy data
 * set that a network fits to 98% ends with small gradients and a small loss too, and there "add
 * units" or "another start" is not the advice.
 */
export const FLAT_SHORT_OF_GOAL = 0.25;
/** Once reported, the finding stays while its measures are within this factor of their thresholds. */
const HYSTERESIS = 1.5;

/**
 * The flat-place finding at the last epoch of `history`, or null; `chance` is the loss of the best
 * constant answer (findings/referencePoints.ts), `adaptive` whether the optimizer already scales
 * its steps (Adam), so that it is not suggested again.
 */
export function flatPlaceFinding(history: readonly EpochMetrics[], task: Task, chance: number | null, adaptive: boolean): Finding | null {
  if (task !== "classification" || chance === null || history.length <= FLAT_EPOCHS) return null;
  const last = history[history.length - 1];
  if (!(last.accuracy < 1) || last.gradients.length === 0) return null;
  const slack = history[history.length - 2]?.findings.some((f) => f.id === "flatPlace") ? HYSTERESIS : 1;
  if (!(last.loss >= (FLAT_SHORT_OF_GOAL / slack) * chance)) return null;
  const largest = Math.max(...last.gradients.map((g) => g.meanAbs));
  if (!(largest < slack * FLAT_GRADIENT)) return null;
  for (let i = history.length - 1 - FLAT_EPOCHS; i < history.length; i++) {
    if (!(Math.abs(history[i].loss - last.loss) <= slack * FLAT_CHANGE * last.loss)) return null;
  }
  const args = { accuracy: formatPercent(last.accuracy), gradient: formatNumber(largest), loss: formatNumber(last.loss), epochs: FLAT_EPOCHS };
  return {
    id: "flatPlace",
    layer: null,
    message: adaptive
      ? t(
          "The gradient is near 0 but accuracy is {accuracy}: a flat place, not the goal. The largest of the layers' mean |g| is {gradient} and the loss has stayed within 1% of {loss} for {epochs} epochs: small steps no longer lower it, here at a plateau, a saddle or a poor local minimum, and such a place need not be where every training answer is right. Try another training.seed (another start) or more hidden units; the loss landscape shows where the run stopped.",
          args,
        )
      : t(
          "The gradient is near 0 but accuracy is {accuracy}: a flat place, not the goal. The largest of the layers' mean |g| is {gradient} and the loss has stayed within 1% of {loss} for {epochs} epochs: small steps no longer lower it, here at a plateau, a saddle or a poor local minimum, and such a place need not be where every training answer is right. Try another training.seed (another start), more hidden units, or momentum or Adam, which can carry the weights across a flat stretch; the loss landscape shows where the run stopped.",
          args,
        ),
  };
}
