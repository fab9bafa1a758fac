/**
 * One training run inside the worker: loads the spec, trains in short slices so that pause,
 * step and stop messages are handled between them, and posts batched metrics at most once per
 * update interval. Free of worker_threads so tests can drive it directly.
 */

import type { Diagnostic } from "../core/base/diagnostics";
import type { SpecFiles } from "../core/base/files";
import { loadSpec } from "../core/spec/load";
import type { EpochMetrics } from "../core/train/metrics";
import { Trainer } from "../core/train/trainer";
import { weightHistograms } from "../core/train/weightHistograms";
import { drawnEdges, drawnUnits } from "../diagramUnits";
import type { HostToWorker, MetricsUpdate, RunSettings, RunStatus, RunSummary, WireDiagnostic, WorkerToHost } from "../protocol";
import { decimate, UpdateClock } from "./throttle";

/** Longest stretch of training before the session looks at its messages again. */
const SLICE_MS = 12;
/** Most epochs one update carries. */
const MAX_EPOCHS_PER_UPDATE = 200;
/** Most points a regression predicted-vs-target view gets. */
const MAX_PREDICTIONS = 500;
/** Cells per side of each unit's picture in the diagram: about its size on screen in pixels. */
const NEURON_MAP_RESOLUTION = 20;

export type Post = (message: WorkerToHost) => void;
/** Runs `work` soon, after pending messages (setImmediate in the worker). */
export type Defer = (work: () => void) => void;

/** A diagnostic as it crosses to the host: positions, message and fix; no offsets or paths. */
export function toWire(d: Diagnostic): WireDiagnostic {
  return { severity: d.severity, message: d.message, file: d.file, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, fix: d.fix };
}

export class TrainingSession {
  private trainer: Trainer | null = null;
  private status: RunStatus = "paused";
  private pending: EpochMetrics[] = [];
  private clock: UpdateClock;
  private scheduled = false;

  constructor(
    readonly runId: number,
    private readonly settings: RunSettings,
    private readonly post: Post,
    private readonly defer: Defer,
  ) {
    this.clock = new UpdateClock(Math.max(16, settings.updateIntervalMs));
  }

  /** Loads the spec; posts "invalid" or "started" and a first update. */
  start(specText: string, files: SpecFiles, autoStart: boolean): void {
    const result = loadSpec(specText, files);
    if (!result.loaded) {
      this.status = "invalid";
      this.post({ type: "invalid", runId: this.runId, diagnostics: result.diagnostics.map(toWire) });
      return;
    }
    const trainer = new Trainer(result.loaded);
    this.trainer = trainer;
    this.post({ type: "started", runId: this.runId, summary: summarise(trainer, result.loaded.validation.rows > 0) });
    this.postUpdate();
    if (autoStart) this.resume();
  }

  handle(message: HostToWorker): void {
    const trainer = this.trainer;
    if (!trainer || message.type === "start" || message.type === "check") return;
    switch (message.type) {
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
        if (message.unit === "batch") {
          const m = trainer.stepBatch();
          if (m) this.pending.push(m);
        } else {
          const m = trainer.stepEpoch();
          if (m) this.pending.push(m);
        }
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
        trainer.learningRate = message.value;
        break;
      case "getWeights":
        // All weights at full precision; updates carry only the diagram's edges.
        this.post({ type: "weights", runId: this.runId, requestId: message.requestId, weights: trainer.weights() });
        break;
    }
  }

  private resume(): void {
    const trainer = this.trainer;
    if (!trainer || trainer.finished || this.status === "stopped") return;
    this.status = "training";
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.defer(() => {
      this.scheduled = false;
      this.slice();
    });
  }

  /** Trains for one slice, posts an update when one is due, and schedules the next slice. */
  private slice(): void {
    const trainer = this.trainer;
    if (!trainer || this.status !== "training") return;
    this.pending.push(...trainer.runUntil(performance.now() + SLICE_MS));
    this.afterTraining();
    if (this.status !== "training" || this.clock.due()) this.postUpdate();
    if (this.status === "training") this.schedule();
  }

  /** Moves the status to done or error when the trainer finished. */
  private afterTraining(): void {
    const trainer = this.trainer;
    if (!trainer) return;
    if (trainer.state === "done") this.status = "done";
    if (trainer.state === "error") {
      this.status = "error";
      const f = trainer.failure;
      this.post({ type: "failed", runId: this.runId, message: f?.message ?? "training failed", layer: f?.layer ?? null, epoch: f?.epoch ?? null });
    }
  }

  private postUpdate(): void {
    const trainer = this.trainer;
    if (!trainer) return;
    this.clock.mark();
    const update: MetricsUpdate = {
      status: this.status,
      epoch: trainer.epoch,
      batch: trainer.batchInEpoch,
      epochs: decimate(this.pending, MAX_EPOCHS_PER_UPDATE),
      weights: {
        weights: drawnEdges(trainer.spec.sizes, trainer.net.weights),
        gradients: drawnEdges(trainer.spec.sizes, trainer.net.gradWeights),
      },
      boundary: trainer.boundary(this.settings.boundaryResolution),
      weightHistograms: weightHistograms(trainer.net.weights),
      confusion: trainer.confusion(),
      neuronMaps: trainer.neuronMaps(NEURON_MAP_RESOLUTION, (k) => drawnUnits(trainer.spec.sizes[k])),
      predictions: predictions(trainer),
    };
    this.pending = [];
    this.post({ type: "metrics", runId: this.runId, update });
  }
}

function summarise(trainer: Trainer, hasValidation: boolean): RunSummary {
  const { spec, train, validation } = trainer;
  let points: RunSummary["points"] = null;
  if (spec.sizes[0] === 2 && spec.task === "classification") {
    const sets = hasValidation ? [train, validation] : [train];
    points = { x: [], y: [], label: [], validation: [] };
    for (const d of sets) {
      for (let r = 0; r < d.rows; r++) {
        points.x.push(d.x[2 * r]);
        points.y.push(d.x[2 * r + 1]);
        points.label.push(d.labels?.[r] ?? 0);
        points.validation.push(d === validation);
      }
    }
  }
  return {
    name: spec.name,
    task: spec.task,
    sizes: spec.sizes,
    activations: spec.activations,
    loss: trainer.loss,
    learningRate: trainer.learningRate,
    totalEpochs: trainer.totalEpochs,
    batchesPerEpoch: trainer.batchesPerEpoch,
    classNames: train.classNames ?? [],
    points,
  };
}

/** Regression with one output: the network's predictions against the targets. */
function predictions(trainer: Trainer): MetricsUpdate["predictions"] {
  if (trainer.spec.task !== "regression" || trainer.net.outputSize !== 1) return null;
  const data = trainer.validation.rows > 0 ? trainer.validation : trainer.train;
  const rows = Math.min(MAX_PREDICTIONS, data.rows);
  const f = trainer.net.inputSize;
  trainer.net.inputBuffer(rows).set(data.x.subarray(0, rows * f));
  const out = trainer.net.forward(rows);
  return { predicted: Array.from(out.subarray(0, rows)), target: Array.from((data.targets ?? new Float64Array(0)).subarray(0, rows)) };
}
