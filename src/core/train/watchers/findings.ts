/**
 * What the findings make of each epoch (findings.ts), with what they need to know besides the
 * history: the loss before any training, the loss of a constant answer, the best validation.
 */
import { copyFeatureRows } from "../../data/dataset";
import type { LossName } from "../../nn/losses";
import { EVALUATION_CHUNK } from "../evaluation";
import { type BestValidation, constantAnswerLoss, type FindingContext, findings, lowestValidation, targetSpread } from "../findings";
import type { EpochMetrics } from "../metrics";
import type { TrainingRun, TrainingWatcher } from "./watcher";

/** Training rows the loss before training is measured on (Karpathy's initial-loss check). */
const INITIAL_LOSS_ROWS = EVALUATION_CHUNK;

export class FindingsWatcher implements TrainingWatcher {
  /** What the findings need to know about the run besides its history (learning rate and loss are read when used). */
  private readonly context: Omit<FindingContext, "loss" | "learningRate" | "chanceLoss" | "bestValidation" | "initialLoss">;
  /** The loss of answering the same for every input, per loss function (computed when first needed). */
  private readonly chanceLosses = new Map<LossName, number | null>();
  /** The loss before any training, on up to INITIAL_LOSS_ROWS training rows; null until training starts. */
  initialLoss: number | null = null;
  private bestValidation: BestValidation | null = null;

  constructor(private readonly run: TrainingRun) {
    const { spec } = run;
    this.context = {
      task: spec.task,
      activations: spec.activations,
      optimizer: spec.optimizer.type,
      clipNorm: spec.optimizer.clipNorm,
      init: typeof spec.init === "string" ? spec.init : null,
      regularized: spec.regularization !== null && spec.regularization.rate > 0,
      targetSpread: targetSpread(run.trainTargets, run.trainData.rows, run.net.outputSize),
    };
  }

  beginEpoch(epoch: number): void {
    if (epoch === 1 && this.initialLoss === null) this.initialLoss = this.sampledLoss();
  }

  endEpoch(metrics: EpochMetrics, history: readonly EpochMetrics[]): void {
    this.bestValidation = lowestValidation(history, this.bestValidation);
    metrics.findings = findings(history, {
      ...this.context,
      loss: this.run.loss,
      learningRate: this.run.learningRate,
      chanceLoss: this.chanceLoss(),
      initialLoss: this.initialLoss,
      bestValidation: this.bestValidation,
    });
  }

  /** The loss with the current weights on up to INITIAL_LOSS_ROWS training rows, evenly spread over them. */
  private sampledLoss(): number | null {
    const { net, trainData, trainTargets } = this.run;
    const rows = Math.min(INITIAL_LOSS_ROWS, trainData.rows);
    if (rows === 0) return null;
    const f = net.inputSize;
    const width = net.outputSize;
    const input = net.inputBuffer(rows);
    const targets = new Float64Array(rows * width);
    for (let r = 0; r < rows; r++) {
      const src = Math.floor((r * trainData.rows) / rows);
      copyFeatureRows(trainData, src, 1, input, r * f);
      targets.set(trainTargets.subarray(src * width, (src + 1) * width), r * width);
    }
    net.forward(rows);
    return net.lossSum(this.run.loss, targets) / rows;
  }

  private chanceLoss(): number | null {
    const { loss, spec, trainTargets, trainData, net } = this.run;
    let value = this.chanceLosses.get(loss);
    if (value === undefined) {
      value = constantAnswerLoss(loss, spec.activations[spec.activations.length - 1], trainTargets, trainData.rows, net.outputSize);
      this.chanceLosses.set(loss, value);
    }
    return value;
  }
}
