/**
 * Binary cross-entropy for sigmoid outputs: the mean over the outputs of −(t·ln p + (1−t)·ln(1−p)),
 * computed from the logits as max(z, 0) − z·t + ln(1 + e^−|z|), finite however sure and wrong.
 */

import { joinTerms, meanText, num, operand, power, roundsToEdge, vectorText } from "../../base/formulaText";
import { t } from "../../base/l10n";
import type { LossRecord } from "./lossRecord";

export const BINARY_CROSS_ENTROPY: LossRecord = {
  id: "binaryCrossEntropy",
  label: "Binary cross-entropy",
  description: "Cross-entropy for yes/no outputs with a sigmoid activation; the class is 0 or 1.",
  symbol: "BCE",
  rule: "BCE = −(1/n)·Σ(y·ln ŷ + (1 − y)·ln(1 − ŷ))",
  meanOverOutputs: true,
  suits: { tasks: ["classification"], outputs: ["sigmoid"] },
  value(z, _a, t, offset, width) {
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const zj = z[offset + j];
      sum += Math.max(zj, 0) - zj * t[offset + j] + Math.log1p(Math.exp(-Math.abs(zj)));
    }
    return sum / width;
  },
  // d/dp of −(t·ln p + (1 − t)·ln(1 − p)) is (p − t) / (p·(1 − p)).
  outputSlope: (a, t, width) => (a === t ? 0 : (a - t) / (a * (1 - a) * width)),
  fused: {
    activation: "sigmoid",
    rowDelta(a, t, offset, width, scale, delta) {
      const s = scale / width;
      for (let j = 0; j < width; j++) delta[offset + j] = s * (a[offset + j] - t[offset + j]);
    },
    formula(output, target, delta) {
      const width = output.length;
      if (width === 1) return `δ = p − t = ${vectorText(output)} − ${vectorText(target)} = ${vectorText(delta)}`;
      return `δ = (p − t) / ${width} = (${vectorText(output)} − ${vectorText(target)}) / ${width} = ${vectorText(delta)}`;
    },
    note: () =>
      t(
        "After a sigmoid, binary cross-entropy's δ = ∂L/∂z is p − t (divided by the number of outputs), and training computes it so: the card does not split it into ∂L/∂a · f′(z), because ∂L/∂a grows without bound as p nears 0 or 1 while f′(z) = p·(1 − p) falls to 0.",
      ),
  },
  formula(output, target, value, z) {
    const width = output.length;
    const result = ` = ${num(value)}`;
    if (z && output.some(roundsToEdge)) {
      // −(t·ln σ(z) + (1 − t)·ln(1 − σ(z))) = ln(1 + e^z) − t·z.
      const terms = z.map((zj, j) => {
        const t = target[j];
        if (t === 1) return `ln(1 + ${power(-zj)})`;
        if (t === 0) return `ln(1 + ${power(zj)})`;
        return `ln(1 + ${power(zj)}) − ${num(t)}·${operand(zj)}`;
      });
      return { text: `BCE = ${meanText(terms, width)}${result}`, fromLogits: true };
    }
    const terms = output.map((p, j) => {
      const t = target[j];
      if (t === 1) return `ln ${num(p)}`;
      if (t === 0) return `ln(1 − ${num(p)})`;
      return `${num(t)}·ln ${num(p)} + ${num(1 - t)}·ln(1 − ${num(p)})`;
    });
    const sum = width === 1 ? `−${terms[0]}` : `−(${joinTerms(terms)}) / ${width}`;
    return { text: `BCE = ${sum}${result}`, fromLogits: false };
  },
  logitsNote: () =>
    t(
      "The output rounds to 0 or 1 at the digits shown, so the loss is written from the logit z, as training computes it: −ln p = ln(1 + e^−z) and −ln(1 − p) = ln(1 + e^z) (softplus).",
    ),
  pytorch: { module: "nn.BCEWithLogitsLoss()", comment: "mean over samples and outputs, sigmoid included, from the logits" },
  measuresConfidence: true,
};
