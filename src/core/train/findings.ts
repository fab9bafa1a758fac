/**
 * Findings: plain-words readings of a run for people debugging why a network does or does not
 * learn, as the practitioners' checks have them (Karpathy's "Recipe for Training Neural
 * Networks" and "Building makemore Part 3", TensorBoard's dashboards): a loss stuck at chance,
 * an initial loss far from it, a bouncing loss, a loss of 0, vanishing and exploding gradients
 * (judged for SGD by the gradient, for Adam by the steps it takes), dead and saturated units,
 * the update-to-weight ratio, and overfitting.
 *
 * Each finding says what is seen, what it means and what to try, names its layer (the spec's
 * index in `layers`) when it has one, and carries a fix a tool can apply when one is obvious.
 * The trainer computes them after every epoch (EpochMetrics.findings), so the panel, the CLI
 * and the editor show the same. They read only the last few epochs of the history and a few
 * facts the trainer keeps, so each epoch costs the same however long the run.
 */
import type { SpecFix } from "../base/diagnostics";
import { formatNumber } from "../base/format";
import { t } from "../base/l10n";
import { LIMITS } from "../base/limits";
import type { Task } from "../data/dataset";
import type { ActivationName } from "../nn/activations";
import { type LossName, rowLoss } from "../nn/losses";
import type { OptimizerName } from "../nn/optimizers";
import type { Finding, FindingId } from "./findingKinds";
import { flatPlaceFinding } from "./flatPlace";
import type { EpochMetrics, LayerGradientStats } from "./metrics";

export { FINDING_IDS, type Finding, type FindingId } from "./findingKinds";

/** Where the validation loss, averaged over SMOOTHING epochs, was lowest so far. */
export interface BestValidation {
  /** The epoch of the lowest single validation loss among those averaged. */
  epoch: number;
  /** The mean validation loss over those epochs. */
  valLoss: number;
  /** The mean training loss over the same epochs. */
  loss: number;
  /** The mean validation accuracy over the same epochs. */
  valAccuracy: number;
}

/** What the findings need to know about the run besides its history. */
export interface FindingContext {
  task: Task;
  /** One per layer after the input. */
  activations: readonly ActivationName[];
  loss: LossName;
  optimizer: OptimizerName;
  learningRate: number;
  clipNorm: number | null;
  /** The initialisation scheme; null when the weights came from a file. */
  init: string | null;
  regularized: boolean;
  /** The loss of the best constant answer (constantAnswerLoss); null without training data. */
  chanceLoss: number | null;
  /** The targets' spread across samples (targetSpread), to compare EpochMetrics.outputSpread with. */
  targetSpread: number;
  /** The loss before training (Trainer.initialLoss). */
  initialLoss: number | null;
  bestValidation: BestValidation | null;
}

// ── Thresholds ────────────────────────────────────────────────────────────────────────────
/**
 * A finding reported for the previous epoch stays while its measure is within this factor of
 * the threshold that raised it (on the far side of the threshold by less than it), so a measure
 * hovering at a threshold does not make the finding blink on and off from epoch to epoch.
 */
const HYSTERESIS = 1.5;
/** Chance: the loss stays within this share of the chance level… */
const CHANCE_MARGIN = 0.02;
/** …for at least this many epochs in a row… */
const CHANCE_EPOCHS = 20;
/** …while the answers spread less than this share of the targets' spread: the same answer for every input. */
const SAME_ANSWER = 0.1;
/**
 * Initial loss: a classifier's loss before training should be about the chance level (ln C for
 * C balanced classes, when the output starts unsure). Above this many times it, and at least
 * INITIAL_LOSS_EXCESS above it, the output layer starts confidently wrong for many samples.
 */
const INITIAL_LOSS_FACTOR = 2;
const INITIAL_LOSS_EXCESS = 1;
/**
 * Bouncing: for this many epochs in a row each epoch's change of the weights points back
 * against the previous one's (cosine below BOUNCE_COSINE; plain noise around a minimum gives
 * about −0.5), while the loss falls by less than BOUNCE_PROGRESS of itself over them.
 */
const BOUNCE_EPOCHS = 6;
const BOUNCE_COSINE = -0.8;
const BOUNCE_PROGRESS = 0.05;
/** A training loss below this is 0: every answer exact, to rounding. */
const CONVERGED_LOSS = 1e-12;
/**
 * A loss below this share of the chance level has learned most of what there is: small
 * gradients and small steps are then expected, not a problem.
 */
