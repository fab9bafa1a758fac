/**
 * Parts of the sample card the worker adds to the core's trace (src/core/train/sampleTrace.ts):
 * the sample's loss under every loss that suits the output, and the trace trimmed to what
 * crosses to the panel.
 */
import type { LossName } from "../core/nn/losses";
import { suitableLosses } from "../core/spec/lossRules";
import type { SampleTrace } from "../core/train/sampleTrace";
import type { Trainer } from "../core/train/trainer";
import { drawnUnits } from "../protocol/diagramUnits";

/**
 * The traced sample's loss under each loss that suits the output, from the output the trace's
 * forward pass left in the network (a one-row lossSum is that row's loss).
 */
export function sampleLosses(trainer: Trainer, target: Float64Array): { loss: LossName; value: number }[] {
  const { spec } = trainer;
  const losses = suitableLosses(spec.task, spec.activations[spec.activations.length - 1], spec.sizes[spec.sizes.length - 1]);
  const ordered = [trainer.loss, ...losses.filter((l) => l !== trainer.loss)];
  return ordered.map((loss) => ({ loss, value: trainer.net.lossSum(loss, target) }));
}

/**
 * The trace's weight gradients only where the diagram draws edges (the rows of its drawn units;
 * the others empty): a 784-input layer's are 100,000 numbers the panel never reads.
 */
export function onlyDrawnGradients(trace: SampleTrace, sizes: number[]): SampleTrace {
  return {
    ...trace,
    gradients: trace.gradients.map((g, k) => {
      const drawn = new Set(drawnUnits(sizes[k]));
      return { ...g, weights: g.weights.map((row, i) => (drawn.has(i) ? row : [])) };
    }),
  };
}
