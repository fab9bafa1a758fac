/**
 * What a run's updates carry and when they go: the epochs since the last update, the weights,
 * the pictures (within the update's time budget while training; otherwise drawn over several
 * turns), the distributions and the findings' diagnostics, and what a hand edit changed.
 */
import type { LoadedSpec } from "../core/spec/load";
import type { ConfusionMatrix } from "../core/train/confusion";
import type { DistributionSeries } from "../core/train/distributions";
import { findingDiagnostics } from "../core/train/findingPlaces";
import type { EpochMetrics } from "../core/train/metrics";
import type { Trainer } from "../core/train/trainer";
import type { EvaluationNow } from "../core/train/watchers/handEdits";
import { weightHistograms } from "../core/train/weightHistograms";
import { drawnEdges, drawnUnits, drawnVectors } from "../protocol/diagramUnits";
import type { MetricsUpdate, RunEvent, RunSettings, RunStatus } from "../protocol/run";
import type { WireDiagnostic } from "../protocol/worker";
import type { ImageViews } from "./imageViews";
import { INLINE_MS, multiplyAddsPerRow, PictureBudget, PictureJob, type Pictures, STILL_BUDGET_MS } from "./pictures";
import { predictions } from "./summary";
import { decimate, EpochRate, UpdateClock } from "./throttle";
import { toWire } from "./wire";

/** Longest stretch of work before the session looks at its messages again. */
export const SLICE_MS = 12;
/** Most epochs one update carries. */
const MAX_EPOCHS_PER_UPDATE = 200;
/** Share of the update interval the predictions may take. */
const PREDICTION_SHARE = 0.1;
/** How often, at most, the editor's finding diagnostics are refreshed while the same findings hold. */
const FINDINGS_INTERVAL_MS = 1000;

export class UpdateReporter {
  /** When the next update is due. */
  readonly clock: UpdateClock;
  private readonly rate: EpochRate;
  private readonly budget: PictureBudget;
  private pending: EpochMetrics[] = [];
  /** Set by a hand edit; cleared by the next training step. */
  private edited: MetricsUpdate["edited"] = null;
  private editedConfusion: ConfusionMatrix | null = null;
  /** Pictures being drawn over several turns while training is stopped. */
  private stillPictures: PictureJob | null = null;
  /** The last epoch of the distribution series last sent (the series is sent only when it gains one). */
  private seriesSent = -1;
  /** The finding diagnostics last sent, as JSON, when, and which findings they were. */
  private findingsSent = { json: "[]", at: Number.NEGATIVE_INFINITY, which: "" };

  constructor(
    private readonly trainer: Trainer,
    private readonly loaded: LoadedSpec,
    private readonly imageViews: ImageViews,
    private readonly settings: RunSettings,
    private readonly emit: (event: RunEvent) => void,
    private readonly now: () => number,
    /** Asks for another turn of the worker soon (to draw more of the still pictures). */
    private readonly nextTurn: () => void,
  ) {
    this.clock = new UpdateClock(Math.max(16, settings.updateIntervalMs), now);
    this.rate = new EpochRate(now);
    this.budget = new PictureBudget(multiplyAddsPerRow(trainer.spec.sizes), settings.boundaryResolution, trainer.spec.sizes[0] === 2);
  }

  /** A training step was taken (its epoch's metrics when it completed one): the epochs say the loss again. */
  stepped(metrics: EpochMetrics | null): void {
    this.edited = null;
    this.editedConfusion = null;
    if (!metrics) return;
    this.pending.push(metrics);
    this.rate.epochDone(metrics.epoch);
  }

  /** A hand edit was measured: the next update says the loss, accuracy and confusion now. */
  handEdited(now: EvaluationNow): void {
    this.edited = { loss: now.train.loss, accuracy: now.train.accuracy, valLoss: now.validation?.loss ?? null, valAccuracy: now.validation?.accuracy ?? null };
    this.editedConfusion = now.confusion;
  }

  /** Training resumes: still pictures are no longer wanted and the rate starts again. */
  resumed(): void {
    this.stillPictures = null;
    this.rate.reset();
  }

