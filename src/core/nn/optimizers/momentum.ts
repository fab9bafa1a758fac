/** Momentum: v ← μ·v + g; w ← w − lr·v (PyTorch's form; plain SGD given a momentum above 0 steps so too). */

import { num, operand } from "../../base/formulaText";
import { t } from "../../base/l10n";
import type { OptimizerRecord } from "./optimizerRecord";

export const MOMENTUM: OptimizerRecord = {
  id: "momentum",
  description: "keep some of the previous step.",
  stateArrays: 1,
  takesMomentum: true,
  adaptive: false,
  learningRates: { risky: 5, safer: 0.1 },
  update(params, grad, [velocity], settings) {
    const { learningRate: lr, momentum: mu } = settings;
    let squares = 0;
    for (let i = 0; i < params.length; i++) {
      velocity[i] = mu * velocity[i] + grad[i];
      const step = lr * velocity[i];
      params[i] -= step;
      squares += step * step;
    }
    return squares;
  },
  preview(value, gradient, { first }, { learningRate, momentum }) {
    const nextVelocity = momentum * first + gradient;
    return { rule: "momentum", learningRate, value, gradient, next: value - learningRate * nextVelocity, momentum, velocity: first, nextVelocity };
  },
  formula(symbol, s) {
    if (s.rule !== "momentum") return [];
    return [
      `v ← μ·v + g = ${num(s.momentum)}·${operand(s.velocity)} + ${operand(s.gradient)} = ${num(s.nextVelocity)}`,
      `${symbol} ← ${symbol} − lr·v = ${num(s.value)} − ${num(s.learningRate)}·${operand(s.nextVelocity)} = ${num(s.next)}`,
    ];
  },
  cardCaption: () =>
    t(
      "The step momentum would take if this sample were the whole batch: the weight moves against the velocity v, which carries the earlier steps' gradients too, so it can move the weight the other way from this sample's gradient. Training steps with the mean gradient of each batch.",
    ),
  pytorch: {
    line: "torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)",
    comment: (settings) => `optimizer.type: ${settings.type}: v = momentum·v + g, w -= lr·v`,
    constants: (settings) => [{ name: "MOMENTUM", values: [settings.momentum], comment: "optimizer.momentum" }],
  },
};
