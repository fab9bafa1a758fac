/**
 * The spec checker's worker (dist/checkerWorker.js; dist/web/checkerWorker.js in a browser): parses, validates and loads specs
 * for the Problems panel, off the extension host's main thread (a large CSV takes a while). The
 * host sends one check at a time and times it from when it is sent (specChecker.ts).
 */
import { memoryFiles } from "../core/base/files";
import { exportPyTorch } from "../core/export/pytorch";
import { loadSpec } from "../core/spec/load";
import { suitableLosses } from "../core/spec/lossRules";
import type { CheckerRequests } from "../protocol/checker";
import { serveRequests } from "../protocol/messaging";
import { connectToHost } from "./hostConnection";
import { workerMemory } from "./memory";
import { toWire } from "./wire";

const host = connectToHost("checkerWorker.ts");
const port = host.port;

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
host.listen((message) => void receive(message));
