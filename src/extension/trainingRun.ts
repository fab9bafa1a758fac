/**
 * A run is an object: it owns its worker (dist/runWorker.js; a Web Worker in a browser, see
 * workerStart.ts), and dispose() stops it.
 * Free of the `vscode` module so that tests and measurements can drive it from plain Node.
 */
import { BoundedHistory } from "../core/base/boundedHistory";
import { t } from "../core/base/l10n";
import type { EpochMetrics } from "../core/train/metrics";
import { DRAWN_EPOCHS } from "../protocol/curve";
import { movableBuffers, RequestChannel } from "../protocol/messaging";
import type { MetricsFile, MetricsUpdate, RunCommand, RunEvent, RunRequests, RunSettings, RunStatus, RunSummary } from "../protocol/run";
import type { SpecFileContents, WireDiagnostic, WorkerEntry } from "../protocol/worker";
import type { WorkerHandle } from "./workerHandle";
import { startWorker } from "./workerStart";

let nextRunId = 1;

/** What a run trains: the spec's text as of one version of its document, and the files it names. */
export interface RunSource {
  text: string;
  /** The document version this text is (a learning-rate edit from the panel is adopted: see SpecTraining). */
  version: number;
  /** The spec's name in messages (its workspace-relative path). */
  specName: string;
  files: SpecFileContents;
}

export interface RunListener {
  /** An event of this run from its worker. */
  event(run: Run, event: RunEvent): void;
  /** The worker died (a crash, out of memory): the run is over, the host lives on. */
  crashed(run: Run, reason: string): void;
}

/** What the host needs of a run; TrainingRun is the real one, tests pass fakes. */
export interface Run {
  readonly runId: number;
  readonly source: RunSource;
  readonly status: RunStatus;
  readonly summary: RunSummary | null;
  readonly lastUpdate: MetricsUpdate | null;
  /** The epochs the panel draws, bounded however long the run. */
  readonly history: BoundedHistory<EpochMetrics>;
  readonly failure: string | null;
  readonly invalid: { message: string; location: string } | null;
  readonly isDisposed: boolean;
  control(command: Exclude<RunCommand, { type: "start" }>): void;
  /** All weights, as the bytes of a weights file (made in the worker). */
  requestWeights(): Promise<{ file: Uint8Array }>;
  /** The kept epochs, as the bytes of a JSON-lines file, with the last epoch and the curve to draw. */
  requestMetrics(): Promise<MetricsFile>;
  /** Any other request of the run protocol (the sample card, the loss along a weight, a hand edit). */
  request<M extends keyof RunRequests & string>(method: M, params: RunRequests[M]["params"]): Promise<RunRequests[M]["result"]>;
  /** The text of a later document version now counts as this run's (an edit the run applied live). */
  adopt(text: string, version: number): void;
  dispose(): void;
}

export type RunFactory = (source: RunSource, settings: RunSettings, autoStart: boolean, listener: RunListener) => Run;

const REQUEST_TIMEOUT_MS = 10_000;
/**
 * The result files take the worker time in proportion to the run: the weights of ten million
 * parameters are some 270 MB of text, seconds to write on a busy machine.
 */
const FILE_REQUEST_TIMEOUT_MS = 120_000;

export class TrainingRun implements Run {
  readonly runId = nextRunId++;
  status: RunStatus = "paused";
  summary: RunSummary | null = null;
  lastUpdate: MetricsUpdate | null = null;
  failure: string | null = null;
  invalid: { message: string; location: string } | null = null;
  readonly history = new BoundedHistory<EpochMetrics>(DRAWN_EPOCHS);
  private readonly worker: WorkerHandle;
  private readonly channel: RequestChannel<RunRequests, RunEvent>;
  private disposed = false;

  constructor(
    entry: WorkerEntry,
    public source: RunSource,
    settings: RunSettings,
    autoStart: boolean,
    private readonly listener: RunListener,
  ) {
    this.worker = startWorker(entry, {});
    const port = this.worker.port;
    this.channel = new RequestChannel<RunRequests, RunEvent>(port, (e) => this.receive(e));
    this.worker.onMessage((m) => this.channel.receive(m));
    this.worker.onError((message) => this.crash(message));
    this.worker.onExit((code) => {
      if (!this.disposed && code !== 0) this.crash(t("the training worker exited with code {code}", { code }));
    });
    // The files' buffers move to the worker rather than being copied on the host's main thread.
    port.postMessage(
      { kind: "event", body: { type: "start", specText: source.text, specName: source.specName, files: source.files, settings, autoStart } },
      movableBuffers(Object.values(source.files)),
    );
  }

  control(command: Exclude<RunCommand, { type: "start" }>): void {
    if (!this.disposed) this.channel.send(command);
  }

  requestWeights(): Promise<{ file: Uint8Array }> {
    return this.ask("weights", null, FILE_REQUEST_TIMEOUT_MS);
  }

  requestMetrics(): Promise<MetricsFile> {
    return this.ask("metrics", null, FILE_REQUEST_TIMEOUT_MS);
  }

  request<M extends keyof RunRequests & string>(method: M, params: RunRequests[M]["params"]): Promise<RunRequests[M]["result"]> {
    return this.ask(method, params, REQUEST_TIMEOUT_MS);
  }

  private ask<M extends keyof RunRequests & string>(method: M, params: RunRequests[M]["params"], timeoutMs: number): Promise<RunRequests[M]["result"]> {
    if (this.disposed) return Promise.reject(new Error(t("the run has ended; train again")));
    return this.channel.request(method, params, { timeoutMs });
  }

  adopt(text: string, version: number): void {
    this.source = { ...this.source, text, version };
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.channel.close(t("the run was stopped"));
    this.worker.terminate();
  }

  private receive(e: RunEvent): void {
    if (this.disposed) return;
    switch (e.type) {
      case "started":
        this.summary = e.summary;
        break;
      case "metrics":
        this.status = e.update.status;
        // Parts sent only when they change stay as last sent, for a panel that reloads.
        this.lastUpdate = {
          ...e.update,
          distributionHistory: e.update.distributionHistory ?? this.lastUpdate?.distributionHistory ?? null,
          findingDiagnostics: e.update.findingDiagnostics ?? this.lastUpdate?.findingDiagnostics ?? null,
        };
        this.history.pushAll(e.update.epochs);
        break;
      case "invalid":
        this.status = "invalid";
        this.invalid = firstProblem(e.diagnostics);
        break;
      case "failed":
        this.status = "error";
        this.failure = e.message;
        break;
    }
    this.listener.event(this, e);
  }

  private crash(reason: string): void {
    if (this.disposed) return;
    this.status = "error";
    this.failure = t("The training worker stopped unexpectedly ({reason}). Press Train to start again.", { reason });
    this.disposed = true;
    this.channel.close(reason);
    this.listener.crashed(this, reason);
  }
}

/** The problem the panel's banner shows: the first error (or warning), and where it is. */
export function firstProblem(diagnostics: readonly WireDiagnostic[]): { message: string; location: string } {
  const first = diagnostics.find((d) => d.severity === "error") ?? diagnostics[0];
  return { message: first?.message ?? t("the spec is not valid"), location: first ? placeInSpec(first) : "" };
}

/** "line 8, column 33", in the display language: where the banner says a problem is. */
export function placeInSpec(at: { line: number; column: number }): string {
  return t("line {line}, column {column}", { line: at.line, column: at.column });
}