const LEARNED = 0.05;
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
/**
 * Overfitting: validation and training losses are averaged over the last SMOOTHING epochs (the
 * validation loss of a small validation set jumps from epoch to epoch)…
 */
export const SMOOTHING = 10;
/** …and the validation loss must have risen this share above its lowest (doubled)… */
const OVERFIT_RISE = 1;
/** …at least this many epochs after it… */
const OVERFIT_PATIENCE = 10;
/**
 * …while the training loss (averaged the same way) has fallen at least this share below its
 * value then: a network fitting its training samples' noise drives that loss well down (the
 * overfitting example: by 81% when the finding first holds), where a noisy run only wanders
 * (the spiral example with Adam: both losses spike together, the training loss within 15%).
 */
const OVERFIT_TRAINING_FALL = 0.25;
/**
 * …while a classifier's validation accuracy has not risen by more than this since: a rising
 * validation loss with a rising accuracy is a network growing surer of its answers, wrong ones
 * included, while it still generalises better.
 */
const ACCURACY_GAIN = 0.01;

/** A gradient or a step size in a message, as the card writes numbers (1.5e−5, three significant digits in exponent form). */
const exp = (v: number) => formatNumber(v);
const round = (v: number) => Number(v.toPrecision(4));
/** A loss or a spread in a message, as the card writes numbers (0.6931, 1.23e+7). */
const shown = (v: number | null) => formatNumber(v);
const layerName = (layer: number) => `layers[${layer}]`;

// ── The run's reference points ───────────────────────────────────────────────────────────

/** Mean over output columns of the standard deviation of `targets` (rows × width) across rows. */
export function targetSpread(targets: Float64Array, rows: number, width: number): number {
  if (rows === 0) return 0;
  let spread = 0;
  for (let j = 0; j < width; j++) {
    let sum = 0;
    let squares = 0;
    for (let r = 0; r < rows; r++) {
      const v = targets[r * width + j];
      sum += v;
      squares += v * v;
    }
    const mean = sum / rows;
    spread += Math.sqrt(Math.max(0, squares / rows - mean * mean));
  }
  return spread / width;
}

/**
 * The chance level: the loss of giving one answer, the same for every input, chosen as well as
 * an answer can be without looking at the input. That is the targets' mean per output (the
 * class shares for a classifier: ln C for C balanced classes with cross-entropy; the targets'
 * variance with MSE), or for MAE and Huber the better of the mean and the median. Null without rows.
 */
export function constantAnswerLoss(loss: LossName, output: ActivationName, targets: Float64Array, rows: number, width: number): number | null {
  if (rows === 0) return null;
  const mean = new Float64Array(width);
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) mean[j] += targets[r * width + j] / rows;
  const answers = [mean];
  if (loss === "mae" || loss === "huber") {
    const median = new Float64Array(width);
    for (let j = 0; j < width; j++) {
      const column = Float64Array.from({ length: rows }, (_, r) => targets[r * width + j]).sort();
      median[j] = rows % 2 ? column[(rows - 1) / 2] : (column[rows / 2 - 1] + column[rows / 2]) / 2;
    }
    answers.push(median);
  }
  let best = Number.POSITIVE_INFINITY;
  const row = new Float64Array(width);
  for (const a of answers) {
    // The logits that give these outputs: what the cross-entropies are computed from.
    const z = a.map((v) => {
      const p = Math.min(1 - 1e-12, Math.max(1e-12, v));
      return output === "softmax" ? Math.log(p) : output === "sigmoid" ? Math.log(p / (1 - p)) : v;
    });
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < width; j++) row[j] = targets[r * width + j];
      sum += rowLoss(loss, z, a, row, 0, width);
    }
    best = Math.min(best, sum / rows);
  }
  return best;
}

/**
 * The new lowest point of the validation loss averaged over the last SMOOTHING epochs (fewer at
 * the start), or `best` unchanged. Call after each epoch is added to `history`.
 */
export function lowestValidation(history: readonly EpochMetrics[], best: BestValidation | null): BestValidation | null {
  if (history.length === 0 || !lastEpochsAll(history, Math.min(SMOOTHING, history.length), (m) => m.valLoss !== null)) return best;
  const valLoss = lastEpochsMean(history, SMOOTHING, (m) => m.valLoss ?? 0);
  if (best !== null && valLoss >= best.valLoss) return best;
  let lowest = history[history.length - 1];
  for (let i = Math.max(0, history.length - SMOOTHING); i < history.length; i++) if ((history[i].valLoss ?? 0) < (lowest.valLoss ?? 0)) lowest = history[i];
  return {
    epoch: lowest.epoch,
    valLoss,
    loss: lastEpochsMean(history, SMOOTHING, (m) => m.loss),
    valAccuracy: lastEpochsMean(history, SMOOTHING, (m) => m.valAccuracy ?? 0),
  };
}

