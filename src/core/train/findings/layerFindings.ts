/** Per layer: vanishing or exploding gradients, the update-to-weight ratio, dead and saturated units. */
import { t } from "../../base/l10n";
import { LIMITS } from "../../base/limits";
import { optimizerRecord } from "../../nn/optimizers";
import type { Finding, FindingId } from "../findingKinds";
import type { EpochMetrics, LayerGradientStats } from "../metrics";
import type { FindingContext } from "./context";
import { adamFix, clipFix, initFix, insteadOfDead, learningRateFix } from "./fixes";
import { exp, HYSTERESIS, lastEpochsAll, layerName, reported } from "./history";

/** SGD: a layer whose mean |gradient| is this many times smaller than the largest layer's is starving. */
const VANISHING_RATIO = 1e-3;
/** Mean |gradient| below this is gone whatever the other layers get. */
const VANISHED = 1e-7;
/** Mean |gradient| below this in every layer: with SGD the steps are all but 0. */
const STALLED = 1e-5;
/** Largest |gradient| above this throws weights far off with SGD at a typical learning rate. */
const EXPLODING = 1e3;
/**
 * Update ratio (log10 of step size ÷ weight size): about −3 is healthy ("Building makemore
 * Part 3"). Below RATIO_LOW (a step under 1/10,000 of the weights) a layer barely learns; above
 * RATIO_HIGH (a tenth of the weights each step) it is thrown around. Judged over RATIO_EPOCHS.
 */
const RATIO_GUIDE = -3;
const RATIO_LOW = -4;
const RATIO_HIGH = -1;
const RATIO_EPOCHS = 5;
/** With steps this large, a loss that fell by less than this share over RATIO_EPOCHS is not settling. */
const RATIO_PROGRESS = 0.01;
/** Share of dead ReLU units worth a finding. */
const MANY_DEAD = 0.5;
/** Share of saturated tanh or sigmoid outputs worth a finding. */
const MANY_SATURATED = 0.5;

/** `flat`: the run is on a flat place (flatPlace.ts), where larger steps are not the advice. */
export function layerFindings(history: readonly EpochMetrics[], context: FindingContext, learned: boolean, flat = false): Finding[] {
  const last = history[history.length - 1];
  const stats = last.gradients;
  const out: Finding[] = [];
  if (stats.length === 0) return out;
  const adam = optimizerRecord(context.optimizer).adaptive;
  let largest = 0;
  for (const s of stats) largest = Math.max(largest, s.meanAbs);
  // Update ratios must hold for RATIO_EPOCHS epochs to raise a finding; once raised, it stays
  // while the current one is within HYSTERESIS of the threshold (in log10: its logarithm).
  const slack = Math.log10(HYSTERESIS);
  const ratioHolds = (k: number, id: FindingId, below: number | null, above: number | null) => {
    const ratio = (m: EpochMetrics) => m.gradients[k]?.updateRatio ?? null;
    const inRange = (r: number | null, extra: number) => r !== null && (below === null || r < below + extra) && (above === null || r > above - extra);
    if (reported(history, id, k + 1)) return inRange(ratio(last), slack);
    return lastEpochsAll(history, RATIO_EPOCHS, (m) => inRange(ratio(m), 0));
  };
  const earlier = history[history.length - RATIO_EPOCHS - 1];
  const lossSettling = earlier === undefined || last.loss < (1 - RATIO_PROGRESS) * earlier.loss;

  if (!learned && !adam && largest < STALLED) {
    out.push({
      id: "vanishing",
      layer: null,
      message: t(
        "Every layer's gradient is tiny (mean |g| at most {largest}) though the loss is not near 0: with {optimizer} each step is proportional to the gradient, so training has all but stopped. Common causes: saturated outputs, or a loss that gives little gradient (MAE or MSE on a softmax output). Adam divides each weight's step by the size of its recent gradients, so that a small but steady gradient still takes steps near the learning rate (a noisy one, or one near Adam's ε, does not).",
        { largest: exp(largest), optimizer: context.optimizer },
      ),
      fix: adamFix(context),
    });
  }
  stats.forEach((s, k) => {
    const layer = layerName(s.layer);
    const ratio = reported(history, "vanishing", s.layer) ? HYSTERESIS * VANISHING_RATIO : VANISHING_RATIO;
    const tiny = s.meanAbs < VANISHED || (largest > 0 && s.meanAbs < ratio * largest);
    let vanishing = false;
    if (!learned && tiny && largest >= STALLED && !adam) {
      vanishing = true;
      out.push({
        id: "vanishing",
        layer: s.layer,
        message: t(
          "{layer}: vanishing gradient: its mean |g| is {mean}, {ratio} of the largest layer's. With {optimizer} each step is proportional to the gradient, so this layer's weights move about that many times less than the largest layer's. Try relu or tanh in place of sigmoid, he initialisation for relu, fewer layers, or Adam, which rescales each weight's step.",
          { layer, mean: exp(s.meanAbs), ratio: exp(largest > 0 ? s.meanAbs / largest : 0), optimizer: context.optimizer },
        ),
        fix: adamFix(context),
      });
    } else if (!learned && tiny && adam && ratioHolds(k, "vanishing", RATIO_LOW, null)) {
      vanishing = true;
      out.push({
        id: "vanishing",
        layer: s.layer,
        message: t(
          "{layer}: vanishing gradient: its mean |g| is {mean}, {ratio} of the largest layer's, and even Adam, which rescales small gradients, moves its weights by only {step} of their size per step. Try relu or tanh in place of sigmoid, he initialisation for relu, or fewer layers.",
          { layer, mean: exp(s.meanAbs), ratio: exp(largest > 0 ? s.meanAbs / largest : 0), step: exp(10 ** (s.updateRatio ?? RATIO_LOW)) },
        ),
      });
    }
    // With clipping on, each step is bounded whatever the gradient (measured before clipping):
    // the remedy is in place, and steps still too large are the update-ratio finding's to report.
    // Adam bounds each step too: its large gradients matter only when its steps are large.
    const explodingSteps = context.clipNorm === null && (!adam || ratioHolds(k, "exploding", null, RATIO_HIGH));
    if (s.maxAbs > EXPLODING && explodingSteps) {
      out.push(explodingFinding(s, context));
    } else if (!vanishing && !learned && !flat && context.learningRate < LIMITS.learningRateMax && ratioHolds(k, "updateRatio", RATIO_LOW, null)) {
      out.push(smallStepsFinding(s, context));
    } else if (!lossSettling && ratioHolds(k, "updateRatio", null, RATIO_HIGH)) {
      out.push(largeStepsFinding(s, context));
    }
    out.push(...unitFindings(s, k, context));
  });
  return out;
}

