/**
 * Cross-entropy for a softmax output: −Σ t·ln p, summed over the classes (mean over samples).
 * Computed from the logits z, as ln p_j = z_j − ln Σ e^z, so that a confident wrong answer gives a
 * large finite loss instead of ln 0 = −Infinity.
 */

import { joinTerms, num, operand, power, roundsToEdge, vectorText } from "../../base/formulaText";
import { t } from "../../base/l10n";
import type { LossRecord } from "./lossRecord";

/** ln Σ_j e^(z_j) over one row, computed as max + ln Σ e^(z_j − max) so that no exponential overflows. */
export function logSumExp(z: Float64Array, offset: number, width: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < width; j++) if (z[offset + j] > max) max = z[offset + j];
  let s = 0;
  for (let j = 0; j < width; j++) s += Math.exp(z[offset + j] - max);
  return max + Math.log(s);
}

export const CROSS_ENTROPY: LossRecord = {
  id: "crossEntropy",
  label: "Cross-entropy",
  description: "−Σ target·ln(probability): punishes a confident wrong class hard. The usual loss for classification with softmax.",
  symbol: "CE",
  rule: "CE = −Σ y·ln ŷ",
  meanOverOutputs: false,
  suits: { tasks: ["classification"], outputs: ["softmax"] },
  value(z, _a, t, offset, width, rowLogSumExp) {
    const lse = rowLogSumExp ?? logSumExp(z, offset, width);
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const tj = t[offset + j];
      if (tj !== 0) sum -= tj * (z[offset + j] - lse);
    }
    return sum;
  },
  outputSlope: (a, t) => (t === 0 ? 0 : -t / a),
  fused: {
    activation: "softmax",
    rowDelta(a, t, offset, width, scale, delta) {
      // Targets may be soft labels; Σt is 1 for a class index, and the general form is p·Σt − t.
      let tSum = 0;
      for (let j = 0; j < width; j++) tSum += t[offset + j];
      for (let j = 0; j < width; j++) delta[offset + j] = scale * (a[offset + j] * tSum - t[offset + j]);
    },
    formula: (output, target, delta) => `δ = p − t = ${vectorText(output)} − ${vectorText(target)} = ${vectorText(delta)}`,
    note: () =>
      t(
        "After a softmax, cross-entropy's δ = ∂L/∂z is p − t, and training computes it so: the card does not split it into ∂L/∂a and the softmax's slope, because ∂L/∂a = −t/p grows without bound as p nears 0 while p − t stays between −1 and 1.",
      ),
  },
  formula(output, target, value, z) {
    const result = ` = ${num(value)}`;
    const classes = output.flatMap((_, j) => (target[j] === 0 ? [] : [j]));
    if (z && classes.some((j) => roundsToEdge(output[j]))) {
      // Σⱼ tⱼ·(ln Σ e^z − zⱼ) = (Σt)·ln Σ e^z − Σ tⱼ·zⱼ; a class index makes it ln Σ e^z − zₖ.
      const tSum = classes.reduce((s, j) => s + target[j], 0);
      const lse = `${tSum === 1 ? "" : `${num(tSum)}·`}ln(${joinTerms(z.map(power))})`;
      const picked = classes.map((j) => (target[j] === 1 ? operand(z[j]) : `${num(target[j])}·${operand(z[j])}`));
      const subtracted = picked.length === 1 ? picked[0] : `(${joinTerms(picked)})`;
      return { text: `CE = ${lse} − ${subtracted}${result}`, fromLogits: true };
    }
    const terms = classes.map((j) => (target[j] === 1 ? `ln ${num(output[j])}` : `${num(target[j])}·ln ${num(output[j])}`));
    return { text: `CE = ${terms.length === 1 ? `−${terms[0]}` : `−(${joinTerms(terms)})`}${result}`, fromLogits: false };
  },
  logitsNote: () =>
    t(
      "The target class's probability rounds to 0 or 1 at the digits shown, so the loss is written from the logits z, as training computes it: −ln pₖ = ln Σⱼ e^zⱼ − zₖ (log-sum-exp).",
    ),
  pytorch: { module: "nn.CrossEntropyLoss()", comment: "mean over samples of -ln p(true class), softmax included, from the logits", classIndexTargets: true },
  measuresConfidence: true,
};
