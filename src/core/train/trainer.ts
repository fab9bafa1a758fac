/**
 * Trains a network on a loaded spec, one batch at a time, so that a caller (the worker, the CLI,
 * a test) can run, pause, step a batch or an epoch, stop, and change the loss or the learning
 * rate between steps. Synchronous and free of timers: the caller decides when to step; runUntil
 * reads the clock given at construction. The loop is short (batch, forward, backward, step);
 * what watches it are TrainingWatchers (./watchers), called in the order they are registered.
 */

import { Rng } from "../base/rng";
import type { Dataset } from "../data/dataset";
import { BatchDropout } from "../nn/dropout";
import type { LossName } from "../nn/losses";
import type { Network } from "../nn/network";
import { clipScale, Optimizer } from "../nn/optimizers";
import type { ParameterRef } from "../nn/parameters";
import type { LoadedSpec } from "../spec/load";
import type { ResolvedSpec } from "../spec/types";
import { networkToWeightsJson, type WeightsJson } from "../weights/weightsFile";
import { copyBatch } from "./batches";
import { type BoundaryGrid, boundaryGrid, dataExtent, type Extent } from "./boundary";
import type { ConfusionMatrix } from "./confusion";
import type { DistributionSeries, Distributions } from "./distributions";
import { EVALUATION_CHUNK, type Evaluation, evaluateData } from "./evaluation";
import { addRegularizationGradient, scaleGradients } from "./gradientTerms";
import { type EpochMetrics, emptyEpochMetrics, targetMatrix } from "./metrics";
import { type NeuronMaps, neuronMaps } from "./neuronMaps";
import { batchSizeOf, startingNetwork } from "./startingPoint";
import { RECENT_EPOCHS, type TrainerOptions, type TrainerState } from "./trainerState";
import { DistributionsWatcher } from "./watchers/distributions";
import { DivergenceWatcher, divergenceAdvice, type TrainingFailure } from "./watchers/divergence";
import { EarlyStoppingWatcher } from "./watchers/earlyStopping";
import { EpochMetricsWatcher } from "./watchers/epochMetrics";
import { FindingsWatcher } from "./watchers/findings";
import { GradientStatistics } from "./watchers/gradientStatistics";
import { type EvaluationNow, evaluateNow, setParameterByHand } from "./watchers/handEdits";
import { StepSizes } from "./watchers/stepSizes";
import { UnitActivityWatcher } from "./watchers/unitActivity";
import type { Batch, Divergence, TrainingRun, TrainingWatcher } from "./watchers/watcher";

export { RECENT_EPOCHS, type TrainerOptions, type TrainerState } from "./trainerState";
export type { TrainingFailure } from "./watchers/divergence";

type Hook = keyof TrainingWatcher;

export class Trainer implements TrainingRun {
  readonly spec: ResolvedSpec;
  readonly net: Network;
  readonly trainData: Dataset;
  readonly validation: Dataset;
  readonly optimizer: Optimizer;
  loss: LossName;
  /** Completed epochs. */
  epoch = 0;
  state: TrainerState = "ready";
  failure: TrainingFailure | null = null;
  /** The latest epochs, oldest first: at least the last RECENT_EPOCHS, dropped in chunks (bounded memory; the findings read a few). */
  readonly history: EpochMetrics[] = [];
  readonly trainTargets: Float64Array;
  readonly validationTargets: Float64Array;
  readonly batchSize: number;
  /** The inputs' range (two inputs only), for pictures over the input plane. */
  readonly extent: Extent | null;
  readonly now: () => number;

  private readonly rng: Rng;
  private readonly order: Uint32Array;
  /** The batch the watchers see; its targets are the loop's batch buffer. */
  private readonly batch: Batch;
  /** Set by a watcher that saw training diverge; the loop stops on it. */
  private divergence: Divergence | null = null;
  /** Set by early stopping: the run ends after this epoch. */
  private stopRequested = false;
  private readonly dropout: BatchDropout;
  /** training.earlyStopping's watcher (its report: the best epoch, where it stopped); null without it. */
  readonly earlyStopping: EarlyStoppingWatcher | null;
  /** Position in the current epoch's order; 0 between epochs. */
  private cursor = 0;
  private readonly metrics: EpochMetricsWatcher;
  private readonly gradientStatistics: GradientStatistics;
  private readonly unitActivity: UnitActivityWatcher;
  private readonly distributionsWatcher: DistributionsWatcher;
  private readonly findings: FindingsWatcher;
  private readonly hooks: { [H in Hook]: TrainingWatcher[] } = { beginEpoch: [], afterForward: [], afterBackward: [], afterStep: [], endEpoch: [] };