export function explodingFinding(s: LayerGradientStats, context: FindingContext): Finding {
  const layer = layerName(s.layer);
  const max = exp(s.maxAbs);
  return {
    id: "exploding",
    layer: s.layer,
    message: optimizerRecord(context.optimizer).adaptive
      ? t(
          "{layer}: exploding gradients (max |g| {max}), and its steps are large too ({step} of its weights' size per step): Adam limits each step to about the learning rate, yet that is large for these weights. Lower the learning rate (now {rate}) or clip the gradient (optimizer.clipNorm).",
          { layer, max, step: exp(10 ** (s.updateRatio ?? 0)), rate: context.learningRate },
        )
      : t(
          "{layer}: exploding gradients (max |g| {max}): with {optimizer} each step is proportional to the gradient, so steps this large throw the weights far off and the loss may diverge. Clip the gradient (optimizer.clipNorm), lower the learning rate (now {rate}) or start from smaller weights.",
          { layer, max, optimizer: context.optimizer, rate: context.learningRate },
        ),
    fix: clipFix(),
  };
}

export function smallStepsFinding(s: LayerGradientStats, context: FindingContext): Finding {
  // Ten times, but never past what the spec allows (a fix must leave a valid spec).
  const higher = Math.min(context.learningRate * 10, LIMITS.learningRateMax);
  const args = { layer: layerName(s.layer), step: exp(10 ** (s.updateRatio ?? RATIO_LOW)), guide: exp(10 ** RATIO_GUIDE), rate: context.learningRate, higher };
  return {
    id: "updateRatio",
    layer: s.layer,
    message: optimizerRecord(context.optimizer).adaptive
      ? t(
          "{layer}: each step changes its weights by only {step} of their size (about {guide} is healthy), so it learns slowly. Adam's steps are about the learning rate in size, so the learning rate ({rate}) is small for weights this large; try {higher}.",
          args,
        )
      : t(
          "{layer}: each step changes its weights by only {step} of their size (about {guide} is healthy), so it learns slowly: the learning rate ({rate}) is too low, or the gradient reaching this layer is small. Try {higher}.",
          args,
        ),
    fix: learningRateFix(higher),
  };
}

export function largeStepsFinding(s: LayerGradientStats, context: FindingContext): Finding {
  const lower = context.learningRate / 10;
  return {
    id: "updateRatio",
    layer: s.layer,
    message: t(
      "{layer}: each step changes its weights by {step} of their size (about {guide} is healthy), and the loss is not coming down: steps this large throw the weights around instead of settling. Lower the learning rate (now {rate}), e.g. to {lower}.",
      { layer: layerName(s.layer), step: exp(10 ** (s.updateRatio ?? RATIO_HIGH)), guide: exp(10 ** RATIO_GUIDE), rate: context.learningRate, lower },
    ),
    fix: learningRateFix(lower),
  };
}

export function unitFindings(s: LayerGradientStats, k: number, context: FindingContext): Finding[] {
  const out: Finding[] = [];
  const layer = layerName(s.layer);
  if (s.saturatedShare !== null && s.saturatedShare >= MANY_SATURATED) {
    out.push({
      id: "saturated",
      layer: s.layer,
      message: t(
        "{layer}: {percent}% of its outputs are saturated (on the flat ends of the tanh or sigmoid curve, where almost no gradient passes back); try smaller initial weights (xavier), inputs scaled to about ±1, or relu",
        { layer, percent: Math.round(s.saturatedShare * 100) },
      ),
      fix: context.init !== null && context.init !== "xavier" ? initFix("xavier") : undefined,
    });
  }
  if (s.deadShare !== null && s.deadShare >= MANY_DEAD) {
    out.push({
      id: "dead",
      layer: s.layer,
      message:
        context.init === "he"
          ? t("{layer}: {percent}% of its ReLU units are dead (zero for every sample); try a lower learning rate or leakyRelu", {
              layer,
              percent: Math.round(s.deadShare * 100),
            })
          : t("{layer}: {percent}% of its ReLU units are dead (zero for every sample); try a lower learning rate, leakyRelu or he initialisation", {
              layer,
              percent: Math.round(s.deadShare * 100),
            }),
      fix: context.init !== null && context.init !== "he" ? initFix("he") : insteadOfDead(context.activations[k], k, layer),
    });
  }
  return out;
}
