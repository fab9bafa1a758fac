/** What the findings read besides the history: the run's facts the trainer keeps. */
import type { Task } from "../../base/task";
import type { ActivationName } from "../../nn/activations";
import type { LossName } from "../../nn/losses";
import type { OptimizerName } from "../../nn/optimizers";

/** Where the validation loss, averaged over SMOOTHING epochs, was lowest so far. */
export interface BestValidation {
  /** The epoch of the lowest single validation loss among those averaged. */
  epoch: number;
  /** The mean validation loss over those epochs. */
  valLoss: number;
  /** The mean training loss over the same epochs. */
  loss: number;
  /** The mean validation accuracy over the same epochs. */
  valAccuracy: number;
}

/** What the findings need to know about the run besides its history. */
export interface FindingContext {
  task: Task;
  /** One per layer after the input. */
  activations: readonly ActivationName[];
  loss: LossName;
  optimizer: OptimizerName;
  learningRate: number;
  clipNorm: number | null;
  /** The initialisation scheme; null when the weights came from a file. */
  init: string | null;
  regularized: boolean;
  /** The loss of the best constant answer (constantAnswerLoss); null without training data. */
  chanceLoss: number | null;
  /** The targets' spread across samples (targetSpread), to compare EpochMetrics.outputSpread with. */
  targetSpread: number;
  /** The loss before training (Trainer.initialLoss). */
  initialLoss: number | null;
  bestValidation: BestValidation | null;
}
