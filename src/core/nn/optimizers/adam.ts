/** Adam: m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·g²; w ← w − lr·m̂ / (√v̂ + ε), with bias-corrected m̂ and v̂. */

import { base, num, operand } from "../../base/formulaText";
import { t } from "../../base/l10n";
import type { OptimizerRecord } from "./optimizerRecord";

export const ADAM: OptimizerRecord = {
  id: "adam",
  description:
    "each weight steps by the running average of its gradient divided by the square root of the running average of its squared gradient, so each weight's step has a size of its own.",
  stateArrays: 2,
  adaptive: true,
  learningRates: { risky: 0.5, safer: 0.01 },
  update(params, grad, [m, v], settings, step) {
    const { learningRate: lr, beta1, beta2, epsilon } = settings;
    const c1 = 1 - beta1 ** step;
    const c2 = 1 - beta2 ** step;
    let squares = 0;
    for (let i = 0; i < params.length; i++) {
      const g = grad[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      const delta = (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon);
      params[i] -= delta;
      squares += delta * delta;
    }
    return squares;
  },
  preview(value, gradient, state, settings) {
    const { learningRate, beta1, beta2, epsilon } = settings;
    const step = state.step + 1;
    const nextM = beta1 * state.first + (1 - beta1) * gradient;
    const nextV = beta2 * state.second + (1 - beta2) * gradient * gradient;
    const mHat = nextM / (1 - beta1 ** step);
    const vHat = nextV / (1 - beta2 ** step);
    const next = value - (learningRate * mHat) / (Math.sqrt(vHat) + epsilon);
    return { rule: "adam", learningRate, value, gradient, next, step, beta1, beta2, epsilon, m: state.first, v: state.second, nextM, nextV, mHat, vHat };
  },
  formula(symbol, s) {
    if (s.rule !== "adam") return [];
    const { beta1, beta2, step: t } = s;
    const g = operand(s.gradient);
    return [
      `m ← β₁·m + (1 − β₁)·g = ${num(beta1)}·${operand(s.m)} + ${num(1 - beta1)}·${g} = ${num(s.nextM)}`,
      `v ← β₂·v + (1 − β₂)·g² = ${num(beta2)}·${operand(s.v)} + ${num(1 - beta2)}·${base(s.gradient)}² = ${num(s.nextV)}`,
      `m̂ = m / (1 − β₁^${t}) = ${operand(s.nextM)} / (1 − ${num(beta1)}^${t}) = ${num(s.mHat)}`,
      `v̂ = v / (1 − β₂^${t}) = ${num(s.nextV)} / (1 − ${num(beta2)}^${t}) = ${num(s.vHat)}`,
      `${symbol} ← ${symbol} − lr·m̂ / (√v̂ + ε) = ${num(s.value)} − ${num(s.learningRate)}·${operand(s.mHat)} / (√${num(s.vHat)} + ${num(s.epsilon)}) = ${num(s.next)}`,
    ];
  },
  cardCaption: () =>
    t(
      "The step Adam would take if this sample were the whole batch: the weight moves against m̂ / (√v̂ + ε), running averages of the gradients and of their squares that carry the earlier steps too, so it can move the weight the other way from this sample's gradient. Training steps with the mean gradient of each batch.",
    ),
  pytorch: {
    line: "torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=BETAS, eps=EPSILON)",
    comment: () => "optimizer.type: adam: bias-corrected moments, lr·m̂ / (√v̂ + ε)",
    constants: (s) => [
      { name: "BETAS", values: [s.beta1, s.beta2], comment: "optimizer.beta1, optimizer.beta2" },
      { name: "EPSILON", values: [s.epsilon], comment: "optimizer.epsilon" },
    ],
  },
};
