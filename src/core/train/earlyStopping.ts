/**
 * Early stopping on the validation loss: ends a run once the validation loss has not improved
 * for `patience` epochs, and can put back the weights of the best epoch.
 *
 * The loss watched is each epoch's valLoss as the epoch's metrics report it: the mean loss over
 * the validation samples after the epoch's last update, without regularization and without
 * dropout. An epoch improves on the best so far when its valLoss is below best − minDelta
 * (minDelta 0 by default: any decrease counts; a tie does not). The run stops at the end of the
 * epoch that is `patience` epochs after the best one; with patience 10 and the best at epoch 7,
 * training stops after epoch 17 unless one of epochs 8…17 improves.
 */

import type { EarlyStoppingSettings } from "../spec/types";

/** What early stopping found, for the CLI, the panel's marker and the kept run. */
export interface EarlyStoppingReport {
  /** The epoch (1-based) with the lowest validation loss, as counted by minDelta. */
  bestEpoch: number;
  bestValLoss: number;
  /** The epoch after which the run was stopped; null while it goes on, or when it ran all its epochs. */
  stoppedAt: number | null;
  /** Whether the best epoch's weights were put back. */
  restored: boolean;
}

/** Weights and biases per layer, as Network holds them. */
export interface ParameterArrays {
  readonly weights: Float64Array[];
  readonly biases: Float64Array[];
}

export class EarlyStopping {
  private best: { epoch: number; valLoss: number } | null = null;
  private stoppedAt: number | null = null;
  private restored = false;
  private readonly kept: ParameterArrays;

  constructor(
    readonly settings: EarlyStoppingSettings,
    shapeOf: ParameterArrays,
  ) {
    this.kept = { weights: shapeOf.weights.map((w) => new Float64Array(w.length)), biases: shapeOf.biases.map((b) => new Float64Array(b.length)) };
  }

  /**
   * Takes one finished epoch's validation loss and the weights after it; returns true when
   * training should stop now. Keeps a copy of the weights whenever the epoch is the best so far.
   */
  endEpoch(epoch: number, valLoss: number, params: ParameterArrays): boolean {
    if (this.stoppedAt !== null) return true;
    if (this.best === null || valLoss < this.best.valLoss - this.settings.minDelta) {
      this.best = { epoch, valLoss };
      if (this.settings.restoreBest) copyParameters(params, this.kept);
    }
    if (epoch - this.best.epoch >= this.settings.patience) this.stoppedAt = epoch;
    return this.stoppedAt !== null;
  }

  /** At the end of the run: puts the best epoch's weights back into `params` when restoreBest asks for it. */
  finish(params: ParameterArrays): void {
    if (!this.settings.restoreBest || this.best === null || this.restored) return;
    copyParameters(this.kept, params);
    this.restored = true;
  }

  report(): EarlyStoppingReport | null {
    if (this.best === null) return null;
    return { bestEpoch: this.best.epoch, bestValLoss: this.best.valLoss, stoppedAt: this.stoppedAt, restored: this.restored };
  }
}

function copyParameters(from: ParameterArrays, to: ParameterArrays): void {
  for (let k = 0; k < from.weights.length; k++) {
    to.weights[k].set(from.weights[k]);
    to.biases[k].set(from.biases[k]);
  }
}
