/**
 * The arithmetic of one sample written out as the lesson writes it, with the numbers filled in
 * (formatNumber's rounding): `MAE = (|0.8 − 1| + |0.2 − 0|) / 2 = 0.2`. The strings are maths,
 * not sentences, so they read the same in every language. The value after the last `=` is the
 * exact result rounded, never a sum of the rounded terms.
 */
import { formatNumber } from "../base/format";
import type { LossName } from "../nn/losses";
import { HUBER_DELTA } from "../nn/losses";
import type { StepPreview } from "../nn/optimizers";

/** Beyond this many terms a sum shows its first three, "…", and its last. */
const MAX_TERMS = 8;

const n = formatNumber;
/** A number after an operator: negative ones in parentheses, 0.5 − (−0.2). */
const operand = (v: number) => {
  const text = n(v);
  return text.startsWith("−") ? `(${text})` : text;
};
/** A number that gets an exponent: 0.2², (−0.2)², (1.2e−5)². */
const base = (v: number) => {
  const text = n(v);
  return /^−|e/.test(text) ? `(${text})` : text;
};

/** Joins terms with `joiner`, eliding the middle of a long sum. */
export function joinTerms(terms: string[], joiner = " + "): string {
  const shown = terms.length > MAX_TERMS ? [...terms.slice(0, 3), "…", terms[terms.length - 1]] : terms;
  return shown.join(joiner);
}

const LOSS_SYMBOLS: Record<LossName, string> = { mae: "MAE", mse: "MSE", huber: "Huber", crossEntropy: "CE", binaryCrossEntropy: "BCE" };

/**
 * A probability that, at the digits shown, reads as exactly 0 or 1: written into ln p or
 * ln(1 − p), it would show `ln 0` beside a finite loss, or `−ln 1` beside a loss that is not 0.
 */
export const roundsToEdge = (p: number) => n(p) === "0" || n(p) === "1";

/** A power of e as the card writes it: e^40, e^−400. */
const power = (v: number) => `e^${n(v)}`;

/**
 * One sample's loss as a formula: `output` a and `target` t per output unit, `value` the loss
 * the core computed. MAE, MSE, Huber and BCE are means over the outputs; CE sums −t·ln p.
 * With the logits `z`, cross-entropies whose probability rounds to 0 or 1 at the digits shown
 * are written from z, as training computes them (fromLogits says so): BCE as softplus,
 * −ln σ(z) = ln(1 + e^−z) and −ln(1 − σ(z)) = ln(1 + e^z); CE as log-sum-exp,
 * −ln pₖ = ln Σⱼ e^zⱼ − zₖ.
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
  const width = output.length;
  const mean = (terms: string[]) => (width === 1 ? terms[0] : `(${joinTerms(terms)}) / ${width}`);
  const symbol = LOSS_SYMBOLS[loss];
  const result = ` = ${n(value)}`;
  const plain = (text: string) => ({ text, fromLogits: false });
  const absError = (j: number) => Math.abs(output[j] - target[j]);
  switch (loss) {
    case "mae":
      return plain(`${symbol} = ${mean(output.map((a, j) => `|${n(a)} − ${operand(target[j])}|`))}${result}`);
    case "mse":
      return plain(`${symbol} = ${mean(output.map((_, j) => `${base(absError(j))}²`))}${result}`);
    case "huber":
      return plain(`${symbol} = ${mean(output.map((_, j) => (absError(j) <= HUBER_DELTA ? `½·${base(absError(j))}²` : `(${n(absError(j))} − ½)`)))}${result}`);
    case "crossEntropy": {
      const classes = output.flatMap((_, j) => (target[j] === 0 ? [] : [j]));
      if (z && classes.some((j) => roundsToEdge(output[j]))) {
        // Σⱼ tⱼ·(ln Σ e^z − zⱼ) = (Σt)·ln Σ e^z − Σ tⱼ·zⱼ; a class index makes it ln Σ e^z − zₖ.
        const tSum = classes.reduce((s, j) => s + target[j], 0);
        const lse = `${tSum === 1 ? "" : `${n(tSum)}·`}ln(${joinTerms(z.map(power))})`;
        const picked = classes.map((j) => (target[j] === 1 ? operand(z[j]) : `${n(target[j])}·${operand(z[j])}`));
        const subtracted = picked.length === 1 ? picked[0] : `(${joinTerms(picked)})`;
        return { text: `${symbol} = ${lse} − ${subtracted}${result}`, fromLogits: true };
      }
      const terms = classes.map((j) => (target[j] === 1 ? `ln ${n(output[j])}` : `${n(target[j])}·ln ${n(output[j])}`));
      return plain(`${symbol} = ${terms.length === 1 ? `−${terms[0]}` : `−(${joinTerms(terms)})`}${result}`);
    }
    case "binaryCrossEntropy": {
      if (z && output.some(roundsToEdge)) {
        // −(t·ln σ(z) + (1 − t)·ln(1 − σ(z))) = ln(1 + e^z) − t·z.
        const terms = z.map((zj, j) => {
          const t = target[j];
          if (t === 1) return `ln(1 + ${power(-zj)})`;
          if (t === 0) return `ln(1 + ${power(zj)})`;
          return `ln(1 + ${power(zj)}) − ${n(t)}·${operand(zj)}`;
        });
        return { text: `${symbol} = ${mean(terms)}${result}`, fromLogits: true };
      }
      const terms = output.map((p, j) => {
        const t = target[j];
        if (t === 1) return `ln ${n(p)}`;
        if (t === 0) return `ln(1 − ${n(p)})`;
        return `${n(t)}·ln ${n(p)} + ${n(1 - t)}·ln(1 − ${n(p)})`;
      });
      const sum = width === 1 ? `−${terms[0]}` : `−(${joinTerms(terms)}) / ${width}`;
      return plain(`${symbol} = ${sum}${result}`);
    }
  }
}

/**
 * Each loss in general, as the lesson's formulas write it: ŷ the output, y the target, n the number
 * of outputs (CE sums over the classes). The card shows it above the sample's instance.
 */
