/**
 * Trains a network on a loaded spec, one batch at a time, so that a caller (the worker, the CLI,
 * a test) can run, pause, step a batch or an epoch, stop, and change the loss or the learning
 * rate between steps. Synchronous and free of timers: the caller decides when to step.
 */

import { formatNumber } from "../base/format";
import { t } from "../base/l10n";
import { Rng } from "../base/rng";
import { copyFeatureRows, type Dataset, largestFeature } from "../data/dataset";
import { allocateMasks, type DropoutMasks, drawMasks, hasDropout } from "../nn/dropout";
import { initialiseWeights } from "../nn/init";
import type { LossName } from "../nn/losses";
import { Network } from "../nn/network";
import { clipScale, Optimizer } from "../nn/optimizers";
import { type ParameterRef, parameterSlot } from "../nn/parameters";
import type { LoadedSpec } from "../spec/load";
import type { ResolvedSpec } from "../spec/types";
import { copyWeightsIntoNetwork, networkToWeightsJson, type WeightsJson } from "../weights/weightsFile";
import { type BoundaryGrid, boundaryGrid, dataExtent, type Extent } from "./boundary";
import { addToConfusion, type ConfusionMatrix, MAX_CONFUSION_CLASSES, outputClasses } from "./confusion";
import { DistributionRecorder, type DistributionSeries, type Distributions } from "./distributions";
import { type BestValidation, constantAnswerLoss, type FindingContext, findings, lowestValidation, targetSpread } from "./findings";
import { countCorrect, type EpochMetrics, GradientAccumulator, type LayerGradientStats, targetMatrix } from "./metrics";
import { EarlyStopping, type EarlyStoppingReport } from "./earlyStopping";
import { type NeuronMaps, neuronMaps } from "./neuronMaps";
import { StepTracker } from "./steps";
import { UnitActivity } from "./unitActivity";

/** Epochs Trainer.history keeps at least (see there). */
export const RECENT_EPOCHS = 5000;

export type TrainerState = "ready" | "training" | "done" | "error";

/** Why training stopped early: a NaN or infinity, with where it appeared. */
export interface TrainingFailure {
  message: string;
  epoch: number;
  /** The spec's index of the layer where it appeared. */
  layer: number;
}

/** Rows evaluated at once when measuring validation data. */
const EVALUATION_CHUNK = 512;
/** Training rows the loss before training is measured on (Karpathy's initial-loss check). */
const INITIAL_LOSS_ROWS = EVALUATION_CHUNK;

export class Trainer {
  readonly spec: ResolvedSpec;
  readonly net: Network;
  readonly train: Dataset;
  readonly validation: Dataset;
  readonly optimizer: Optimizer;
  loss: LossName;
  /** Completed epochs. */
  epoch = 0;
  /** Called after each epoch, its last update done: the loss landscape records the weights' path. */
  onEpochEnd: (() => void) | null = null;
  state: TrainerState = "ready";
  failure: TrainingFailure | null = null;
  /**
   * The latest epochs, oldest first: every one of a run of up to RECENT_EPOCHS, and at least
   * the last RECENT_EPOCHS of a longer one (older ones are dropped in chunks, so memory stays
   * bounded over a million epochs). The findings read only the last few; whoever wants a whole
   * long run's curve keeps it as the epochs come (the CLI and the panel keep a BoundedHistory).
   */
  readonly history: EpochMetrics[] = [];

