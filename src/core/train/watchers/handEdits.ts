/**
 * Hand edits: one weight or bias set by hand between steps (while paused), and the loss and
 * accuracy it gives, measured at once without training.
 */
import { t } from "../../base/l10n";
import { type ParameterRef, parameterSlot } from "../../nn/parameters";
import type { ConfusionMatrix } from "../confusion";
import { type Evaluation, evaluateData } from "../evaluation";
import { confusionMatrix } from "./epochMetrics";
import type { TrainingRun } from "./watcher";

export interface EvaluationNow {
  train: Evaluation;
  validation: Evaluation | null;
  confusion: ConfusionMatrix | null;
}

/** Sets one weight or bias; throws when `ref` names no parameter or `value` is not finite. */
export function setParameterByHand(run: TrainingRun, ref: ParameterRef, value: number): void {
  const slot = parameterSlot(run.net, ref);
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new Error(t("a weight or bias must be a finite number, not {value}", { value: String(value) }));
  slot.params[slot.index] = value;
}

/**
 * Loss and accuracy on the training and validation data with the current weights (as valLoss
 * is: means over the samples, no regularization), and the confusion matrix of the validation
 * data, or of the training data when there is none; `confusionSize` 0: no confusion matrix.
 */
export function evaluateNow(run: TrainingRun, confusionSize: number): EvaluationNow {
  const { net, spec, loss } = run;
  const trainCounts = confusionSize ? new Float64Array(confusionSize) : undefined;
  const validationCounts = confusionSize ? new Float64Array(confusionSize) : undefined;
  // The split keeps at least one training row, so only validation can be empty.
  const train = evaluateData(net, spec, loss, run.trainData, run.trainTargets, trainCounts) ?? { loss: Number.NaN, accuracy: Number.NaN };
  const validation = evaluateData(net, spec, loss, run.validation, run.validationTargets, validationCounts);
  const [of, counts] = validation ? (["validation", validationCounts] as const) : (["training", trainCounts] as const);
  return { train, validation, confusion: counts ? confusionMatrix(of, counts) : null };
}
