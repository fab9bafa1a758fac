/**
 * One training run inside its worker: loads the spec, trains in short slices so that pause, step
 * and stop are handled between them, at the pace the panel asks for, and emits batched metrics
 * at most once per update interval. Free of worker_threads (the clock and the scheduler are
 * passed in) so tests can drive it directly.
 */

import { version as EXTENSION_VERSION } from "../../package.json";
import { BoundedHistory } from "../core/base/boundedHistory";
import type { SpecFiles } from "../core/base/files";
import { t } from "../core/base/l10n";
import { isAllowedLearningRate } from "../core/base/limits";
import { onnxModel } from "../core/export/onnx";
import type { ParameterRef } from "../core/nn/parameters";
import { type LoadedSpec, loadSpec } from "../core/spec/load";
import type { ConfusionMatrix } from "../core/train/confusion";
import type { DistributionSeries } from "../core/train/distributions";
import { findingDiagnostics } from "../core/train/findingPlaces";
import { type LossAlongWeight, lossAlongWeight } from "../core/train/lossAlongWeight";
import type { EpochMetrics } from "../core/train/metrics";
import { parameterStep, traceSample, unitSum } from "../core/train/sampleTrace";
import { Trainer } from "../core/train/trainer";
import { weightHistograms } from "../core/train/weightHistograms";
import type { WeightsJson } from "../core/weights/weightsFile";
import { drawnEdges, drawnUnits, drawnVectors } from "../protocol/diagramUnits";
import type { DrawnImage } from "../protocol/images";
import type { LandscapeAsk, LandscapeView } from "../protocol/landscape";
import type { MetricsUpdate, Pace, RunCommand, RunEvent, RunSettings, RunStatus, SampleCard } from "../protocol/run";
import type { WireDiagnostic } from "../protocol/worker";
import { onlyDrawnGradients, sampleLosses } from "./cardParts";
import { drawnDataset, ImageViews } from "./imageViews";
import { LandscapeJobs } from "./landscapeJob";
import { Pacer } from "./pace";
import { INLINE_MS, multiplyAddsPerRow, PictureBudget, PictureJob, type Pictures, STILL_BUDGET_MS } from "./pictures";
import { MAX_PREDICTIONS, predictions, summarise } from "./summary";
import { decimate, EpochRate, UpdateClock } from "./throttle";
import { toWire } from "./wire";

/** Longest stretch of work before the session looks at its messages again. */
const SLICE_MS = 12;
/** Most epochs one update carries. */
const MAX_EPOCHS_PER_UPDATE = 200;
/** Share of the update interval the predictions may take. */
const PREDICTION_SHARE = 0.1;
/**
 * Epochs kept for Export Metrics: every one up to this many, then every other one of them, and so
 * on (a bounded memory however long the run; `nnspec train --json` prints every epoch of any run).
 */
const EXPORT_HISTORY = 100_000;
/** How often, at most, the editor's finding diagnostics are refreshed while the same findings hold. */
const FINDINGS_INTERVAL_MS = 1000;

export type Emit = (event: RunEvent) => void;
/** Runs `work` after `delayMs` (0: as soon as pending messages are handled: setImmediate). */
export type Defer = (work: () => void, delayMs: number) => void;

export class TrainingSession {
  private trainer: Trainer | null = null;
  private loaded: LoadedSpec | null = null;
  private imageViews: ImageViews | null = null;
  private landscapes: LandscapeJobs | null = null;
  /** Set by a hand edit; cleared by the next training step. */
  private edited: MetricsUpdate["edited"] = null;
  private editedConfusion: ConfusionMatrix | null = null;
  private status: RunStatus = "paused";
  private pending: EpochMetrics[] = [];
  private readonly clock: UpdateClock;
  private scheduled = false;
  private pacer: Pacer | null = null;
  private readonly rate: EpochRate;
  private pictureBudget: PictureBudget | null = null;
  /** Pictures being drawn over several turns while training is stopped. */
  private stillPictures: PictureJob | null = null;
  private readonly exportHistory = new BoundedHistory<EpochMetrics>(EXPORT_HISTORY);
  /** The last epoch of the distribution series last sent (the series is sent only when it gains one). */
  private seriesSent = -1;
  /** The finding diagnostics last sent, as JSON, when, and which findings they were. */
  private findingsSent = { json: "[]", at: Number.NEGATIVE_INFINITY, which: "" };

