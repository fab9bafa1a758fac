/**
 * Which losses can train which output, the one home for that rule: the spec's defaults
 * (resolve.ts), the Switch Loss picker and the panel's loss overlays all ask here.
 */
import type { Task } from "../data/dataset";
import type { ActivationName } from "../nn/activations";
import type { LossName } from "../nn/losses";

/** The output activation a spec gets when it names none. */
export function defaultOutputActivation(task: Task, outputUnits: number): ActivationName {
  if (task === "regression") return "linear";
  return outputUnits === 1 ? "sigmoid" : "softmax";
}

/**
 * The losses that suit a task and output layer, the usual one (the spec's default) first.
 * Cross-entropy needs softmax outputs and binary cross-entropy sigmoid outputs, both on class
 * labels; MAE, MSE and Huber measure any output against its target (on class probabilities they
 * train slowly, which the lesson's examples show on purpose). `outputActivation` may be left
 * out, as in a spec that names none.
 */
export function suitableLosses(task: Task, outputActivation: ActivationName | undefined, outputUnits: number): LossName[] {
  const output = outputActivation ?? defaultOutputActivation(task, outputUnits);
  if (task === "classification" && output === "softmax") return ["crossEntropy", "mae", "mse", "huber"];
  if (task === "classification" && output === "sigmoid") return ["binaryCrossEntropy", "mae", "mse", "huber"];
  return ["mse", "mae", "huber"];
}