  private readonly rng: Rng;
  private readonly trainTargets: Float64Array;
  private readonly validationTargets: Float64Array;
  private readonly batchSize: number;
  private readonly order: Uint32Array;
  private readonly batchTargets: Float64Array;
  /** The inputs' range (two inputs only), for pictures over the input plane. */
  readonly extent: Extent | null;
  /** Position in the current epoch's order; 0 between epochs. */
  private cursor = 0;
  private epochLossSum = 0;
  private epochCorrect = 0;
  /** Classification: this epoch's training confusion, counted batch by batch as accuracy is. */
  private readonly epochConfusion: Float64Array | null;
  /** The last completed epoch's confusion: of the validation set, or else of the training set. */
  private lastConfusion: ConfusionMatrix | null = null;
  private readonly weightStats: GradientAccumulator[];
  private readonly biasStats: GradientAccumulator[];
  private readonly activity: UnitActivity;
  private readonly steps: StepTracker;
  private readonly distributionRecorder: DistributionRecorder;
  /** What the findings need to know about the run besides its history (learning rate and loss are read when used). */
  private readonly findingContext: Omit<FindingContext, "loss" | "learningRate" | "chanceLoss" | "bestValidation" | "initialLoss">;
  /** The loss of answering the same for every input, per loss function (computed when first needed). */
  private readonly chanceLosses = new Map<LossName, number | null>();
  /** The loss before any training, on up to INITIAL_LOSS_ROWS training rows; null until training starts. */
  private initialLossValue: number | null = null;
  private bestValidation: BestValidation | null = null;
  /** This batch's dropout masks, drawn from `rng` (src/core/nn/dropout.ts); null without dropout. */
  private readonly masks: DropoutMasks | null;
  private readonly earlyStopping: EarlyStopping | null;

  constructor(loaded: LoadedSpec) {
    const { spec } = loaded;
    this.spec = spec;
    this.train = loaded.train;
    this.validation = loaded.validation;
    this.loss = spec.loss;
    this.net = new Network(spec.sizes, spec.activations);
    this.rng = new Rng(spec.training.seed);
    if (loaded.initialWeights) copyWeightsIntoNetwork(loaded.initialWeights, this.net);
    else if (typeof spec.init === "string") initialiseWeights(this.net, spec.init, this.rng);
    this.optimizer = new Optimizer(spec.optimizer);
    const width = this.net.outputSize;
    this.trainTargets = targetMatrix(this.train, width);
    this.validationTargets = targetMatrix(this.validation, width);
    const classes = outputClasses(width);
    this.epochConfusion = spec.task === "classification" && classes <= MAX_CONFUSION_CLASSES ? new Float64Array(classes * classes) : null;
    const requested = spec.training.batchSize;
    this.batchSize = requested === "full" ? this.train.rows : Math.min(requested, this.train.rows);
    this.order = new Uint32Array(this.train.rows);
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    this.batchTargets = new Float64Array(this.batchSize * width);
    this.net.ensureCapacity(Math.max(this.batchSize, Math.min(EVALUATION_CHUNK, Math.max(1, this.validation.rows))));
    this.weightStats = this.net.weights.map(() => new GradientAccumulator());
    this.biasStats = this.net.weights.map(() => new GradientAccumulator());
    this.activity = new UnitActivity(this.net, this.batchSize, this.batchesPerEpoch);
    this.steps = new StepTracker(this.net.weights);
    this.distributionRecorder = new DistributionRecorder(this.net);
    this.findingContext = {
      task: spec.task,
      activations: spec.activations,
      optimizer: spec.optimizer.type,
      clipNorm: spec.optimizer.clipNorm,
      init: typeof spec.init === "string" ? spec.init : null,
      regularized: spec.regularization !== null && spec.regularization.rate > 0,
      targetSpread: targetSpread(this.trainTargets, this.train.rows, width),
    };
    this.extent = spec.sizes[0] === 2 ? dataExtent(loaded.dataset) : null;
    this.masks = hasDropout(spec.dropout) ? allocateMasks(spec.dropout, spec.sizes, this.batchSize) : null;
    const stopping = spec.training.earlyStopping;
    this.earlyStopping = stopping ? new EarlyStopping(stopping, this.net) : null;
  }

  /** Early stopping's best epoch so far and whether it stopped the run; null without early stopping or before the first epoch. */
  get earlyStoppingReport(): EarlyStoppingReport | null {
    return this.earlyStopping?.report() ?? null;
  }

  get totalEpochs(): number {
    return this.spec.training.epochs;
  }

  get batchesPerEpoch(): number {
    return Math.ceil(this.train.rows / this.batchSize);
  }

  /** The learning rate in use; can be changed between steps. */
  get learningRate(): number {
    return this.optimizer.settings.learningRate;
  }

  set learningRate(value: number) {
    if (!(value > 0) || !Number.isFinite(value)) throw new Error("the learning rate must be a positive number");
    this.optimizer.settings.learningRate = value;
  }

