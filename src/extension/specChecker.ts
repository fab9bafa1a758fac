/**
 * Checks specs off the main thread, for the Problems panel: a long-lived worker
 * (dist/checkerWorker.js, or a Web Worker in a browser: workerStart.ts) answers one check at a time. Requests wait in a queue that keeps only
 * the newest request per file (fast typing, or a folder of specs, asks many times; only the
 * latest text matters), and each check is timed from when the worker is given it, not from when
 * it was asked. A check that takes too long is abandoned and its worker replaced; the other files'
 * checks go on in the new worker. Free of the `vscode` module.
 */
import { t } from "../core/base/l10n";
import type { CheckerRequests } from "../protocol/checker";
import { type Envelope, movableBuffers, type Port, RequestChannel } from "../protocol/messaging";
import type { SpecFileContents, WireDiagnostic, WorkerEntry, WorkerMemory } from "../protocol/worker";
import { startWorker } from "./workerStart";

const TIMEOUT_MS = 10_000;

export interface CheckRequest {
  specText: string;
  files: SpecFileContents;
}

/** Null when a newer request for the same file replaced this one before it was checked. */
export type CheckResult = WireDiagnostic[] | null;

interface Queued {
  key: string;
  method: keyof CheckerRequests;
  request: CheckRequest & { source?: string };
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export type CheckerWorkerFactory = () => {
  port: Port;
  onMessage(listener: (m: Envelope) => void): void;
  onExit(listener: (reason: string) => void): void;
  terminate(): void;
};

export class SpecChecker {
  private readonly queue = new Map<string, Queued>();
  private inFlight: Queued | null = null;
  private worker: ReturnType<CheckerWorkerFactory> | null = null;
  private channel: RequestChannel<CheckerRequests, never> | null = null;
  private disposed = false;

  constructor(
    private readonly createWorker: CheckerWorkerFactory,
    private readonly timeoutMs = TIMEOUT_MS,
  ) {}

  /** A checker whose worker is dist/checkerWorker.js. */
  static forWorker(entry: WorkerEntry, timeoutMs = TIMEOUT_MS): SpecChecker {
    return new SpecChecker(() => {
      const worker = startWorker(entry, { background: true });
      return {
        port: worker.port,
        onMessage: (listener) => worker.onMessage(listener),
        onExit: (listener) => {
          worker.onError((reason) => listener(t("the spec checker failed: {reason}", { reason })));
          worker.onExit((code) => listener(t("the spec checker exited with code {code}", { code })));
        },
        terminate: () => worker.terminate(),
      };
    }, timeoutMs);
  }

  /**
   * Checks a spec's text; `key` names the file (its URI). A request for a file already waiting
   * replaces it, and the replaced one resolves to null.
   */
  check(key: string, request: CheckRequest): Promise<CheckResult> {
    return this.enqueue("check", key, request) as Promise<CheckResult>;
  }

  /** The losses that suit a spec's output, and the one it uses (null when the spec has errors or the request was replaced). */
  losses(key: string, request: CheckRequest): Promise<CheckerRequests["losses"]["result"]> {
    return this.enqueue("losses", key, request) as Promise<CheckerRequests["losses"]["result"]>;
  }

  /** The checker worker's memory (for the stress test and the log). */
  memory(): Promise<WorkerMemory> {
    return this.enqueue("memory", "", { specText: "", files: {} }) as Promise<WorkerMemory>;
  }

  /** The spec as a PyTorch script and its data file; null when the spec has errors (or the request was replaced). */
  exportPyTorch(key: string, request: CheckRequest & { source: string }): Promise<CheckerRequests["exportPyTorch"]["result"]> {
    return this.enqueue("exportPyTorch", key, request) as Promise<CheckerRequests["exportPyTorch"]["result"]>;
  }

  private enqueue(method: keyof CheckerRequests, file: string, request: CheckRequest & { source?: string }): Promise<unknown> {
    if (this.disposed) return Promise.reject(new Error(t("the spec checker has stopped")));
    const key = `${method} ${file}`;
    return new Promise((resolve, reject) => {
      this.queue.get(key)?.resolve(null);
      this.queue.delete(key); // re-inserted last: the queue keeps its order of arrival
      this.queue.set(key, { key, method, request, resolve, reject });
      this.next();
    });
  }

  /** Checks waiting, the one being checked included. */
  get waiting(): number {
    return this.queue.size + (this.inFlight ? 1 : 0);
  }

  dispose(): void {
    this.disposed = true;
    for (const q of this.queue.values()) q.reject(new Error(t("the spec checker has stopped")));
    this.queue.clear();
    this.inFlight?.reject(new Error(t("the spec checker has stopped")));
    this.inFlight = null;
    this.stopWorker(t("the spec checker has stopped"));
  }

  private next(): void {
    if (this.inFlight || this.disposed) return;
    const first = this.queue.values().next();
    if (first.done) return;
    const item = first.value;
    this.queue.delete(item.key);
    this.inFlight = item;
    const channel = this.ensureChannel();
    // The files' bytes move to the worker rather than being copied on the host's main thread.
    const transfer = movableBuffers(Object.values(item.request.files));
    channel
      .request(item.method, item.request as CheckerRequests["exportPyTorch"]["params"], { timeoutMs: this.timeoutMs, transfer })
      .then(
        (result) => item.resolve(result),
        (error: Error) => {
          item.reject(error);
          // A check that never answered leaves its worker busy: replace it for the others.
          if (this.channel === channel) this.stopWorker(error.message);
        },
      )
      .finally(() => {
        if (this.inFlight === item) this.inFlight = null;
        this.next();
      });
  }

  private ensureChannel(): RequestChannel<CheckerRequests, never> {
    if (this.channel) return this.channel;
    const worker = this.createWorker();
    const channel = new RequestChannel<CheckerRequests, never>(worker.port, () => undefined);
    worker.onMessage((m) => channel.receive(m));
    worker.onExit((reason) => {
      if (this.channel === channel) this.stopWorker(reason);
    });
    this.worker = worker;
    this.channel = channel;
    return channel;
  }

  private stopWorker(reason: string): void {
    const channel = this.channel;
    const worker = this.worker;
    this.channel = null;
    this.worker = null;
    channel?.close(reason);
    worker?.terminate();
  }
}
