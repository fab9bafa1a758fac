/**
 * One training run inside its worker: loads the spec, trains in short slices so that pause, step
 * and stop are handled between them, at the pace the panel asks for, and emits batched metrics
 * at most once per update interval (updates.ts). Free of worker_threads (the clock and the
 * scheduler are passed in, and the one clock reaches the trainer and the pictures) so tests can
 * drive it directly. The panel's questions about the network are answered in requests.ts.
 */

import { version as EXTENSION_VERSION } from "../../package.json";
import { BoundedHistory } from "../core/base/boundedHistory";
import type { SpecFiles } from "../core/base/files";
import { t } from "../core/base/l10n";
import { isAllowedLearningRate } from "../core/base/limits";
import { onnxModel } from "../core/export/onnx";
import type { ParameterRef } from "../core/nn/parameters";
import { type LoadedSpec, loadSpec } from "../core/spec/load";
import type { LossAlongWeight } from "../core/train/lossAlongWeight";
import type { EpochMetrics } from "../core/train/metrics";
import { Trainer } from "../core/train/trainer";
import type { WeightsJson } from "../core/weights/weightsFile";
import type { DrawnImage } from "../protocol/images";
import type { LandscapeAsk, LandscapeView } from "../protocol/landscape";
import type { Pace, RunCommand, RunEvent, RunSettings, RunStatus, SampleCard } from "../protocol/run";
import { ImageViews } from "./imageViews";
import { LandscapeJobs } from "./landscapeJob";
import { Pacer } from "./pace";
import { lossAlong, sampleCard } from "./requests";
import { summarise } from "./summary";
import { SLICE_MS, UpdateReporter } from "./updates";
import { toWire } from "./wire";

/**
 * Epochs kept for Export Metrics: every one up to this many, then every other one of them, and so
 * on (a bounded memory however long the run; `nnspec train --json` prints every epoch of any run).
 */
const EXPORT_HISTORY = 100_000;

export type Emit = (event: RunEvent) => void;
/** Runs `work` after `delayMs` (0: as soon as pending messages are handled: setImmediate). */
export type Defer = (work: () => void, delayMs: number) => void;

/** A started run: what exists once the spec has loaded. */
interface Run {
  trainer: Trainer;
  loaded: LoadedSpec;
  pacer: Pacer;
  updates: UpdateReporter;
  landscapes: LandscapeJobs;
}

export class TrainingSession {
  private run: Run | null = null;
  private status: RunStatus = "paused";
  private scheduled = false;
  private readonly exportHistory = new BoundedHistory<EpochMetrics>(EXPORT_HISTORY);

