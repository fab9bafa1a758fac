/**
 * A worker as the extension host sees it, whether a Node worker thread or a browser's Web Worker
 * (workerStart.ts and its browser twin make them): a port to post on, its messages, how it
 * failed, and a way to end it. TrainingRun and SpecChecker know nothing else of workers.
 */
import type { Envelope, Port } from "../protocol/messaging";
import type { WorkerEntry } from "../protocol/worker";

export interface WorkerHandle {
  port: Port;
  onMessage(listener: (message: Envelope) => void): void;
  /** An error thrown inside the worker (a crash, out of memory), as its message. */
  onError(listener: (message: string) => void): void;
  /** The worker ended with this exit code (a Web Worker has none: it never ends by itself). */
  onExit(listener: (code: number) => void): void;
  terminate(): void;
}

export interface WorkerOptions {
  /** The worker does not keep the process alive (Node; the spec checker idles for hours). */
  background?: boolean;
}

export type StartWorker = (entry: WorkerEntry, options: WorkerOptions) => WorkerHandle;
