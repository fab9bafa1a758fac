/** Plain gradient descent: w ← w − lr·g. */

import { num, operand } from "../../base/formulaText";
import { t } from "../../base/l10n";
import type { OptimizerRecord } from "./optimizerRecord";

export const SGD: OptimizerRecord = {
  id: "sgd",
  description: "step against the gradient.",
  stateArrays: 0,
  adaptive: false,
  learningRates: { risky: 5, safer: 0.1 },
  update(params, grad, _state, settings) {
    const lr = settings.learningRate;
    let squares = 0;
    for (let i = 0; i < params.length; i++) {
      const step = lr * grad[i];
      params[i] -= step;
      squares += step * step;
    }
    return squares;
  },
  preview: (value, gradient, _state, { learningRate }) => ({ rule: "sgd", learningRate, value, gradient, next: value - learningRate * gradient }),
  formula: (symbol, s) => [`${symbol} ← ${symbol} − lr·g = ${num(s.value)} − ${num(s.learningRate)}·${operand(s.gradient)} = ${num(s.next)}`],
  cardCaption: () =>
    t(
      "The step SGD would take if this sample were the whole batch: the weight moves against its gradient (w ← w − lr·g), and this sample's loss falls if the learning rate is small enough. Training steps with the mean gradient of each batch.",
    ),
  pytorch: {
    line: "torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)",
    comment: () => "optimizer.type: sgd: w -= lr·g",
    constants: () => [],
  },
};
