/** MSE (L2): the mean of (a − t)² over the outputs, as in the lesson (prediction [0.8, 0.2], target [1, 0]: 0.04). */
import { base, meanText, num } from "../../base/formulaText";
import type { LossRecord } from "./lossRecord";

export const MSE: LossRecord = {
  id: "mse",
  label: "MSE (L2)",
  description: "Mean squared error (L2): the average of (prediction − target)². Large errors count much more; sensitive to outliers.",
  symbol: "MSE",
  rule: "MSE = (1/n)·Σ(ŷ − y)²",
  meanOverOutputs: true,
  suits: { tasks: ["classification", "regression"] },
  value(_z, a, t, offset, width) {
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const e = a[offset + j] - t[offset + j];
      sum += e * e;
    }
    return sum / width;
  },
  outputSlope: (a, t, width) => (2 * (a - t)) / width,
  rowSlopes(a, t, offset, width, scale, out) {
    const s = scale / width;
    for (let j = 0; j < width; j++) out[offset + j] = s * (2 * (a[offset + j] - t[offset + j]));
  },
  formula: (output, target, value) => ({
    text: `MSE = ${meanText(
      output.map((a, j) => `${base(Math.abs(a - target[j]))}²`),
      output.length,
    )} = ${num(value)}`,
    fromLogits: false,
  }),
  pytorch: { module: "nn.MSELoss()", comment: "mean (output - target)² over samples and outputs" },
};
