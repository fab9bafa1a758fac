/**
 * The training worker (worker_threads): all training and spec checking happens here, never on
 * the extension host's main thread. One worker serves one run; the host terminates it to stop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { useTranslations } from "../core/base/l10n";
import { loadSpec } from "../core/spec/load";
import { nodeFiles } from "../node/nodeFiles";
import type { HostToWorker, WorkerData, WorkerToHost } from "../protocol";
import { TrainingSession, toWire } from "./session";

const port = parentPort;
if (!port) throw new Error("worker/index.ts runs as a worker thread");

// Diagnostics, gradient findings and failures are written here: in the editor's language.
useTranslations((workerData as WorkerData | null)?.translations);

const post = (message: WorkerToHost) => port.postMessage(message);
let session: TrainingSession | null = null;

port.on("message", (message: HostToWorker) => {
  if (message.type === "check") {
    const result = loadSpec(message.specText, nodeFiles(message.specPath, message.allowedRoot));
    post({ type: "checked", requestId: message.requestId, diagnostics: result.diagnostics.map(toWire) });
    return;
  }
  if (message.type === "start") {
    session = new TrainingSession(message.runId, message.settings, post, (work) => setImmediate(work));
    session.start(message.specText, nodeFiles(message.specPath, message.allowedRoot), message.autoStart);
    return;
  }
  if (session && message.runId === session.runId) session.handle(message);
});