export const LOSS_RULES: Record<LossName, string> = {
  mae: "MAE = (1/n)·Σ|ŷ − y|",
  mse: "MSE = (1/n)·Σ(ŷ − y)²",
  huber: "Huber = (1/n)·Σ(½·(ŷ − y)² where |ŷ − y| ≤ 1, else |ŷ − y| − ½)",
  crossEntropy: "CE = −Σ y·ln ŷ",
  binaryCrossEntropy: "BCE = −(1/n)·Σ(y·ln ŷ + (1 − y)·ln(1 − ŷ))",
};

/** A vector as a formula writes it: [0.8, 0.2], long ones by their first three values, …, and the last. */
export function vectorText(values: readonly number[]): string {
  return values.length === 1 ? n(values[0]) : `[${joinTerms(values.map(n), ", ")}]`;
}

/**
 * The output layer's δ where the loss and the activation are taken together (cross-entropy after
 * a softmax, binary cross-entropy after a sigmoid): `δ = p − t = [0.8, 0.2] − [1, 0] = [−0.2, 0.2]`,
 * over the n outputs for BCE, `δ = (p − t) / 2 = …`.
 */
export function fusedDeltaFormula(loss: LossName, output: readonly number[], target: readonly number[], delta: readonly number[]): string {
  const width = output.length;
  const perOutput = loss === "binaryCrossEntropy" && width > 1;
  const rule = perOutput ? `(p − t) / ${width}` : "p − t";
  const numbers = perOutput ? `(${vectorText(output)} − ${vectorText(target)}) / ${width}` : `${vectorText(output)} − ${vectorText(target)}`;
  return `δ = ${rule} = ${numbers} = ${vectorText(delta)}`;
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
 * The optimizer's update of one parameter (`symbol` w or b), one line per quantity it updates:
 * SGD `w ← w − lr·g = 0.5 − 1·0.2 = 0.3`; momentum its velocity, then the step; Adam its two
 * moments, their bias corrections, then the step.
 */
/**
 * Gradient clipping of the one gradient shown: `g ← g·min(1, c / ‖g‖) = 4·min(1, 1 / 5) = 0.8`,
 * ‖g‖ the norm of all the gradients clipped together. (PyTorch's clip_grad_norm_ adds 10⁻⁶ to
 * ‖g‖, which the shown digits never reveal; the result after `=` includes it.)
 */
export function clipFormula(gradient: number, limit: number, norm: number, clipped: number): string {
  return `g ← g·min(1, c / ‖g‖) = ${operand(gradient)}·min(1, ${n(limit)} / ${n(norm)}) = ${n(clipped)}`;
}

export function stepFormula(symbol: string, s: StepPreview): string[] {
  const lr = n(s.learningRate);
  const g = operand(s.gradient);
  const value = n(s.value);
  const next = n(s.next);
  if (s.rule === "momentum") {
    return [
      `v ← μ·v + g = ${n(s.momentum)}·${operand(s.velocity)} + ${g} = ${n(s.nextVelocity)}`,
      `${symbol} ← ${symbol} − lr·v = ${value} − ${lr}·${operand(s.nextVelocity)} = ${next}`,
    ];
  }
  if (s.rule === "adam") {
    const { beta1, beta2, step: t } = s;
    return [
      `m ← β₁·m + (1 − β₁)·g = ${n(beta1)}·${operand(s.m)} + ${n(1 - beta1)}·${g} = ${n(s.nextM)}`,
      `v ← β₂·v + (1 − β₂)·g² = ${n(beta2)}·${operand(s.v)} + ${n(1 - beta2)}·${base(s.gradient)}² = ${n(s.nextV)}`,
      `m̂ = m / (1 − β₁^${t}) = ${operand(s.nextM)} / (1 − ${n(beta1)}^${t}) = ${n(s.mHat)}`,
      `v̂ = v / (1 − β₂^${t}) = ${n(s.nextV)} / (1 − ${n(beta2)}^${t}) = ${n(s.vHat)}`,
      `${symbol} ← ${symbol} − lr·m̂ / (√v̂ + ε) = ${value} − ${lr}·${operand(s.mHat)} / (√${n(s.vHat)} + ${n(s.epsilon)}) = ${next}`,
    ];
  }
  return [`${symbol} ← ${symbol} − lr·g = ${value} − ${lr}·${g} = ${next}`];
}