  constructor(
    private readonly settings: RunSettings,
    private readonly emit: Emit,
    private readonly defer: Defer,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.clock = new UpdateClock(Math.max(16, settings.updateIntervalMs), now);
    this.rate = new EpochRate(now);
  }

  /** Loads the spec; emits "invalid", or "started" and a first update. */
  start(specText: string, files: SpecFiles, autoStart: boolean): void {
    const result = loadSpec(specText, files);
    if (!result.loaded) {
      this.status = "invalid";
      this.emit({ type: "invalid", diagnostics: result.diagnostics.map(toWire) });
      return;
    }
    const trainer = new Trainer(result.loaded);
    this.trainer = trainer;
    this.loaded = result.loaded;
    this.pacer = new Pacer(this.settings.pace, trainer.totalEpochs, this.now);
    this.pictureBudget = new PictureBudget(multiplyAddsPerRow(trainer.spec.sizes), this.settings.boundaryResolution, trainer.spec.sizes[0] === 2);
    this.imageViews = new ImageViews(result.loaded);
    const landscapes = new LandscapeJobs(trainer, () => this.status === "training", this.defer);
    trainer.onEpochEnd = () => landscapes.record();
    this.landscapes = landscapes;
    const summary = summarise(trainer, result.loaded);
    // Image rows are pictures (the gallery and the card show them): the table's first columns are enough.
    if (this.imageViews.images) summary.samples = summary.samples.map((row) => ({ ...row, features: row.features.slice(0, 7) }));
    this.emit({ type: "started", summary: { ...summary, images: this.imageViews.images } });
    this.postUpdate();
    if (autoStart) this.resume();
  }

  handle(command: RunCommand): void {
    const trainer = this.trainer;
    if (!trainer || command.type === "start") return;
    switch (command.type) {
      case "resume":
        this.resume();
        break;
      case "pause":
        if (this.status === "training") {
          this.status = "paused";
          this.postUpdate();
        }
        break;
      case "step":
        if (trainer.finished || this.status === "stopped") return;
        this.status = "paused";
        this.record(command.unit === "batch" ? trainer.stepBatch() : trainer.stepEpoch());
        this.afterTraining();
        this.postUpdate();
        break;
      case "stop":
        if (!trainer.finished) {
          this.status = "stopped";
          this.postUpdate();
        }
        break;
      case "setLearningRate":
        // The host validates too; a bad value must never reach the trainer's setter, which throws.
        if (isAllowedLearningRate(command.value)) trainer.learningRate = command.value;
        break;
      case "setPace":
        this.setPace(command.pace);
        break;
    }
  }

  /** All weights at full precision (hand edits included). */
  weights(): WeightsJson {
    return this.started().weights();
  }

  /** The network with its current weights as an ONNX model's bytes (Export as ONNX). */
  onnx(): Uint8Array {
    const trainer = this.started();
    return onnxModel(trainer.spec, trainer.weights(), EXTENSION_VERSION);
  }