  /** Whether still pictures are being drawn over several turns. */
  get drawingStill(): boolean {
    return this.stillPictures !== null;
  }

  /**
   * Emits what happened since the last update. While training, the pictures come within the
   * update's time budget; otherwise as many as fit the larger still budget, drawn over several
   * turns when they take longer than a slice (a second update carries them).
   */
  post(status: RunStatus): void {
    const { trainer, budget } = this;
    this.clock.mark();
    const training = status === "training";
    const plan = training ? budget.planWhileTraining(this.settings.updateIntervalMs) : budget.plan(STILL_BUDGET_MS);
    const job = trainer.extent ? new PictureJob(trainer.net, trainer.extent, plan, (k) => drawnUnits(trainer.spec.sizes[k]), budget, this.now) : null;
    // Within the budget while training, or quick enough to wait for: drawn now. Otherwise over several turns.
    const doneNow = !job || training || budget.predictMs(plan) <= INLINE_MS || job.work(this.now() + SLICE_MS);
    if (job && doneNow) job.work(Number.POSITIVE_INFINITY);
    this.emit({ type: "metrics", update: this.update(status, doneNow ? (job?.result() ?? null) : null, plan.note) });
    this.pending = [];
    if (!doneNow && job) {
      this.stillPictures = job;
      this.nextTurn();
    }
  }

  /** Draws a slice's worth of the still pictures; emits them once all are drawn. */
  drawStillPictures(status: RunStatus): void {
    const job = this.stillPictures;
    if (!job) return;
    if (!job.work(this.now() + SLICE_MS)) {
      this.nextTurn();
      return;
    }
    this.stillPictures = null;
    this.emit({ type: "metrics", update: this.update(status, job.result(), null) });
  }

  private update(status: RunStatus, pictures: Pictures | null, pictureNote: string | null): MetricsUpdate {
    const trainer = this.trainer;
    const sizes = trainer.spec.sizes;
    return {
      status,
      epoch: trainer.epoch,
      batch: trainer.batchInEpoch,
      epochs: decimate(this.pending, MAX_EPOCHS_PER_UPDATE),
      epochsPerSecond: status === "training" ? this.rate.perSecond() : null,
      earlyStopping: trainer.earlyStopping?.report() ?? null,
      weights: {
        weights: drawnEdges(sizes, trainer.net.weights),
        gradients: drawnEdges(sizes, trainer.net.gradWeights),
        biases: drawnVectors(sizes, trainer.net.biases),
      },
      boundary: pictures?.boundary ?? null,
      pictureNote,
      weightHistograms: weightHistograms(trainer.net.weights),
      confusion: this.editedConfusion ?? trainer.confusion(),
      neuronMaps: pictures?.neuronMaps ?? null,
      predictions: predictions(trainer, this.budget.rowsWithin(this.settings.updateIntervalMs * PREDICTION_SHARE)),
      edited: this.edited,
      distributions: trainer.distributions(),
      distributionHistory: this.seriesIfNew(),
      unitGradients: drawnVectors(sizes, trainer.unitGradients()),
      findingDiagnostics: this.findingsIfChanged(status),
      ...this.imageViews.forUpdate(trainer, status === "training", this.now()),
    };
  }

  private seriesIfNew(): DistributionSeries | null {
    const series = this.trainer.distributionHistory();
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
  private findingsIfChanged(status: RunStatus): WireDiagnostic[] | null {
    const history = this.trainer.history;
    const last = history[history.length - 1];
    if (!last) return null;
    const list = findingDiagnostics(last.findings, this.loaded.places).map(toWire);
    const json = JSON.stringify(list);
    const which = last.findings.map((f) => `${f.id}@${f.layer}`).join();
    const now = this.now();
    const due = which !== this.findingsSent.which || status !== "training" || now - this.findingsSent.at >= FINDINGS_INTERVAL_MS;
    if (json === this.findingsSent.json || !due) return null;
    this.findingsSent = { json, at: now, which };
    return list;
  }
}
