/** MAE (L1): the mean of |a − t| over the outputs, as in the lesson (prediction [0.8, 0.2], target [1, 0]: 0.2). */
import { meanText, num, operand } from "../../base/formulaText";
import type { LossRecord } from "./lossRecord";

/** The slope of |e|: 0 at exactly zero error (the format's rule). */
const sign = (e: number) => (e > 0 ? 1 : e < 0 ? -1 : 0);

export const MAE: LossRecord = {
  id: "mae",
  label: "MAE (L1)",
  description: "Mean absolute error (L1): the average of |prediction − target|. Every error counts in proportion; robust to outliers.",
  symbol: "MAE",
  rule: "MAE = (1/n)·Σ|ŷ − y|",
  meanOverOutputs: true,
  suits: { tasks: ["classification", "regression"] },
  value(_z, a, t, offset, width) {
    let sum = 0;
    for (let j = 0; j < width; j++) sum += Math.abs(a[offset + j] - t[offset + j]);
    return sum / width;
  },
  outputSlope: (a, t, width) => sign(a - t) / width,
  rowSlopes(a, t, offset, width, scale, out) {
    const s = scale / width;
    for (let j = 0; j < width; j++) out[offset + j] = s * sign(a[offset + j] - t[offset + j]);
  },
  formula: (output, target, value) => ({
    text: `MAE = ${meanText(
      output.map((a, j) => `|${num(a)} − ${operand(target[j])}|`),
      output.length,
    )} = ${num(value)}`,
    fromLogits: false,
  }),
  pytorch: { module: "nn.L1Loss()", comment: "mean |output - target| over samples and outputs" },
  medianMayWin: true,
};
