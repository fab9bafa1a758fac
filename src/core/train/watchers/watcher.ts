/**
 * What watches training: the fit loop (trainer.ts) calls every registered watcher's hooks in
 * registration order, as Keras's and TensorFlow.js's `model.fit` call their callbacks. A watcher
 * measures or reports; it never changes the weights or the gradients (only the loop does).
 */
import type { Dataset } from "../../data/dataset";
import type { LossName } from "../../nn/losses";
import type { Network } from "../../nn/network";
import type { ResolvedSpec } from "../../spec/types";
import type { EpochMetrics } from "../metrics";

/** What the run is, as the watchers read it (the Trainer is one). */
export interface TrainingRun {
  readonly spec: ResolvedSpec;
  readonly net: Network;
  readonly trainData: Dataset;
  readonly validation: Dataset;
  /** Rows × outputSize: the training data's targets as the loss compares them. */
  readonly trainTargets: Float64Array;
  readonly validationTargets: Float64Array;
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
  /** The loss and learning rate in use now (both can change between steps). */
  readonly loss: LossName;
  readonly learningRate: number;
  /** Completed epochs. */
  readonly epoch: number;
  /** Reports that training diverged (see TrainingWatcher for when it stops). */
  diverge(divergence: Divergence): void;
  /** Asks for the run to end after the current epoch, as done (early stopping). */
  stopAfterEpoch(): void;
}

/** One batch as the loop has it; the same object every batch (read it, do not keep it). */
export interface Batch {
  /** Rows in this batch (the last one of an epoch may be smaller). */
  rows: number;
  /** Its index in the epoch (0-based). */
  index: number;
  /** The network's output for the batch (rows × outputSize) and the targets it is compared with. */
  output: Float64Array;
  targets: Float64Array;
  /** Sum of the rows' losses. */
  lossSum: number;
  /** After the step: per layer, the squared L2 norm of its weights' step. */
  readonly stepSquares: Float64Array;
}

/** Where training diverged: what became NaN or infinite, and the spec's index of its layer. */
export interface Divergence {
  what: string;
  layer: number;
}

/**
 * The hooks, all optional. A divergence reported (run.diverge) from a batch hook stops training
 * at once (the watchers after it do not see that batch); one from endEpoch stops it after every
 * watcher has seen the epoch, so that epoch's metrics come out complete.
 */
export interface TrainingWatcher {
  /** Before the first batch of epoch `epoch` (1-based), after the epoch's order is shuffled. */
  beginEpoch?(epoch: number): void;
  /** After the forward pass and the loss. */
  afterForward?(batch: Batch): void;
  /** After the backward pass and the regularization's gradient, before clipping. */
  afterBackward?(batch: Batch): void;
  /** After the optimizer's step. */
  afterStep?(batch: Batch): void;
  /**
   * After the epoch's last step. `metrics` is already the last entry of `history`; each watcher
   * fills in its own fields of it, in registration order (findings read what came before).
   */
  endEpoch?(metrics: EpochMetrics, history: readonly EpochMetrics[]): void;
}