  constructor(loaded: LoadedSpec, options: TrainerOptions = {}) {
    const { spec } = loaded;
    this.spec = spec;
    this.now = options.now ?? (() => performance.now());
    this.trainData = loaded.train;
    this.validation = loaded.validation;
    this.loss = spec.loss;
    this.rng = new Rng(spec.training.seed);
    this.net = startingNetwork(loaded, this.rng);
    this.optimizer = new Optimizer(spec.optimizer);
    const width = this.net.outputSize;
    this.trainTargets = targetMatrix(this.trainData, width);
    this.validationTargets = targetMatrix(this.validation, width);
    this.batchSize = batchSizeOf(spec, this.trainData.rows);
    this.order = Uint32Array.from({ length: this.trainData.rows }, (_, i) => i);
    const targets = new Float64Array(this.batchSize * width);
    // `output` is the network's output buffer once a batch has gone forward.
    this.batch = { rows: 0, index: 0, output: new Float64Array(0), targets, lossSum: 0, stepSquares: new Float64Array(this.net.layerCount) };
    this.net.ensureCapacity(Math.max(this.batchSize, Math.min(EVALUATION_CHUNK, Math.max(1, this.validation.rows))));
    this.extent = spec.sizes[0] === 2 ? dataExtent(loaded.dataset) : null;
    // The watchers, in the order they see each batch and epoch (one line registers one more).
    this.metrics = this.watch(new EpochMetricsWatcher(this));
    this.watch(new DivergenceWatcher(this));
    this.unitActivity = this.watch(new UnitActivityWatcher(this));
    this.distributionsWatcher = this.watch(new DistributionsWatcher(this));
    this.gradientStatistics = this.watch(new GradientStatistics(this));
    this.watch(new StepSizes(this));
    this.findings = this.watch(new FindingsWatcher(this));
    const stopping = spec.training.earlyStopping;
    this.earlyStopping = stopping ? this.watch(new EarlyStoppingWatcher(this, stopping)) : null;
    this.dropout = new BatchDropout(spec.dropout, spec.sizes, this.batchSize);
  }

  /** Registers a watcher after those already registered; returns it. */
  watch<W extends TrainingWatcher>(watcher: W): W {
    for (const hook of Object.keys(this.hooks) as Hook[]) if (watcher[hook]) this.hooks[hook].push(watcher);
    return watcher;
  }

  get totalEpochs(): number {
    return this.spec.training.epochs;
  }