/** Whether the previous epoch reported finding `id` (for `layer`). */
function reported(history: readonly EpochMetrics[], id: FindingId, layer: number | null): boolean {
  const previous = history[history.length - 2];
  return previous?.findings.some((f) => f.id === id && f.layer === layer) ?? false;
}

/** Whether `holds` is true of each of the last `n` epochs; false when there are fewer. */
function lastEpochsAll(history: readonly EpochMetrics[], n: number, holds: (m: EpochMetrics) => boolean): boolean {
  if (history.length < n) return false;
  for (let i = history.length - n; i < history.length; i++) if (!holds(history[i])) return false;
  return true;
}

/** The mean of `value` over the last `n` epochs (all of them when there are fewer). */
function lastEpochsMean(history: readonly EpochMetrics[], n: number, value: (m: EpochMetrics) => number): number {
  const from = Math.max(0, history.length - n);
  let sum = 0;
  for (let i = from; i < history.length; i++) sum += value(history[i]);
  return sum / (history.length - from);
}

// ── The findings ─────────────────────────────────────────────────────────────────────────

/** What holds at the last epoch of `history`, the run's findings first, then each layer's. */
export function findings(history: readonly EpochMetrics[], context: FindingContext): Finding[] {
  const last = history[history.length - 1];
  if (!last) return [];
  const out: Finding[] = [];
  const converged = last.loss < CONVERGED_LOSS;
  const chance = context.chanceLoss !== null && context.chanceLoss > 0 ? context.chanceLoss : null;
  // Small gradients and steps are expected once the loss is 0 or far below the chance level.
  const learned = converged || (chance !== null && last.loss < LEARNED * chance);
  if (converged) out.push(convergedFinding(last));
  else {
    const atChance = chance === null ? null : chanceFinding(history, context, chance);
    if (atChance) out.push(atChance);
    const bouncing = bouncingFinding(history, context);
    if (bouncing) out.push(bouncing);
  }
  const initial = initialLossFinding(last, context, chance);
  if (initial) out.push(initial);
  const overfitting = overfittingFinding(history, context);
  if (overfitting) out.push(overfitting);
  // A loss stuck at the chance level is the chance finding's to explain.
  const flatPlace = out.some((f) => f.id === "chance") ? null : flatPlaceFinding(history, context.task); // flatPlace.ts
  if (flatPlace) out.push(flatPlace);
  out.push(...layerFindings(history, context, learned));
  return out;
}

function convergedFinding(last: EpochMetrics): Finding {
  return {
    id: "converged",
    layer: null,
    message:
      last.valLoss === null
        ? t(
            "The training loss is 0: every training answer is exactly right, so there is nothing left to learn and the gradient is 0 (it has not vanished: there is no error to pass back). There is no validation data to show whether it also answers new inputs well; hold some out with data.validationSplit.",
          )
        : t(
            "The training loss is 0: every training answer is exactly right, so there is nothing left to learn and the gradient is 0 (it has not vanished: there is no error to pass back). Whether it learned the pattern or memorised the samples shows in the validation loss (now {valLoss}).",
            { valLoss: shown(last.valLoss) },
          ),
  };
}

