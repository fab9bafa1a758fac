/**
 * The questions the panel asks about a run's current network, answered between training turns
 * without changing what training does: the sample card and the loss along one weight. Each is a
 * function of the trainer here; TrainingSession gives it a one-line method and runWorker.ts a
 * one-line entry.
 */
import type { ParameterRef } from "../core/nn/parameters";
import type { LoadedSpec } from "../core/spec/load";
import { type LossAlongWeight, lossAlongWeight } from "../core/train/lossAlongWeight";
import { parameterStep, traceSample, unitSum } from "../core/train/sampleTrace";
import type { Trainer } from "../core/train/trainer";
import type { DrawnImage } from "../protocol/images";
import type { SampleCard } from "../protocol/run";
import { onlyDrawnGradients, sampleLosses } from "./cardParts";
import { drawnDataset } from "./imageViews";

/**
 * One sample forward and back with the current weights (the network's gradients are left as
 * training made them); with `drawn`, the draw pad's image instead (its trace's sample is −1).
 */
export function sampleCard(
  trainer: Trainer,
  loaded: LoadedSpec,
  sample: number,
  unit: { layer: number; unit: number } | null,
  parameter: ParameterRef | null,
  drawn: DrawnImage | null,
): SampleCard {
  return keepingGradients(trainer, () => {
    const data = drawn ? drawnDataset(loaded.dataset, drawn, trainer.net.outputSize) : loaded.dataset;
    const trace = drawn
      ? { ...traceSample(trainer.net, trainer.loss, data, 0), sample: -1 }
      : traceSample(trainer.net, trainer.loss, data, sample, loaded.rowOfSample);
    const card = {
      trace,
      unit: unit ? unitSum(trainer.net, trace, unit.layer, unit.unit) : null,
      step: parameter ? parameterStep(trainer.net, trainer.optimizer, trace, parameter) : null,
      losses: sampleLosses(trainer, Float64Array.from(trace.target)),
    };
    return { ...card, trace: onlyDrawnGradients(trace, trainer.spec.sizes) };
  });
}

/** The loss along one weight or bias, the others held (lossAlongWeight.ts). */
export function lossAlong(trainer: Trainer, parameter: ParameterRef): LossAlongWeight {
  return keepingGradients(trainer, () => lossAlongWeight(trainer, parameter));
}

/** Runs `work` (which uses the network's gradients as scratch space) and puts the training's gradients back. */
export function keepingGradients<T>(trainer: Trainer, work: () => T): T {
  const saved = [...trainer.net.gradWeights, ...trainer.net.gradBiases].map((g) => g.slice());
  try {
    return work();
  } finally {
    [...trainer.net.gradWeights, ...trainer.net.gradBiases].forEach((g, i) => {
      g.set(saved[i]);
    });
  }
}
