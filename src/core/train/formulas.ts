/**
 * The arithmetic of one sample written out as the lesson writes it, with the numbers filled in
 * (formatNumber's rounding): `MAE = (|0.8 − 1| + |0.2 − 0|) / 2 = 0.2`. The strings are maths,
 * not sentences, so they read the same in every language. The value after the last `=` is the
 * exact result rounded, never a sum of the rounded terms.
 */
import { joinTerms, num as n, operand } from "../base/formulaText";
import { type LossName, lossRecord } from "../nn/losses";
import { optimizerRecord, type StepPreview } from "../nn/optimizers";

export { joinTerms, roundsToEdge, vectorText } from "../base/formulaText";

/**
 * One sample's loss as a formula: `output` a and `target` t per output unit, `value` the loss
 * the core computed; each loss writes its own (nn/losses/). With the logits `z`, cross-entropies
 * whose probability rounds to 0 or 1 at the digits shown are written from z, as training
 * computes them (fromLogits says so).
 */
export function lossFormula(loss: LossName, output: readonly number[], target: readonly number[], value: number, z?: readonly number[]): string {
  return lossFormulaOf(loss, output, target, value, z).text;
}

export function lossFormulaOf(
  loss: LossName,
  output: readonly number[],
  target: readonly number[],
  value: number,
  z?: readonly number[],
): { text: string; fromLogits: boolean } {
  return lossRecord(loss).formula(output, target, value, z);
}

/** z = w₁·a₁ + w₂·a₂ + b with the numbers: `z = 0.5·1 + (−0.3)·2 + 0.1 = 0`. */
export function sumFormula(weights: readonly number[], inputs: readonly number[], bias: number, z: number): string {
  const terms = weights.map((w, i) => `${operand(w)}·${operand(inputs[i])}`);
  return `z = ${joinTerms([...terms, operand(bias)])} = ${n(z)}`;
}

/** A parameter's gradient for one sample: `∂L/∂w = δ·a = 0.2·1 = 0.2`, or `∂L/∂b = δ = 0.2`. */
export function gradientFormula(bias: boolean, delta: number, input: number, gradient: number): string {
  return bias ? `∂L/∂b = δ = ${n(gradient)}` : `∂L/∂w = δ·a = ${n(delta)}·${operand(input)} = ${n(gradient)}`;
}

/**
 * Gradient clipping of the one gradient shown: `g ← g·min(1, c / ‖g‖) = 4·min(1, 1 / 5) = 0.8`,
 * ‖g‖ the norm of all the gradients clipped together. (PyTorch's clip_grad_norm_ adds 10⁻⁶ to
 * ‖g‖, which the shown digits never reveal; the result after `=` includes it.)
 */
export function clipFormula(gradient: number, limit: number, norm: number, clipped: number): string {
  return `g ← g·min(1, c / ‖g‖) = ${operand(gradient)}·min(1, ${n(limit)} / ${n(norm)}) = ${n(clipped)}`;
}

/**
 * The optimizer's update of one parameter (`symbol` w or b), one line per quantity it updates:
 * SGD `w ← w − lr·g = 0.5 − 1·0.2 = 0.3`; momentum its velocity, then the step; Adam its two
 * moments, their bias corrections, then the step. Each optimizer writes its own (nn/optimizers/).
 */
export function stepFormula(symbol: string, s: StepPreview): string[] {
  return optimizerRecord(s.rule).formula(symbol, s);
}
