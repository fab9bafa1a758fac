/**
 * Plain-words readings of a layer's gradient statistics, for people debugging gradient flow:
 * vanishing or exploding gradients and dead ReLUs. Shared by the panel and the CLI.
 */
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

export function gradientFindings(stats: LayerGradientStats[]): string[] {
  const out: string[] = [];
  if (stats.length === 0) return out;
  const largest = Math.max(...stats.map((s) => s.meanAbs));
  if (largest < STALLED && largest >= VANISHED) {
    out.push(
      `every layer's gradient is tiny (mean |g| at most ${largest.toExponential(1)}): training has all but stopped. If the loss is still high the network is stuck, e.g. saturated outputs, or a loss that gives little gradient (MAE or MSE on a softmax output); if it is near 0, it has converged (check validation for overfitting)`,
    );
  }
  for (const s of stats) {
    const where = `layers[${s.layer}]`;
    if (s.maxAbs > EXPLODING)
      out.push(`${where}: exploding gradients (max |g| ${s.maxAbs.toExponential(1)}); lower the learning rate or use a smaller initialisation`);
    else if (s.meanAbs < VANISHED) out.push(`${where}: the gradient has vanished (mean |g| ${s.meanAbs.toExponential(1)}); this layer no longer learns`);
    else if (largest > 0 && s.meanAbs < VANISHING_RATIO * largest) {
      out.push(`${where}: vanishing gradient (${(s.meanAbs / largest).toExponential(1)} of the largest layer's); try relu, he initialisation or fewer layers`);
    }
    if (s.deadShare !== null && s.deadShare >= MANY_DEAD) {
      out.push(
        `${where}: ${Math.round(s.deadShare * 100)}% of its ReLU units are dead (zero for every sample); try a lower learning rate, leakyRelu or he initialisation`,
      );
    }
  }
  return out;
}
