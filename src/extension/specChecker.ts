/**
 * Checks specs off the main thread: a long-lived worker answers "check" requests (parsing,
 * validation and reading a CSV can take long on big files). Every request has a timeout;
 * a worker that dies is replaced on the next request.
 */
import { Worker } from "node:worker_threads";
import type { WireDiagnostic, WorkerData, WorkerEntry, WorkerToHost } from "../protocol";
import type { RunSource } from "./trainingRun";

const TIMEOUT_MS = 10_000;

export class SpecChecker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (d: WireDiagnostic[]) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  constructor(private readonly entry: WorkerEntry) {}

  check(source: RunSource): Promise<WireDiagnostic[]> {
    const worker = this.ensureWorker();
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        reject(new Error(`checking ${source.path} took longer than ${TIMEOUT_MS / 1000} s`));
        // A stuck worker is replaced rather than waited for.
        this.restart();
      }, TIMEOUT_MS);
      this.waiting.set(requestId, { resolve, reject, timer });
      worker.postMessage({ type: "check", requestId, specText: source.text, specPath: source.path, allowedRoot: source.allowedRoot });
    });
  }

  dispose(): void {
    this.restart();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.entry.path, { workerData: { translations: this.entry.translations } satisfies WorkerData });
    worker.on("message", (m: WorkerToHost) => {
      if (m.type !== "checked") return;
      const entry = this.waiting.get(m.requestId);
      if (!entry) return;
      clearTimeout(entry.timer);
      this.waiting.delete(m.requestId);
      entry.resolve(m.diagnostics);
    });
    const fail = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const [id, entry] of this.waiting) {
        clearTimeout(entry.timer);
        entry.reject(new Error(reason));
        this.waiting.delete(id);
      }
    };
    worker.on("error", (e) => fail(`the spec checker failed: ${e.message}`));
    worker.on("exit", (code) => fail(`the spec checker exited with code ${code}`));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private restart(): void {
    const worker = this.worker;
    this.worker = null;
    for (const [id, entry] of this.waiting) {
      clearTimeout(entry.timer);
      entry.reject(new Error("the spec checker was restarted"));
      this.waiting.delete(id);
    }
    void worker?.terminate();
  }
}