  /**
   * One sample forward and back with the current weights (the network's gradients are left as
   * training made them); with `drawn`, the draw pad's image instead (its trace's sample is −1).
   */
  card(sample: number, unit: { layer: number; unit: number } | null, parameter: ParameterRef | null, drawn: DrawnImage | null = null): SampleCard {
    const trainer = this.started();
    const loaded = this.loaded as LoadedSpec;
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

  /** The loss landscape around the weights now, or null when cancelled (landscapeJob.ts). */
  landscape(ask: LandscapeAsk): Promise<LandscapeView | null> {
    this.started();
    return (this.landscapes as LandscapeJobs).ask(ask);
  }

  lossAlong(parameter: ParameterRef): LossAlongWeight {
    const trainer = this.started();
    return keepingGradients(trainer, () => lossAlongWeight(trainer, parameter));
  }

  /**
   * Sets one weight or bias by hand while the run is paused, and emits what it changes at once:
   * the loss and accuracy now, the predictions, the boundary and the diagram.
   */
  setParameter(parameter: ParameterRef, value: number): null {
    const trainer = this.started();
    if (this.status === "training") throw new Error(t("pause training first: a weight can be set only while paused"));
    trainer.setParameter(parameter, value);
    const now = trainer.evaluateNow();
    this.edited = { loss: now.train.loss, accuracy: now.train.accuracy, valLoss: now.validation?.loss ?? null, valAccuracy: now.validation?.accuracy ?? null };
    this.editedConfusion = now.confusion;
    this.postUpdate();
    return null;
  }

  private started(): Trainer {
    if (!this.trainer) throw new Error(t("the spec is not valid, so there is no network yet"));
    return this.trainer;
  }

  /** The epochs kept for Export Metrics, and how many were pushed for each one kept. */
  metricsForExport(): { epochs: EpochMetrics[]; keepsOneIn: number } {
    return { epochs: this.exportHistory.list(), keepsOneIn: this.exportHistory.keepsOneIn };
  }

  private setPace(pace: Pace): void {
    const trainer = this.trainer;
    if (!trainer || !this.pacer) return;
    this.pacer.setPace(pace, this.unitsDone(trainer));
  }

  private resume(): void {
    const trainer = this.trainer;
    if (!trainer || trainer.finished || this.status === "stopped") return;
    this.status = "training";
    this.stillPictures = null;
    this.pacer?.restart(this.unitsDone(trainer));
    this.rate.reset();
    this.schedule(0);
  }

  /** What the pace counts: completed epochs, or batches in slow motion. */
  private unitsDone(trainer: Trainer): number {
    return this.pacer?.unit === "batch" ? trainer.epoch * trainer.batchesPerEpoch + trainer.batchInEpoch : trainer.epoch;
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.defer(() => {
      this.scheduled = false;
      this.turn();
    }, delayMs);
  }

  /** One turn of the worker: a slice of training, or of drawing still pictures. */
  private turn(): void {
    if (this.status === "training") this.trainSlice();
    else if (this.stillPictures) this.drawStillPictures();
  }

  /** Trains for one slice (as the pace allows), emits an update when one is due, and schedules the next turn. */
  private trainSlice(): void {
    const trainer = this.trainer;
    const pacer = this.pacer;
    if (!trainer || !pacer) return;
    const deadline = this.now() + SLICE_MS;
    let wait = 0;
    while (!trainer.finished && this.now() < deadline) {
      // A paced unit starts only when the clock allows; epochs are paced at their start.
      if (pacer.unit === "batch" || trainer.batchInEpoch === 0) {
        wait = pacer.waitMs(this.unitsDone(trainer));
        if (wait > 0) break;
      }
      this.record(trainer.stepBatch());
      if (pacer.unit === "batch") break; // one batch per turn in slow motion, then post it
    }
    this.afterTraining();
    if (this.status !== "training" || this.clock.due() || pacer.unit === "batch") this.postUpdate();
    if (this.status === "training") this.schedule(Math.min(wait, this.clock.msUntilDue()));
  }

  private record(metrics: EpochMetrics | null): void {
    // Training moved on from a hand edit: the epochs say the loss again.
    this.edited = null;
    this.editedConfusion = null;
    if (!metrics) return;
    this.pending.push(metrics);
    this.exportHistory.push(metrics);
    this.rate.epochDone(metrics.epoch);
  }

  /** Moves the status to done or error when the trainer finished. */
  private afterTraining(): void {
    const trainer = this.trainer;
    if (!trainer) return;
    if (trainer.state === "done") this.status = "done";
    if (trainer.state === "error") {
      this.status = "error";
      const f = trainer.failure;
      this.emit({ type: "failed", message: f?.message ?? t("training failed"), layer: f?.layer ?? null, epoch: f?.epoch ?? null });
    }
  }

  /**
   * Emits what happened since the last update. While training, the pictures come within the
   * update's time budget; otherwise as many as fit the larger still budget, drawn over several
   * turns when they take longer than a slice (a second update carries them).
   */
  private postUpdate(): void {
    const trainer = this.trainer;
    const budget = this.pictureBudget;
    if (!trainer || !budget) return;
    this.clock.mark();
    const training = this.status === "training";
    const plan = training ? budget.planWhileTraining(this.settings.updateIntervalMs) : budget.plan(STILL_BUDGET_MS);
    const job = trainer.extent ? new PictureJob(trainer.net, trainer.extent, plan, (k) => drawnUnits(trainer.spec.sizes[k]), budget) : null;
    // Within the budget while training, or quick enough to wait for: drawn now. Otherwise over several turns.
    const doneNow = !job || training || budget.predictMs(plan) <= INLINE_MS || job.work(this.now() + SLICE_MS);
    if (job && doneNow) job.work(Number.POSITIVE_INFINITY);
    this.emit({ type: "metrics", update: this.update(trainer, doneNow ? (job?.result() ?? null) : null, plan.note) });
    this.pending = [];
    if (!doneNow && job) {
      this.stillPictures = job;
      this.schedule(0);
    }
  }

  private drawStillPictures(): void {
    const job = this.stillPictures;
    const trainer = this.trainer;
    if (!job || !trainer) return;
    if (!job.work(this.now() + SLICE_MS)) {
      this.schedule(0);
      return;
    }
    this.stillPictures = null;
    this.emit({ type: "metrics", update: this.update(trainer, job.result(), null) });
  }

  private update(trainer: Trainer, pictures: Pictures | null, pictureNote: string | null): MetricsUpdate {
    return {
      status: this.status,
      epoch: trainer.epoch,
      batch: trainer.batchInEpoch,
      epochs: decimate(this.pending, MAX_EPOCHS_PER_UPDATE),
      epochsPerSecond: this.status === "training" ? this.rate.perSecond() : null,
      weights: {
        weights: drawnEdges(trainer.spec.sizes, trainer.net.weights),
        gradients: drawnEdges(trainer.spec.sizes, trainer.net.gradWeights),
        biases: drawnVectors(trainer.spec.sizes, trainer.net.biases),
      },
      boundary: pictures?.boundary ?? null,
      pictureNote,
      weightHistograms: weightHistograms(trainer.net.weights),
      confusion: this.editedConfusion ?? trainer.confusion(),
      neuronMaps: pictures?.neuronMaps ?? null,
      predictions: predictions(trainer, this.pictureBudget?.rowsWithin(this.settings.updateIntervalMs * PREDICTION_SHARE) ?? MAX_PREDICTIONS),
      edited: this.edited,
      distributions: trainer.distributions(),
      distributionHistory: this.seriesIfNew(trainer),
      unitGradients: drawnVectors(trainer.spec.sizes, trainer.unitGradients()),
      findingDiagnostics: this.findingsIfChanged(trainer),
      ...(this.imageViews?.forUpdate(trainer, this.status === "training", this.now()) ?? {}),
    };
  }

  private seriesIfNew(trainer: Trainer): DistributionSeries | null {
    const series = trainer.distributionHistory();
    const last = series.epochs[series.epochs.length - 1] ?? 0;
    if (last === this.seriesSent) return null;
    this.seriesSent = last;
    return series;
  }

  /**
   * The last epoch's findings as diagnostics for the editor, when they changed: at once when a
   * finding comes or goes, otherwise (their numbers move every epoch) at most once a second
   * while training, so the Problems panel is not rewritten ten times a second.
   */
  private findingsIfChanged(trainer: Trainer): WireDiagnostic[] | null {
    const loaded = this.loaded;
    const last = trainer.history[trainer.history.length - 1];
    if (!loaded || !last) return null;
    const list = findingDiagnostics(last.findings, loaded.places).map(toWire);
    const json = JSON.stringify(list);
    const which = last.findings.map((f) => `${f.id}@${f.layer}`).join();
    const now = this.now();
    const due = which !== this.findingsSent.which || this.status !== "training" || now - this.findingsSent.at >= FINDINGS_INTERVAL_MS;
    if (json === this.findingsSent.json || !due) return null;
    this.findingsSent = { json, at: now, which };
    return list;
  }
}

/** Runs `work` (which uses the network's gradients as scratch space) and puts the training's gradients back. */
function keepingGradients<T>(trainer: Trainer, work: () => T): T {
  const saved = [...trainer.net.gradWeights, ...trainer.net.gradBiases].map((g) => g.slice());
  try {
    return work();
  } finally {
    [...trainer.net.gradWeights, ...trainer.net.gradBiases].forEach((g, i) => {
      g.set(saved[i]);
    });
  }
}
