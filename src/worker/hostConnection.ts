/**
 * A worker's side of its connection to the extension host, in a Node worker thread: the port it
 * answers on, the translations the host passed as workerData, and how it yields to messages
 * between slices of work. The browser build swaps in the twin src/web/hostConnection.ts (a Web
 * Worker's postMessage), so runWorker.ts and checkerWorker.ts are the same code in both.
 */
import { parentPort, workerData } from "node:worker_threads";
import { useTranslations } from "../core/base/l10n";
import type { Envelope, Port } from "../protocol/messaging";
import type { WorkerData } from "../protocol/worker";

/** The host's port; `receive` gets each message it sends. Diagnostics follow the editor's language from here on. */
export function connectToHost(script: string): { port: Port; listen(receive: (message: Envelope) => void): void } {
  const parent = parentPort;
  if (!parent) throw new Error(`${script} runs as a worker thread`);
  useTranslations((workerData as WorkerData | null)?.translations);
  return {
    port: parent as unknown as Port,
    listen: (receive) => parent.on("message", receive),
  };
}

/** Runs `work` as soon as the messages waiting are handled (a Stop is heard between slices). */
export const soon: (work: () => void) => void = (work) => setImmediate(work);
