/**
 * The spec checker's worker thread (dist/checkerWorker.js): parses, validates and loads specs
 * for the Problems panel, off the extension host's main thread (a large CSV takes a while). The
 * host sends one check at a time and times it from when it is sent (specChecker.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { memoryFiles } from "../core/base/files";
import { useTranslations } from "../core/base/l10n";
import { exportPyTorch } from "../core/export/pytorch";
import { loadSpec } from "../core/spec/load";
import { suitableLosses } from "../core/spec/lossRules";
import type { CheckerRequests } from "../protocol/checker";
import { type Envelope, type Port, serveRequests } from "../protocol/messaging";
import type { WorkerData } from "../protocol/worker";
import { workerMemory } from "./memory";
import { toWire } from "./wire";

const parent = parentPort;
if (!parent) throw new Error("checkerWorker.ts runs as a worker thread");
const port = parent as unknown as Port;

useTranslations((workerData as WorkerData | null)?.translations);

const receive = serveRequests<CheckerRequests, never>(
  port,
  {
    check: ({ specText, files }) => loadSpec(specText, memoryFiles(files)).diagnostics.map(toWire),
    losses: ({ specText, files }) => {
      const spec = loadSpec(specText, memoryFiles(files)).loaded?.spec;
      if (!spec) return null;
      const output = spec.activations[spec.activations.length - 1];
      return { suitable: suitableLosses(spec.task, output, spec.sizes[spec.sizes.length - 1]), current: spec.loss };
    },
    memory: () => workerMemory(),
    exportPyTorch: ({ specText, files, source }) => {
      const loaded = loadSpec(specText, memoryFiles(files)).loaded;
      return loaded ? exportPyTorch(loaded, { source }) : null;
    },
  },
  () => undefined,
);
parent.on("message", (message: Envelope) => void receive(message));