  get batchesPerEpoch(): number {
    return Math.ceil(this.trainData.rows / this.batchSize);
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

  /** Trains one batch; returns the epoch's metrics when it completed one, else null (nothing once done or failed). */
  stepBatch(): EpochMetrics | null {
    if (this.finished) return null;
    this.state = "training";
    if (this.cursor === 0) this.beginEpoch();
    const { net, batch, hooks } = this;
    batch.rows = Math.min(this.batchSize, this.trainData.rows - this.cursor);
    batch.index = this.cursor / this.batchSize;
    const rows = this.order.subarray(this.cursor, this.cursor + batch.rows);
    copyBatch(this.trainData, net.inputSize, this.trainTargets, net.outputSize, rows, net.inputBuffer(batch.rows), batch.targets);
    // Dropout's masks for this batch, drawn after the epoch's shuffle (dropout.ts says the order).
    batch.output = net.forward(batch.rows, this.dropout.draw(this.rng, batch.rows));
    batch.lossSum = net.lossSum(this.loss, batch.targets);
    for (const w of hooks.afterForward) {
      w.afterForward?.(batch);
      if (this.divergence) return this.fail(this.divergence);
    }
    net.backward(this.loss, batch.targets);
    addRegularizationGradient(net, this.spec.regularization);
    for (const w of hooks.afterBackward) {
      w.afterBackward?.(batch);
      if (this.divergence) return this.fail(this.divergence);
    }
    // Clipping by the global norm summed in the gradient statistics' one pass (the trainer's own watcher).
    const scale = clipScale(this.gradientStatistics.globalNorm, this.optimizer.settings.clipNorm);
    if (scale < 1) scaleGradients(net, scale);
    this.optimizer.beginStep();
    for (let k = 0; k < net.layerCount; k++) {
      batch.stepSquares[k] = this.optimizer.update(net.weights[k], net.gradWeights[k]);
      this.optimizer.update(net.biases[k], net.gradBiases[k]);
    }
    for (const w of hooks.afterStep) w.afterStep?.(batch);
    this.cursor += batch.rows;
    if (this.cursor < this.trainData.rows) return null;
    return this.endEpoch();
  }

  /** Trains the rest of the current epoch (a whole one between epochs). */
  stepEpoch(): EpochMetrics | null {
    while (!this.finished) {
      const metrics = this.stepBatch();
      if (metrics) return metrics;
    }
    return null;
  }

  /** Trains until `deadline` (milliseconds on the trainer's clock, `now`) or the end; returns the epochs completed. */
  runUntil(deadline: number): EpochMetrics[] {
    const done: EpochMetrics[] = [];
    while (!this.finished && this.now() < deadline) {
      const metrics = this.stepBatch();
      if (metrics) done.push(metrics);
    }
    return done;
  }

  /** Loss and accuracy over a whole data set with the current weights; classification counts go into `confusion` when given. */
  evaluate(which: "train" | "validation", confusion?: Float64Array): Evaluation | null {
    const [data, targets] = which === "train" ? [this.trainData, this.trainTargets] : [this.validation, this.validationTargets];
    return evaluateData(this.net, this.spec, this.loss, data, targets, confusion);
  }

  /** The network's outputs over a grid of the 2-D input space; null unless there are two inputs. */
  boundary(resolution = 64): BoundaryGrid | null {
    return this.extent ? boundaryGrid(this.net, this.extent, resolution) : null;
  }

  /** Classification: the last completed epoch's confusion matrix; null before it, for regression or past MAX_CONFUSION_CLASSES. */
  confusion(): ConfusionMatrix | null {
    return this.metrics.confusion();
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
    return this.distributionsWatcher.current(bins);
  }

  /** The nine percentiles of activations, δ and weight gradients per layer over (kept) epochs. */
  distributionHistory(): DistributionSeries {
    return this.distributionsWatcher.history();
  }

  /** Per layer after the input, each unit's mean |δ| (dL/dz) over the last completed epoch's samples. */
  unitGradients(): number[][] {
    return this.unitActivity.unitDeltas();
  }

  /** The loss before any training (on up to 512 training rows, evenly spread); null before training starts. */
  get initialLoss(): number | null {
    return this.findings.initialLoss;
  }

  /** Sets one weight or bias by hand between steps (handEdits.ts); the next step trains from it. */
  setParameter(ref: ParameterRef, value: number): void {
    setParameterByHand(this, ref, value);
  }

  /** Loss, accuracy and confusion matrix with the current weights, measured now without training (handEdits.ts). */
  evaluateNow(): EvaluationNow {
    return evaluateNow(this, this.metrics.confusionSize);
  }

  private beginEpoch(): void {
    if (this.spec.training.shuffle) this.rng.shuffle(this.order);
    for (const w of this.hooks.beginEpoch) w.beginEpoch?.(this.epoch + 1);
  }

  private endEpoch(): EpochMetrics {
    this.cursor = 0;
    this.epoch++;
    const metrics = emptyEpochMetrics(this.epoch, this.net.layerCount);
    this.history.push(metrics);
    if (this.history.length >= 2 * RECENT_EPOCHS) this.history.splice(0, this.history.length - RECENT_EPOCHS);
    for (const w of this.hooks.endEpoch) w.endEpoch?.(metrics, this.history);
    if (this.divergence) this.fail(this.divergence, this.epoch);
    else if (this.stopRequested || this.epoch >= this.totalEpochs) {
      this.state = "done";
      this.earlyStopping?.finish(); // restoreBest: the best epoch's weights, after this epoch's metrics
    }
    return metrics;
  }

  diverge(divergence: Divergence): void {
    this.divergence ??= divergence; // the first one seen is the one reported
  }

  stopAfterEpoch(): void {
    this.stopRequested = true;
  }

  /** Stops training with the advice for `divergence`, seen in epoch `epoch` (by default the one running). */
  private fail(divergence: Divergence, epoch = this.epoch + 1): null {
    // Before the first update no step can be to blame: the weights the run starts from are.
    const beforeAnyStep = this.epoch === 0 && this.cursor === 0;
    this.failure = divergenceAdvice(this, divergence, epoch, beforeAnyStep);
    this.state = "error";
    return null;
  }
}
