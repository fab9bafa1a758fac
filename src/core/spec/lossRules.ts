/**
 * Which losses can train which output, the one home for that rule: the spec's defaults
 * (resolve.ts), the Switch Loss picker and the panel's loss overlays all ask here, and here asks
 * each loss's record what it suits.
 */
import type { Task } from "../data/dataset";
import { type ActivationName, defaultOutputActivation } from "../nn/activations";
import { DEFAULT_LOSS, type LossName, lossMadeFor, lossNames, lossSuits } from "../nn/losses";

export { defaultOutputActivation } from "../nn/activations";

/**
 * The losses that suit a task and output layer, the usual one (the spec's default) first: the
 * loss made for the output's activation (cross-entropy for softmax, binary cross-entropy for
 * sigmoid) on class labels, else MSE. MAE, MSE and Huber measure any output against its target
 * (on class probabilities they train slowly, which the lesson's examples show on purpose).
 * `outputActivation` may be left out, as in a spec that names none.
 */
export function suitableLosses(task: Task, outputActivation: ActivationName | undefined, outputUnits: number): LossName[] {
  const output = outputActivation ?? defaultOutputActivation(task, outputUnits);
  const suitable = lossNames().filter((loss) => lossSuits(loss, task, output));
  const madeFor = lossMadeFor(output)?.id;
  const usual = madeFor !== undefined && suitable.includes(madeFor) ? madeFor : DEFAULT_LOSS;
  return [usual, ...suitable.filter((loss) => loss !== usual)];
}
