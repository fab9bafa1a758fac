/**
 * The panel's former entry point to the findings, kept so that its import still works: the
 * per-layer findings (vanishing, exploding, saturated, dead) of one epoch's gradient statistics,
 * judged as for SGD and without the run's history. Every epoch now carries all its findings,
 * with ids, layers and fixes, in EpochMetrics.findings (findings.ts); read those instead.
 */
import { findings } from "./findings";
import type { LayerGradientStats } from "./metrics";

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
