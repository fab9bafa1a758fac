/**
 * The epoch's loss and accuracy (each batch measured before its step, as Keras does), the
 * validation loss and accuracy after the epoch's last step, and the confusion matrix.
 */
import { addToConfusion, type ConfusionMatrix, MAX_CONFUSION_CLASSES, outputClasses } from "../confusion";
import { evaluateData } from "../evaluation";
import { countCorrect, type EpochMetrics } from "../metrics";
import type { Batch, TrainingRun, TrainingWatcher } from "./watcher";

export class EpochMetricsWatcher implements TrainingWatcher {
  private lossSum = 0;
  private correct = 0;
  /** Classification: this epoch's training confusion, counted batch by batch as accuracy is. */
  private readonly epochConfusion: Float64Array | null;
  /** The last completed epoch's confusion: of the validation set, or else of the training set. */
  private lastConfusion: ConfusionMatrix | null = null;

  constructor(private readonly run: TrainingRun) {
    const classes = outputClasses(run.net.outputSize);
    this.epochConfusion = run.spec.task === "classification" && classes <= MAX_CONFUSION_CLASSES ? new Float64Array(classes * classes) : null;
  }

  /** Entries of a confusion matrix of this run (0 when it has none). */
  get confusionSize(): number {
    return this.epochConfusion?.length ?? 0;
  }

  /** The last completed epoch's confusion matrix; null before it, for regression or past MAX_CONFUSION_CLASSES. */
  confusion(): ConfusionMatrix | null {
    return this.lastConfusion;
  }

  beginEpoch(): void {
    this.lossSum = 0;
    this.correct = 0;
    this.epochConfusion?.fill(0);
  }

  afterForward(batch: Batch): void {
    const { spec, net } = this.run;
    this.lossSum += batch.lossSum;
    this.correct += countCorrect(batch.output, batch.targets, 0, batch.rows, net.outputSize, spec.task === "regression", spec.metrics.tolerance);
    if (this.epochConfusion) addToConfusion(this.epochConfusion, batch.output, batch.targets, batch.rows, net.outputSize);
  }

  endEpoch(metrics: EpochMetrics): void {
    const { spec, net, trainData } = this.run;
    const per = spec.task === "regression" ? trainData.rows * net.outputSize : trainData.rows;
    const validationConfusion = this.epochConfusion ? new Float64Array(this.epochConfusion.length) : undefined;
    const validation = evaluateData(net, spec, this.run.loss, this.run.validation, this.run.validationTargets, validationConfusion);
    if (this.epochConfusion) {
      const [of, counts] = validation && validationConfusion ? (["validation", validationConfusion] as const) : (["training", this.epochConfusion] as const);
      this.lastConfusion = confusionMatrix(of, counts);
    }
    metrics.loss = this.lossSum / trainData.rows;
    metrics.accuracy = this.correct / per;
    metrics.valLoss = validation?.loss ?? null;
    metrics.valAccuracy = validation?.accuracy ?? null;
  }
}

/** A confusion matrix from its counts (classes × classes, row-major). */
export function confusionMatrix(of: ConfusionMatrix["of"], counts: Float64Array): ConfusionMatrix {
  return { of, classes: Math.round(Math.sqrt(counts.length)), counts: Array.from(counts) };
}