  /** Batches done in the current epoch. */
  get batchInEpoch(): number {
    return Math.ceil(this.cursor / this.batchSize);
  }

  get finished(): boolean {
    return this.state === "done" || this.state === "error";
  }

  /**
   * Trains one batch. Returns the epoch's metrics when this batch completed an epoch, else null.
   * Does nothing once training is done or failed.
   */
  stepBatch(): EpochMetrics | null {
    if (this.finished) return null;
    this.state = "training";
    if (this.cursor === 0) this.beginEpoch();
    const rows = Math.min(this.batchSize, this.train.rows - this.cursor);
    this.loadBatch(rows);
    const net = this.net;
    if (this.masks) drawMasks(this.rng, this.spec.dropout, this.spec.sizes, rows, this.masks);
    const output = net.forward(rows, this.masks);
    const lossSum = net.lossSum(this.loss, this.batchTargets);
    if (!Number.isFinite(lossSum)) return this.fail(t("the loss became NaN or infinite"), this.firstNonFiniteLayer(rows));
    this.epochLossSum += lossSum;
    this.epochCorrect += countCorrect(output, this.batchTargets, 0, rows, net.outputSize, this.spec.task === "regression", this.spec.metrics.tolerance);
    if (this.epochConfusion) addToConfusion(this.epochConfusion, output, this.batchTargets, rows, net.outputSize);
    const batch = this.cursor / this.batchSize;
    this.activity.afterForward(rows, batch);

    net.backward(this.loss, this.batchTargets);
    this.addRegularizationGradient();
    this.activity.afterBackward(rows, batch);
    if (this.distributionRecorder.wanted) this.distributionRecorder.take(rows);
    // Statistics of the gradient as the loss (and regularization) gave it, before any clipping.
    let squares = 0;
    for (let k = 0; k < net.layerCount; k++) {
      squares += this.weightStats[k].add(net.gradWeights[k]) + this.biasStats[k].add(net.gradBiases[k]);
      if (!this.weightStats[k].finite || !this.biasStats[k].finite) return this.fail(t("its gradient became NaN or infinite"), k + 1);
    }
    const scale = clipScale(Math.sqrt(squares), this.optimizer.settings.clipNorm);
    if (scale < 1) this.scaleGradients(scale);
    this.optimizer.beginStep();
    for (let k = 0; k < net.layerCount; k++) {
      this.steps.addStep(k, this.optimizer.update(net.weights[k], net.gradWeights[k]));
      this.optimizer.update(net.biases[k], net.gradBiases[k]);
    }
    this.steps.endBatch();
    this.cursor += rows;
    if (this.cursor < this.train.rows) return null;
    const metrics = this.endEpoch();
    this.onEpochEnd?.(); // the landscape's path (src/worker/landscapeJob.ts)
    return metrics;
  }

  /** Trains the rest of the current epoch (a whole one between epochs). */
  stepEpoch(): EpochMetrics | null {
    while (!this.finished) {
      const metrics = this.stepBatch();
      if (metrics) return metrics;
    }
    return null;
  }

  /** Trains until `deadline` (performance.now() milliseconds) or the end; returns the epochs completed. */
  runUntil(deadline: number): EpochMetrics[] {
    const done: EpochMetrics[] = [];
    while (!this.finished && performance.now() < deadline) {
      const metrics = this.stepBatch();
      if (metrics) done.push(metrics);
    }
    return done;
  }

