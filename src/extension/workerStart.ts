/**
 * Starting a worker in Node: a worker thread with a heap limit (a runaway input ends the
 * worker, not the extension host), given the translations as
 * workerData. Free of the `vscode` module, so runs and the checker are tested in plain Node. The
 * browser build (VS Code for the Web) replaces this file with its twin src/web/workerStart.ts
 * (esbuild.mjs), which starts a Web Worker instead.
 */
import { Worker } from "node:worker_threads";
import { LIMITS } from "../core/base/limits";
import type { Port } from "../protocol/messaging";
import type { WorkerData } from "../protocol/worker";
import type { StartWorker } from "./workerHandle";

export const startWorker: StartWorker = (entry, options) => {
  const worker = new Worker(entry.path, {
    resourceLimits: { maxOldGenerationSizeMb: LIMITS.workerHeapMb },
    workerData: { translations: entry.translations } satisfies WorkerData,
  });
  if (options.background) worker.unref();
  return {
    port: worker as unknown as Port,
    onMessage: (listener) => worker.on("message", listener),
    onError: (listener) => worker.on("error", (e) => listener(e.message)),
    onExit: (listener) => worker.on("exit", listener),
    terminate: () => void worker.terminate(),
  };
};
