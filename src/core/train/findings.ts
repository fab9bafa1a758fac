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

import { optimizerRecord } from "../nn/optimizers";
import type { Finding } from "./findingKinds";
import type { FindingContext } from "./findings/context";
import { flatPlaceFinding } from "./findings/flatPlace";
import { layerFindings } from "./findings/layerFindings";
import { bouncingFinding, chanceFinding, convergedFinding, initialLossFinding, overfittingFinding } from "./findings/runFindings";
import type { EpochMetrics } from "./metrics";

export { FINDING_IDS, type Finding, type FindingId } from "./findingKinds";
export type { BestValidation, FindingContext } from "./findings/context";
export { SMOOTHING } from "./findings/history";
export { constantAnswerLoss, lowestValidation, targetSpread } from "./findings/referencePoints";

/** A training loss below this is 0: every answer exact, to rounding. */
const CONVERGED_LOSS = 1e-12;
/**
 * A loss below this share of the chance level has learned most of what there is: small
 * gradients and small steps are then expected, not a problem.
 */
const LEARNED = 0.05;

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
  // A loss stuck at the chance level is the chance finding's to explain; a network that fits its
  // training data too well is the overfitting finding's; one that has learned is not stuck.
  const explained = out.some((f) => f.id === "chance" || f.id === "overfitting");
  const flatPlace = explained || learned ? null : flatPlaceFinding(history, context.task, chance, optimizerRecord(context.optimizer).adaptive);
  if (flatPlace) out.push(flatPlace);
  // On a flat place, "raise the learning rate" is not the advice: small steps are not the problem.
  out.push(...layerFindings(history, context, learned, flatPlace !== null));
  return out;
}
