/** Huber: ½·e² within HUBER_DELTA of the target, linear beyond; the mean over the outputs. */
import { base, meanText, num } from "../../base/formulaText";
import type { LossRecord } from "./lossRecord";

/** Huber's delta: quadratic within ±1 of the target, linear beyond. */
export const HUBER_DELTA = 1;

const slope = (e: number) => (e > HUBER_DELTA ? HUBER_DELTA : Math.max(e, -HUBER_DELTA));

export const HUBER: LossRecord = {
  id: "huber",
  label: "Huber",
  description: "Squared error for small errors (|e| ≤ 1), absolute error beyond: MSE's smoothness with MAE's robustness.",
  symbol: "Huber",
  rule: "Huber = (1/n)·Σ(½·(ŷ − y)² where |ŷ − y| ≤ 1, else |ŷ − y| − ½)",
  meanOverOutputs: true,
  suits: { tasks: ["classification", "regression"] },
  value(_z, a, t, offset, width) {
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const e = Math.abs(a[offset + j] - t[offset + j]);
      sum += e <= HUBER_DELTA ? 0.5 * e * e : HUBER_DELTA * (e - 0.5 * HUBER_DELTA);
    }
    return sum / width;
  },
  outputSlope: (a, t, width) => slope(a - t) / width,
  rowSlopes(a, t, offset, width, scale, out) {
    const s = scale / width;
    for (let j = 0; j < width; j++) out[offset + j] = s * slope(a[offset + j] - t[offset + j]);
  },
  formula(output, target, value) {
    const terms = output.map((a, j) => {
      const e = Math.abs(a - target[j]);
      return e <= HUBER_DELTA ? `½·${base(e)}²` : `(${num(e)} − ½)`;
    });
    return { text: `Huber = ${meanText(terms, output.length)} = ${num(value)}`, fromLogits: false };
  },
  pytorch: { module: "nn.HuberLoss(delta=1.0)", comment: "0.5·e² within 1 of the target, |e| - 0.5 beyond; mean over samples and outputs" },
  medianMayWin: true,
};
