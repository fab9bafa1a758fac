/**
 * A training run's worker (dist/runWorker.js, a worker thread; dist/web/runWorker.js, a Web
 * Worker): all training happens here, never on the extension host's main thread. Each run has a worker of its own; the host terminates it to stop.
 * It never touches the file system: the host hands it the contents of the files a spec names.
 */
import { memoryFiles } from "../core/base/files";
import { sendEvent, serveRequests } from "../protocol/messaging";
import type { RunCommand, RunEvent, RunRequests } from "../protocol/run";
import { connectToHost, soon } from "./hostConnection";
import { workerMemory } from "./memory";
import { metricsFile, weightsFile } from "./resultFiles";
import { TrainingSession } from "./session";

// Diagnostics, findings and failures are written here: in the editor's language.
const host = connectToHost("runWorker.ts");
const port = host.port;

let session: TrainingSession | null = null;
const emit = (event: RunEvent) => sendEvent(port, event);
const defer = (work: () => void, delayMs: number) => (delayMs > 0 ? setTimeout(work, delayMs) : soon(work));

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
host.listen((message) => void receive(message));