  /** Loss and accuracy over a whole data set with the current weights; classification counts go into `confusion` when given. */
  evaluate(which: "train" | "validation", confusion?: Float64Array): { loss: number; accuracy: number } | null {
    const data = which === "train" ? this.train : this.validation;
    const targets = which === "train" ? this.trainTargets : this.validationTargets;
    if (data.rows === 0) return null;
    const net = this.net;
    const width = net.outputSize;
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < data.rows; start += EVALUATION_CHUNK) {
      const rows = Math.min(EVALUATION_CHUNK, data.rows - start);
      copyFeatureRows(data, start, rows, net.inputBuffer(rows));
      const output = net.forward(rows);
      const t = targets.subarray(start * width, (start + rows) * width);
      lossSum += net.lossSum(this.loss, t);
      correct += countCorrect(output, t, 0, rows, width, this.spec.task === "regression", this.spec.metrics.tolerance);
      if (confusion) addToConfusion(confusion, output, t, rows, width);
    }
    const per = this.spec.task === "regression" ? data.rows * width : data.rows;
    return { loss: lossSum / data.rows, accuracy: correct / per };
  }

  /** The network's outputs over a grid of the 2-D input space; null unless there are two inputs. */
  boundary(resolution = 64): BoundaryGrid | null {
    return this.extent ? boundaryGrid(this.net, this.extent, resolution) : null;
  }

  /** Classification: the last completed epoch's confusion matrix; null before it, for regression or past MAX_CONFUSION_CLASSES. */
  confusion(): ConfusionMatrix | null {
    return this.lastConfusion;
  }

  /** Each unit's output over a small grid of the 2-D input space; null unless there are two inputs. */
  neuronMaps(resolution: number, unitsOf: (layer: number) => readonly number[]): NeuronMaps | null {
    return this.extent ? neuronMaps(this.net, this.extent, resolution, unitsOf) : null;
  }

  weights(): WeightsJson {
    return networkToWeightsJson(this.net);
  }

  /** The current distributions of activations, δ and weight gradients per layer; null before the first epoch ends. */
  distributions(bins?: number): Distributions | null {
    return this.distributionRecorder.current(bins);
  }

  /** The nine percentiles of activations, δ and weight gradients per layer over (kept) epochs. */
  distributionHistory(): DistributionSeries {
    return this.distributionRecorder.history();
  }

  /** Per layer after the input, each unit's mean |δ| (dL/dz) over the last completed epoch's samples. */
  unitGradients(): number[][] {
    return this.activity.unitDeltas();
  }

  /** The loss before any training (on up to INITIAL_LOSS_ROWS training rows, evenly spread); null before training starts. */
  get initialLoss(): number | null {
    return this.initialLossValue;
  }

  private beginEpoch(): void {
    if (this.epoch === 0 && this.initialLossValue === null) this.initialLossValue = this.sampledLoss();
    if (this.spec.training.shuffle) this.rng.shuffle(this.order);
    this.epochLossSum = 0;
    this.epochCorrect = 0;
    this.epochConfusion?.fill(0);
    for (const s of this.weightStats) s.reset();
    for (const s of this.biasStats) s.reset();
    this.activity.beginEpoch();
    this.steps.beginEpoch();
    this.distributionRecorder.beginEpoch(this.epoch + 1);
  }

  private endEpoch(): EpochMetrics {
    this.cursor = 0;
    this.epoch++;
    const width = this.net.outputSize;
    const per = this.spec.task === "regression" ? this.train.rows * width : this.train.rows;
    const validationConfusion = this.epochConfusion ? new Float64Array(this.epochConfusion.length) : undefined;
    const validation = this.evaluate("validation", validationConfusion);
    if (this.epochConfusion) {
      const [of, counts] = validation && validationConfusion ? (["validation", validationConfusion] as const) : (["training", this.epochConfusion] as const);
      this.lastConfusion = { of, classes: Math.round(Math.sqrt(counts.length)), counts: Array.from(counts) };
    }
    const units = this.activity.endEpoch();
    const { updateRatios, stepCosine } = this.steps.endEpoch();
    this.distributionRecorder.endEpoch();
    const gradients: LayerGradientStats[] = this.weightStats.map((ws, k) => {
      const w = ws.result();
      const b = this.biasStats[k].result();
      return {
        layer: k + 1,
        meanAbs: w.meanAbs,
        maxAbs: w.maxAbs,
        rms: w.rms,
        biasMeanAbs: b.meanAbs,
        biasMaxAbs: b.maxAbs,
        biasRms: b.rms,
        deadShare: units.deadShare[k],
        saturatedShare: units.saturatedShare[k],
        updateRatio: updateRatios[k],
      };
    });
    const metrics: EpochMetrics = {
      epoch: this.epoch,
      loss: this.epochLossSum / this.train.rows,
      accuracy: this.epochCorrect / per,
      valLoss: validation?.loss ?? null,
      valAccuracy: validation?.accuracy ?? null,
      gradients,
      outputSpread: units.outputSpread,
      stepCosine,
      findings: [],
    };
    this.history.push(metrics);
    if (this.history.length >= 2 * RECENT_EPOCHS) this.history.splice(0, this.history.length - RECENT_EPOCHS);
    this.bestValidation = lowestValidation(this.history, this.bestValidation);
    metrics.findings = findings(this.history, {
      ...this.findingContext,
      loss: this.loss,
      learningRate: this.learningRate,
      chanceLoss: this.chanceLoss(),
      initialLoss: this.initialLossValue,
      bestValidation: this.bestValidation,
    });
    if (validation && !Number.isFinite(validation.loss)) return this.fail(t("the validation loss became NaN or infinite"), this.net.layerCount) ?? metrics;
    const stopNow = validation !== null && this.earlyStopping?.endEpoch(this.epoch, validation.loss, this.net);
    if (stopNow || this.epoch >= this.totalEpochs) {
      this.state = "done";
      this.earlyStopping?.finish(this.net); // restoreBest: the best epoch's weights, after this epoch's metrics
    }
    return metrics;
  }

  /** Copies the next `rows` training rows (in this epoch's order) into the network and targets. */
  private loadBatch(rows: number): void {
    const f = this.net.inputSize;
    const width = this.net.outputSize;
    const input = this.net.inputBuffer(rows);
    const x = this.train.x;
    for (let r = 0; r < rows; r++) {
      const src = this.order[this.cursor + r];
      // Numbers are copied inline (a spiral batch is 64 of them); pixels become numbers here.
      if (x instanceof Float64Array) for (let i = 0; i < f; i++) input[r * f + i] = x[src * f + i];
      else copyFeatureRows(this.train, src, 1, input, r * f);
      for (let j = 0; j < width; j++) this.batchTargets[r * width + j] = this.trainTargets[src * width + j];
    }
  }

  /** The loss with the current weights on up to INITIAL_LOSS_ROWS training rows, evenly spread over them. */
  private sampledLoss(): number | null {
    const rows = Math.min(INITIAL_LOSS_ROWS, this.train.rows);
    if (rows === 0) return null;
    const f = this.net.inputSize;
    const width = this.net.outputSize;
    const input = this.net.inputBuffer(rows);
    const targets = new Float64Array(rows * width);
    for (let r = 0; r < rows; r++) {
      const src = Math.floor((r * this.train.rows) / rows);
      copyFeatureRows(this.train, src, 1, input, r * f);
      targets.set(this.trainTargets.subarray(src * width, (src + 1) * width), r * width);
    }
    this.net.forward(rows);
    return this.net.lossSum(this.loss, targets) / rows;
  }

  private chanceLoss(): number | null {
    let value = this.chanceLosses.get(this.loss);
    if (value === undefined) {
      const output = this.spec.activations[this.spec.activations.length - 1];
      value = constantAnswerLoss(this.loss, output, this.trainTargets, this.train.rows, this.net.outputSize);
      this.chanceLosses.set(this.loss, value);
    }
    return value;
  }

  /** Gradient clipping: every weight and bias gradient times `scale`. */
  private scaleGradients(scale: number): void {
    for (const grads of [this.net.gradWeights, this.net.gradBiases]) for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= scale;
  }

  private addRegularizationGradient(): void {
    const reg = this.spec.regularization;
    if (!reg || reg.rate === 0) return;
    for (let k = 0; k < this.net.layerCount; k++) {
      const w = this.net.weights[k];
      const g = this.net.gradWeights[k];
      if (reg.type === "l2") for (let i = 0; i < w.length; i++) g[i] += 2 * reg.rate * w[i];
      else for (let i = 0; i < w.length; i++) g[i] += reg.rate * Math.sign(w[i]);
    }
  }

  /** The spec index of the first layer whose output holds a NaN or infinity in the last forward pass. */
  private firstNonFiniteLayer(rows: number): number {
    for (let k = 0; k < this.net.layerCount; k++) {
      const out = this.net.layerOutput(k);
      const n = rows * this.net.sizes[k + 1];
      for (let i = 0; i < n; i++) if (!Number.isFinite(out[i])) return k + 1;
    }
    return this.net.layerCount;
  }

  private fail(what: string, layer: number): null {
    const epoch = this.epoch + 1;
    const activation = this.spec.activations[layer - 1];
    const lr = this.optimizer.settings.learningRate;
    const where = { epoch, layer: `layers[${layer}]`, units: this.spec.sizes[layer], activation, what };
    // The advice follows the likely cause: the initial weights, an L2 step that overshoots zero,
    // unscaled data, or else a learning rate too large for the loss's curvature.
    const reg = this.spec.regularization;
    let largest = largestFeature(this.train);
    const targets = this.spec.task === "regression" ? this.train.targets : undefined;
    if (targets) for (let i = 0; i < targets.length; i++) largest = Math.max(largest, Math.abs(targets[i]));
    // Before the first update no step can be to blame: the weights the run starts from are.
    const beforeAnyStep = this.epoch === 0 && this.cursor === 0;
    let message: string;
    if (beforeAnyStep && largest <= UNSCALED_DATA) {
      message = t(
        "Training diverged in epoch {epoch}: at {layer} ({units} {activation} units) {what} before any step, so the weights it starts from are too large for this data; start from smaller weights (init: xavier, or a weights file with smaller values).",
        where,
      );
    } else if (reg?.type === "l2" && lr * reg.rate >= UNSTABLE_DECAY) {
      message = t(
        "Training diverged in epoch {epoch}: at {layer} ({units} {activation} units) {what}. Each step scales the weights by 1 − 2 × {rate} × {regularization} from L2 regularization alone, past zero; lower regularization.rate (now {regularization}), e.g. to {lower}.",
        { ...where, rate: formatNumber(lr), regularization: formatNumber(reg.rate), lower: formatNumber(UNSTABLE_DECAY / lr / 100) },
      );
    } else if (largest > UNSCALED_DATA) {
      message = t(
        "Training diverged in epoch {epoch}: at {layer} ({units} {activation} units) {what}. The data reaches {largest} in size, so the first steps are huge; scale each feature (and regression target) to about −1…1, e.g. divide it by its largest size.",
        { ...where, largest: formatNumber(largest) },
      );
    } else {
      message = t(
        "Training diverged in epoch {epoch}: at {layer} ({units} {activation} units) {what}. Lower the learning rate (now {rate}), e.g. to {lower}.",
        {
          ...where,
          rate: formatNumber(lr),
          lower: formatNumber(lr / 10),
        },
      );
    }
    this.failure = { epoch, layer, message };
    this.state = "error";
    return null;
  }

  /**
   * Sets one weight or bias by hand (between steps, while paused); the next step trains from it
   * and evaluateNow() measures it. Throws when `ref` names no parameter or `value` is not finite.
   */
  setParameter(ref: ParameterRef, value: number): void {
    const slot = parameterSlot(this.net, ref);
    if (typeof value !== "number" || !Number.isFinite(value))
      throw new Error(t("a weight or bias must be a finite number, not {value}", { value: String(value) }));
    slot.params[slot.index] = value;
  }

  /**
   * Loss and accuracy on the training and validation data with the current weights, measured now
   * without training (as valLoss is: means over the samples, no regularization), and the
   * confusion matrix of the validation data, or of the training data when there is none.
   */
  evaluateNow(): { train: { loss: number; accuracy: number }; validation: { loss: number; accuracy: number } | null; confusion: ConfusionMatrix | null } {
    const size = this.epochConfusion?.length ?? 0;
    const trainCounts = size ? new Float64Array(size) : undefined;
    const validationCounts = size ? new Float64Array(size) : undefined;
    // The split keeps at least one training row, so only validation can be empty.
    const train = this.evaluate("train", trainCounts) ?? { loss: Number.NaN, accuracy: Number.NaN };
    const validation = this.evaluate("validation", validationCounts);
    const [of, counts] = validation ? (["validation", validationCounts] as const) : (["training", trainCounts] as const);
    const confusion = counts ? { of, classes: Math.round(Math.sqrt(counts.length)), counts: Array.from(counts) } : null;
    return { train, validation, confusion };
  }
}

/** learningRate × L2 rate from which a step's decay 1 − 2·lr·rate reaches zero or below. */
const UNSTABLE_DECAY = 0.5;
/** Inputs or targets beyond this size make default initial weights and learning rates overshoot. */
const UNSCALED_DATA = 100;