function chanceFinding(history: readonly EpochMetrics[], context: FindingContext, chance: number): Finding | null {
  if (history.length < CHANCE_EPOCHS || !(context.targetSpread > 0)) return null;
  const last = history[history.length - 1];
  const near = (m: EpochMetrics, margin: number) => Math.abs(m.loss - chance) <= margin * chance;
  const holds = reported(history, "chance", null)
    ? near(last, HYSTERESIS * CHANCE_MARGIN) && last.outputSpread < HYSTERESIS * SAME_ANSWER * context.targetSpread
    : last.outputSpread < SAME_ANSWER * context.targetSpread && lastEpochsAll(history, CHANCE_EPOCHS, (m) => near(m, CHANCE_MARGIN));
  if (!holds) return null;
  const sgd = context.optimizer !== "adam";
  const args = {
    epochs: CHANCE_EPOCHS,
    loss: shown(last.loss),
    chance: shown(chance),
    spread: shown(last.outputSpread),
    targets: shown(context.targetSpread),
    rate: context.learningRate,
  };
  return {
    id: "chance",
    layer: null,
    message: sgd
      ? t(
          "The loss has stayed at the chance level for {epochs} epochs: {loss}, against {chance} for the best single answer given to every input (for a classifier the class shares: ln 2 = 0.693 with cross-entropy for two balanced classes; for regression the targets' mean, whose MSE is their variance, or with MAE or Huber their median when that does better). The answers barely differ between inputs (spread {spread}, the targets' {targets}): the network has not yet found anything in the inputs to go on. Try Adam, which divides each weight's step by the size of its recent gradients, so that a small but steady gradient still takes steps near the learning rate, a higher learning rate (now {rate}), relu in the hidden layers, or another initialisation.",
          args,
        )
      : t(
          "The loss has stayed at the chance level for {epochs} epochs: {loss}, against {chance} for the best single answer given to every input (for a classifier the class shares: ln 2 = 0.693 with cross-entropy for two balanced classes; for regression the targets' mean, whose MSE is their variance, or with MAE or Huber their median when that does better). The answers barely differ between inputs (spread {spread}, the targets' {targets}): the network has not yet found anything in the inputs to go on. Try another learning rate (now {rate}), relu in the hidden layers, another initialisation, or more hidden units.",
          args,
        ),
    fix: sgd ? adamFix(context) : undefined,
  };
}

function initialLossFinding(last: EpochMetrics, context: FindingContext, chance: number | null): Finding | null {
  const initial = context.initialLoss;
  const crossEntropy = context.loss === "crossEntropy" || context.loss === "binaryCrossEntropy";
  if (!crossEntropy || chance === null || initial === null) return null;
  if (initial < INITIAL_LOSS_FACTOR * chance || initial < chance + INITIAL_LOSS_EXCESS) return null;
  // It matters while the run is still paying for it: until the loss comes down to chance.
  if (last.loss < chance) return null;
  const output = context.activations.length;
  return {
    id: "initialLoss",
    layer: output,
    message: t(
      "The loss before training was {initial}, far above {chance}, the loss of an output that starts unsure (ln C for C balanced classes): {layer} starts out sure of its answers, and wrong for many samples. Training first has to undo that, which costs epochs that could go into learning. Start the output layer's weights smaller (xavier initialisation), or scale the inputs to about ±1.",
      { initial: shown(initial), chance: shown(chance), layer: layerName(output) },
    ),
    fix: context.init === "uniform" || context.init === "he" ? initFix("xavier") : undefined,
  };
}

function bouncingFinding(history: readonly EpochMetrics[], context: FindingContext): Finding | null {
  if (history.length < BOUNCE_EPOCHS + 1) return null;
  if (!lastEpochsAll(history, BOUNCE_EPOCHS, (m) => m.stepCosine !== null && m.stepCosine < BOUNCE_COSINE)) return null;
  const before = history[history.length - BOUNCE_EPOCHS - 1].loss;
  const now = history[history.length - 1].loss;
  if (now < (1 - BOUNCE_PROGRESS) * before) return null;
  const lower = context.learningRate / 2;
  return {
    id: "bouncing",
    layer: null,
    message: t(
      "The loss is bouncing: for the last {epochs} epochs each epoch moved the weights back the way the previous one had moved them, and the loss has not come down ({before} → {now}). Each step overshoots the bottom of the valley and lands on the other side. The learning rate ({rate}) is too high for this loss; try {lower}.",
      { epochs: BOUNCE_EPOCHS, before: shown(before), now: shown(now), rate: context.learningRate, lower },
    ),
    fix: learningRateFix(lower),
  };
}

