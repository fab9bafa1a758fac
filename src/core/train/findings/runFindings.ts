/** The run's findings: a loss of 0, at chance, far from it before training, bouncing, overfitting. */
import { t } from "../../base/l10n";
import { lossRecord } from "../../nn/losses";
import { optimizerRecord } from "../../nn/optimizers";
import type { Finding } from "../findingKinds";
import type { EpochMetrics } from "../metrics";
import type { FindingContext } from "./context";
import { adamFix, initFix, learningRateFix } from "./fixes";
import { HYSTERESIS, lastEpochsAll, lastEpochsMean, layerName, reported, SMOOTHING, shown } from "./history";

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

export function convergedFinding(last: EpochMetrics): Finding {
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

export function chanceFinding(history: readonly EpochMetrics[], context: FindingContext, chance: number): Finding | null {
  if (history.length < CHANCE_EPOCHS || !(context.targetSpread > 0)) return null;
  const last = history[history.length - 1];
  const near = (m: EpochMetrics, margin: number) => Math.abs(m.loss - chance) <= margin * chance;
  const holds = reported(history, "chance", null)
    ? near(last, HYSTERESIS * CHANCE_MARGIN) && last.outputSpread < HYSTERESIS * SAME_ANSWER * context.targetSpread
    : last.outputSpread < SAME_ANSWER * context.targetSpread && lastEpochsAll(history, CHANCE_EPOCHS, (m) => near(m, CHANCE_MARGIN));
  if (!holds) return null;
  const sgd = !optimizerRecord(context.optimizer).adaptive;
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

export function initialLossFinding(last: EpochMetrics, context: FindingContext, chance: number | null): Finding | null {
  const initial = context.initialLoss;
  if (!lossRecord(context.loss).measuresConfidence || chance === null || initial === null) return null;
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

export function bouncingFinding(history: readonly EpochMetrics[], context: FindingContext): Finding | null {
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

export function overfittingFinding(history: readonly EpochMetrics[], context: FindingContext): Finding | null {
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
      "Overfitting since epoch {since}: the validation loss has risen from {bestVal} to {val} while the training loss fell from {bestLoss} to {loss} (means over {window} epochs). The network is fitting the training samples' noise, which does not carry over to new inputs. Try early stopping (training.earlyStopping: it stops a few epochs after the lowest validation loss and puts that epoch's weights back), dropout on a hidden layer, L2 regularization, more data or a smaller network.",
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
