/**
 * Plain-words readings of a layer's gradient statistics, for people debugging gradient flow:
 * vanishing or exploding gradients, saturated tanh and sigmoid units, and dead ReLUs. Shared by
 * the panel and the CLI.
 */
import { t } from "../base/l10n";
import type { LayerGradientStats } from "./metrics";

/** A layer whose mean |gradient| is this many times smaller than the largest layer's is starving. */
const VANISHING_RATIO = 1e-3;
/** Mean |gradient| below this learns nothing at any sensible learning rate. */
const VANISHED = 1e-7;
/** Largest |gradient| above this will usually throw weights far off with a typical learning rate. */
const EXPLODING = 1e3;
/** Mean |gradient| below this in every layer: training has all but stopped. */
const STALLED = 1e-5;
/** Share of dead ReLU units worth a warning. */
const MANY_DEAD = 0.5;
/** Share of saturated tanh or sigmoid outputs worth a warning. */
const MANY_SATURATED = 0.5;

export function gradientFindings(stats: LayerGradientStats[]): string[] {
  const out: string[] = [];
  if (stats.length === 0) return out;
  const largest = Math.max(...stats.map((s) => s.meanAbs));
  if (largest < STALLED && largest >= VANISHED) {
    out.push(
      t(
        "every layer's gradient is tiny (mean |g| at most {largest}): training has all but stopped. If the loss is still high the network is stuck, e.g. saturated outputs, or a loss that gives little gradient (MAE or MSE on a softmax output); if it is near 0, it has converged (check validation for overfitting)",
        { largest: largest.toExponential(1) },
      ),
    );
  }
  for (const s of stats) {
    const layer = `layers[${s.layer}]`;
    if (s.maxAbs > EXPLODING)
      out.push(
        t("{layer}: exploding gradients (max |g| {max}); lower the learning rate or use a smaller initialisation", { layer, max: s.maxAbs.toExponential(1) }),
      );
    else if (s.meanAbs < VANISHED)
      out.push(t("{layer}: the gradient has vanished (mean |g| {mean}); this layer no longer learns", { layer, mean: s.meanAbs.toExponential(1) }));
    else if (largest > 0 && s.meanAbs < VANISHING_RATIO * largest) {
      out.push(
        t("{layer}: vanishing gradient ({ratio} of the largest layer's); try relu, he initialisation or fewer layers", {
          layer,
          ratio: (s.meanAbs / largest).toExponential(1),
        }),
      );
    }
    if (s.saturatedShare !== null && s.saturatedShare >= MANY_SATURATED) {
      out.push(
        t(
          "{layer}: {percent}% of its outputs are saturated (on the flat ends of the tanh or sigmoid curve, where almost no gradient passes back); try smaller initial weights (xavier), inputs scaled to about ±1, or relu",
          { layer, percent: Math.round(s.saturatedShare * 100) },
        ),
      );
    }
    if (s.deadShare !== null && s.deadShare >= MANY_DEAD) {
      out.push(
        t("{layer}: {percent}% of its ReLU units are dead (zero for every sample); try a lower learning rate, leakyRelu or he initialisation", {
          layer,
          percent: Math.round(s.deadShare * 100),
        }),
      );
    }
  }
  return out;
}