function overfittingFinding(history: readonly EpochMetrics[], context: FindingContext): Finding | null {
  const best = context.bestValidation;
  const last = history[history.length - 1];
  if (!best || last.epoch - best.epoch < OVERFIT_PATIENCE) return null;
  if (!lastEpochsAll(history, Math.min(SMOOTHING, history.length), (m) => m.valLoss !== null)) return null;
  const valLoss = lastEpochsMean(history, SMOOTHING, (m) => m.valLoss ?? 0);
  const loss = lastEpochsMean(history, SMOOTHING, (m) => m.loss);
  const valAccuracy = lastEpochsMean(history, SMOOTHING, (m) => m.valAccuracy ?? 0);
  const rise = reported(history, "overfitting", null) ? OVERFIT_RISE / HYSTERESIS : OVERFIT_RISE;
  const trainingFell = loss < best.loss && loss <= (1 - OVERFIT_TRAINING_FALL) * best.loss;
  if (valLoss < (1 + rise) * best.valLoss || !trainingFell) return null;
  if (context.task === "classification" && valAccuracy > best.valAccuracy + ACCURACY_GAIN) return null;
  return {
    id: "overfitting",
    layer: null,
    message: t(
      "Overfitting since epoch {since}: the validation loss has risen from {bestVal} to {val} while the training loss fell from {bestLoss} to {loss} (means over {window} epochs). The network is fitting the training samples' noise, which does not carry over to new inputs. Try stopping near epoch {since}, L2 regularization, more data or a smaller network.",
      {
        since: best.epoch,
        bestVal: shown(best.valLoss),
        val: shown(valLoss),
        bestLoss: shown(best.loss),
        loss: shown(loss),
        window: SMOOTHING,
      },
    ),
    fix: context.regularized
      ? undefined
      : { title: t("Add L2 regularization (rate {rate})", { rate: 0.001 }), path: ["regularization"], value: { type: "l2", rate: 0.001 } },
  };
}

/** Per layer: vanishing or exploding gradients, the update ratio, dead and saturated units. */
function layerFindings(history: readonly EpochMetrics[], context: FindingContext, learned: boolean): Finding[] {
  const last = history[history.length - 1];
  const stats = last.gradients;
  const out: Finding[] = [];
  if (stats.length === 0) return out;
  const adam = context.optimizer === "adam";
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
    } else if (!vanishing && !learned && context.learningRate < LIMITS.learningRateMax && ratioHolds(k, "updateRatio", RATIO_LOW, null)) {
      out.push(smallStepsFinding(s, context));
    } else if (!lossSettling && ratioHolds(k, "updateRatio", null, RATIO_HIGH)) {
      out.push(largeStepsFinding(s, context));
    }
    out.push(...unitFindings(s, k, context));
  });
  return out;
}

function explodingFinding(s: LayerGradientStats, context: FindingContext): Finding {
  const layer = layerName(s.layer);
  const max = exp(s.maxAbs);
  return {
    id: "exploding",
    layer: s.layer,
    message:
      context.optimizer === "adam"
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

function smallStepsFinding(s: LayerGradientStats, context: FindingContext): Finding {
  // Ten times, but never past what the spec allows (a fix must leave a valid spec).
  const higher = Math.min(context.learningRate * 10, LIMITS.learningRateMax);
  const args = { layer: layerName(s.layer), step: exp(10 ** (s.updateRatio ?? RATIO_LOW)), guide: exp(10 ** RATIO_GUIDE), rate: context.learningRate, higher };
  return {
    id: "updateRatio",
    layer: s.layer,
    message:
      context.optimizer === "adam"
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

function largeStepsFinding(s: LayerGradientStats, context: FindingContext): Finding {
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

function unitFindings(s: LayerGradientStats, k: number, context: FindingContext): Finding[] {
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
      fix:
        context.init !== null && context.init !== "he"
          ? initFix("he")
          : { title: t('Use "{activation}" in {layer}', { activation: "leakyRelu", layer }), path: ["layers", k + 1, "activation"], value: "leakyRelu" },
    });
  }
  return out;
}

// ── Fixes ────────────────────────────────────────────────────────────────────────────────

function learningRateFix(rate: number): SpecFix {
  const value = round(rate);
  return { title: t("Set the learning rate to {rate}", { rate: value }), path: ["optimizer", "learningRate"], value };
}

/** Adam at its usual learning rate, keeping any clipping. */
function adamFix(context: FindingContext): SpecFix {
  const value = context.clipNorm === null ? { type: "adam", learningRate: 0.01 } : { type: "adam", learningRate: 0.01, clipNorm: context.clipNorm };
  return { title: t("Use Adam with learning rate {rate}", { rate: 0.01 }), path: ["optimizer"], value };
}

function clipFix(): SpecFix {
  return { title: t("Clip the gradient norm at {clip}", { clip: 1 }), path: ["optimizer", "clipNorm"], value: 1 };
}

function initFix(init: string): SpecFix {
  return { title: t('Use "{init}" initialisation', { init }), path: ["init"], value: init };
}