  constructor(
    private readonly settings: RunSettings,
    private readonly emit: Emit,
    private readonly defer: Defer,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Loads the spec; emits "invalid", or "started" and a first update. */
  start(specText: string, files: SpecFiles, autoStart: boolean): void {
    const result = loadSpec(specText, files);
    if (!result.loaded) {
      this.status = "invalid";
      this.emit({ type: "invalid", diagnostics: result.diagnostics.map(toWire) });
      return;
    }
    const loaded = result.loaded;
    const trainer = new Trainer(loaded, { now: this.now });
    const imageViews = new ImageViews(loaded);
    const updates = new UpdateReporter(trainer, loaded, imageViews, this.settings, this.emit, this.now, () => this.schedule(0));
    const landscapes = new LandscapeJobs(trainer, () => this.status === "training", this.defer);
    trainer.watch({ endEpoch: () => landscapes.record() }); // the weights' path, for the landscape
    this.run = { trainer, loaded, pacer: new Pacer(this.settings.pace, trainer.totalEpochs, this.now), updates, landscapes };
    const summary = summarise(trainer, loaded);
    // Image rows are pictures (the gallery and the card show them): the table's first columns are enough.
    if (imageViews.images) summary.samples = summary.samples.map((row) => ({ ...row, features: row.features.slice(0, 7) }));
    this.emit({ type: "started", summary: { ...summary, images: imageViews.images } });
    this.postUpdate();
    if (autoStart) this.resume();
  }

  handle(command: RunCommand): void {
    const run = this.run;
    if (!run || command.type === "start") return;
    const trainer = run.trainer;
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

  // The panel's requests (runWorker.ts serves them): one line each.

  /** All weights at full precision (hand edits included). */
  weights(): WeightsJson {
    return this.started().trainer.weights();
  }

  /** The network with its current weights as an ONNX model's bytes (Export as ONNX). */
  onnx(): Uint8Array {
    const { trainer } = this.started();
    return onnxModel(trainer.spec, trainer.weights(), EXTENSION_VERSION);
  }

  /** The sample card of `sample` (or of the draw pad's image), the training's gradients kept. */
  card(sample: number, unit: { layer: number; unit: number } | null, parameter: ParameterRef | null, drawn: DrawnImage | null = null): SampleCard {
    const { trainer, loaded } = this.started();
    return sampleCard(trainer, loaded, sample, unit, parameter, drawn);
  }

  lossAlong(parameter: ParameterRef): LossAlongWeight {
    return lossAlong(this.started().trainer, parameter);
  }

  /** The loss landscape around the weights now, or null when cancelled (landscapeJob.ts). */
  landscape(ask: LandscapeAsk): Promise<LandscapeView | null> {
    return this.started().landscapes.ask(ask);
  }

  /**
   * Sets one weight or bias by hand while the run is paused, and emits what it changes at once:
   * the loss and accuracy now, the predictions, the boundary and the diagram.
   */
  setParameter(parameter: ParameterRef, value: number): null {
    const { trainer, updates } = this.started();
    if (this.status === "training") throw new Error(t("pause training first: a weight can be set only while paused"));
    trainer.setParameter(parameter, value);
    updates.handEdited(trainer.evaluateNow());
    this.postUpdate();
    return null;
  }

  /** The epochs kept for Export Metrics, and how many were pushed for each one kept. */
  metricsForExport(): { epochs: EpochMetrics[]; keepsOneIn: number } {
    return { epochs: this.exportHistory.list(), keepsOneIn: this.exportHistory.keepsOneIn };
  }

  private started(): Run {
    if (!this.run) throw new Error(t("the spec is not valid, so there is no network yet"));
    return this.run;
  }

  private setPace(pace: Pace): void {
    const run = this.run;
    if (run) run.pacer.setPace(pace, this.unitsDone(run));
  }

  private resume(): void {
    const run = this.run;
    if (!run || run.trainer.finished || this.status === "stopped") return;
    this.status = "training";
    run.updates.resumed();
    run.pacer.restart(this.unitsDone(run));
    this.schedule(0);
  }

  /** What the pace counts: completed epochs, or batches in slow motion. */
  private unitsDone({ trainer, pacer }: Run): number {
    return pacer.unit === "batch" ? trainer.epoch * trainer.batchesPerEpoch + trainer.batchInEpoch : trainer.epoch;
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
    else this.run?.updates.drawStillPictures(this.status);
  }

  /** Trains for one slice (as the pace allows), emits an update when one is due, and schedules the next turn. */
  private trainSlice(): void {
    const run = this.run;
    if (!run) return;
    const { trainer, pacer, updates } = run;
    const deadline = this.now() + SLICE_MS;
    let wait = 0;
    while (!trainer.finished && this.now() < deadline) {
      // A paced unit starts only when the clock allows; epochs are paced at their start.
      if (pacer.unit === "batch" || trainer.batchInEpoch === 0) {
        wait = pacer.waitMs(this.unitsDone(run));
        if (wait > 0) break;
      }
      this.record(trainer.stepBatch());
      if (pacer.unit === "batch") break; // one batch per turn in slow motion, then post it
    }
    this.afterTraining();
    if (this.status !== "training" || updates.clock.due() || pacer.unit === "batch") this.postUpdate();
    if (this.status === "training") this.schedule(Math.min(wait, updates.clock.msUntilDue()));
  }

  private record(metrics: EpochMetrics | null): void {
    this.run?.updates.stepped(metrics);
    if (metrics) this.exportHistory.push(metrics);
  }

  /** Moves the status to done or error when the trainer finished. */
  private afterTraining(): void {
    const trainer = this.run?.trainer;
    if (!trainer) return;
    if (trainer.state === "done") this.status = "done";
    if (trainer.state === "error") {
      this.status = "error";
      const f = trainer.failure;
      this.emit({ type: "failed", message: f?.message ?? t("training failed"), layer: f?.layer ?? null, epoch: f?.epoch ?? null });
    }
  }

  private postUpdate(): void {
    this.run?.updates.post(this.status);
  }
}
