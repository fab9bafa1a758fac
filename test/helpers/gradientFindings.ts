/**
 * The per-layer findings (vanishing, exploding, saturated, dead) of one epoch's gradient
 * statistics alone, judged as for SGD and without the run's history: a way for tests to reach
 * those rules with statistics written by hand.
 */
import { findings } from "../../src/core/train/findings";
import type { LayerGradientStats } from "../../src/core/train/metrics";

export function gradientFindings(stats: LayerGradientStats[]): string[] {
  const epoch = {
    epoch: 1,
    loss: Number.NaN,
    accuracy: Number.NaN,
    valLoss: null,
    valAccuracy: null,
    gradients: stats,
    outputSpread: Number.NaN,
    stepCosine: null,
    findings: [],
  };
  const context = {
    task: "classification",
    activations: [],
    loss: "mse",
    optimizer: "sgd",
    learningRate: Number.NaN,
    clipNorm: null,
    init: null,
    regularized: false,
    chanceLoss: null,
    targetSpread: 0,
    initialLoss: null,
    bestValidation: null,
  } as const;
  return findings([epoch], context).map((f) => f.message);
}
