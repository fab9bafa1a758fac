/**
 * A training run's worker thread (dist/runWorker.js): all training happens here, never on the
 * extension host's main thread. Each run has a worker of its own; the host terminates it to stop.
 * It never touches the file system: the host hands it the contents of the files a spec names.
 */
import { parentPort, workerData } from "node:worker_threads";
import { memoryFiles } from "../core/base/files";
import { useTranslations } from "../core/base/l10n";
import { type Envelope, type Port, sendEvent, serveRequests } from "../protocol/messaging";
import type { RunCommand, RunEvent, RunRequests } from "../protocol/run";
import type { WorkerData } from "../protocol/worker";
import { workerMemory } from "./memory";
import { metricsFile, weightsFile } from "./resultFiles";
import { TrainingSession } from "./session";

const parent = parentPort;
if (!parent) throw new Error("runWorker.ts runs as a worker thread");
const port = parent as unknown as Port;

// Diagnostics, findings and failures are written here: in the editor's language.
useTranslations((workerData as WorkerData | null)?.translations);

let session: TrainingSession | null = null;
const emit = (event: RunEvent) => sendEvent(port, event);
const defer = (work: () => void, delayMs: number) => (delayMs > 0 ? setTimeout(work, delayMs) : setImmediate(work));

const current = () => {
  if (!session) throw new Error("the run has not started");
  return session;
};

const receive = serveRequests<RunRequests, RunCommand>(
  port,
  {
    weights: () => weightsFile(current().weights()),
    onnx: () => ({ file: current().onnx() }),
    metrics: () => {
      const { epochs, keepsOneIn } = current().metricsForExport();
      return metricsFile(epochs, keepsOneIn);
    },
    memory: () => workerMemory(),
    card: ({ sample, unit, parameter, drawn }) => current().card(sample, unit, parameter, drawn ?? null),
    lossAlong: ({ parameter }) => current().lossAlong(parameter),
    landscape: (ask) => current().landscape(ask),
    setParameter: ({ parameter, value }) => current().setParameter(parameter, value),
  },
  (command) => {
    if (command.type === "start") {
      session = new TrainingSession(command.settings, emit, defer);
      session.start(command.specText, memoryFiles(command.files), command.autoStart);
    } else session?.handle(command);
  },
  // The result files are made for the host alone: their bytes move rather than being copied.
  ["weights", "metrics", "onnx"],
);
parent.on("message", (message: Envelope) => void receive(message));
