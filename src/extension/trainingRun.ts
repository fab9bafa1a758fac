/**
 * A run is an object: it owns its worker thread, and dispose() stops it. Free of the `vscode`
 * module so that tests and measurements can drive it from plain Node.
 */
import { Worker } from "node:worker_threads";
import { t } from "../core/base/l10n";
import type { EpochMetrics } from "../core/train/metrics";
import type { WeightsJson } from "../core/weights/weightsFile";
import type { HostToWorker, MetricsUpdate, RunSettings, RunStatus, RunSummary, WorkerData, WorkerEntry, WorkerToHost } from "../protocol";

let nextRunId = 1;

export interface RunSource {
  /** The spec's text the run started from (or adopted: a learning-rate edit applied live). */
  text: string;
  /** The spec's file path (relative data paths resolve against its folder). */
  path: string;
  /** Files the spec names must stay inside this folder (the workspace folder). */
  allowedRoot: string;
}

export interface RunListener {
  /** A message of this run from its worker. */
  message(run: TrainingRun, message: WorkerToHost): void;
  /** The worker died (a crash, out of memory): the run is over, the host lives on. */
  crashed(run: TrainingRun, reason: string): void;
}

export type RunControl = Exclude<HostToWorker, { type: "start" } | { type: "check" } | { type: "getWeights" }>["type"];

const WEIGHTS_TIMEOUT_MS = 5000;

export class TrainingRun {
  readonly runId = nextRunId++;
  status: RunStatus = "paused";
  summary: RunSummary | null = null;
  lastUpdate: MetricsUpdate | null = null;
  /** Why the run failed (divergence, a crash), once it has. */
  failure: string | null = null;
  /** The first problem of an invalid spec, when the run could not start. */
  invalid: { message: string; location: string } | null = null;
  /** Every epoch's metrics this run reported (decimated when training outpaced updates). */
  readonly history: EpochMetrics[] = [];
  private readonly worker: Worker;
  private disposed = false;
  private nextRequest = 1;
  private readonly weightRequests = new Map<number, (w: WeightsJson | Error) => void>();

  constructor(
    worker: WorkerEntry,
    readonly source: RunSource,
    settings: RunSettings,
    autoStart: boolean,
    private readonly listener: RunListener,
  ) {
    // Limits keep a runaway spec from exhausting the extension host's process memory.
    this.worker = new Worker(worker.path, {
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
      workerData: { translations: worker.translations } satisfies WorkerData,
    });
    this.worker.on("message", (m: WorkerToHost) => this.receive(m));
    this.worker.on("error", (e) => this.crash(e.message));
    this.worker.on("exit", (code) => {
      if (!this.disposed && code !== 0) this.crash(`the training worker exited with code ${code}`);
    });
    this.post({ type: "start", runId: this.runId, specText: source.text, specPath: source.path, allowedRoot: source.allowedRoot, settings, autoStart });
  }

  control(type: RunControl, extra: { unit?: "batch" | "epoch"; value?: number } = {}): void {
    if (type === "step") this.post({ type, runId: this.runId, unit: extra.unit ?? "batch" });
    else if (type === "setLearningRate") this.post({ type, runId: this.runId, value: extra.value ?? 0 });
    else this.post({ type, runId: this.runId });
  }

  /** The run's current weights at full precision, from the worker. */
  requestWeights(): Promise<WeightsJson> {
    return new Promise((resolve, reject) => {
      if (this.disposed) {
        reject(new Error(t("the run has ended; train again to export its weights")));
        return;
      }
      const requestId = this.nextRequest++;
      const timer = setTimeout(() => {
        this.weightRequests.delete(requestId);
        reject(new Error(t("the training worker did not answer within {seconds} s", { seconds: WEIGHTS_TIMEOUT_MS / 1000 })));
      }, WEIGHTS_TIMEOUT_MS);
      this.weightRequests.set(requestId, (w) => {
        clearTimeout(timer);
        if (w instanceof Error) reject(w);
        else resolve(w);
      });
      this.post({ type: "getWeights", runId: this.runId, requestId });
    });
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.failRequests("the run was stopped");
    void this.worker.terminate();
  }

  private failRequests(reason: string): void {
    for (const answer of this.weightRequests.values()) answer(new Error(reason));
    this.weightRequests.clear();
  }

  private post(message: HostToWorker): void {
    if (!this.disposed) this.worker.postMessage(message);
  }

  private receive(m: WorkerToHost): void {
    // A message of another run (or of this one after dispose) is stale: drop it.
    if (this.disposed || !("runId" in m) || m.runId !== this.runId) return;
    if (m.type === "weights") {
      this.weightRequests.get(m.requestId)?.(m.weights);
      this.weightRequests.delete(m.requestId);
      return;
    }
    if (m.type === "started") this.summary = m.summary;
    if (m.type === "metrics") {
      this.status = m.update.status;
      this.lastUpdate = m.update;
      this.history.push(...m.update.epochs);
    }
    if (m.type === "invalid") {
      this.status = "invalid";
      const first = m.diagnostics.find((d) => d.severity === "error") ?? m.diagnostics[0];
      this.invalid = {
        message: first?.message ?? t("the spec is not valid"),
        location: first ? placeInSpec(first) : "",
      };
    }
    if (m.type === "failed") {
      this.status = "error";
      this.failure = m.message;
    }
    this.listener.message(this, m);
  }

  private crash(reason: string): void {
    if (this.disposed) return;
    this.status = "error";
    this.failure = t("The training worker stopped unexpectedly ({reason}). Press Train to start again.", { reason });
    this.disposed = true;
    this.failRequests(reason);
    this.listener.crashed(this, reason);
  }
}

/** "line 8, column 33", in the display language: where the banner says a problem is. */
export function placeInSpec(at: { line: number; column: number }): string {
  return t("line {line}, column {column}", { line: at.line, column: at.column });
}
