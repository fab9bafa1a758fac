/**
 * A worker's side of its connection to the extension host, in a browser's Web Worker: the twin
 * of src/worker/hostConnection.ts, swapped in by the browser build (esbuild.mjs). A Web Worker
 * is given no data at its start, so the host's first message carries the translations.
 */
import { useTranslations } from "../core/base/l10n";
import type { Envelope, Port } from "../protocol/messaging";
import type * as NodeConnection from "../worker/hostConnection";
import { type StartingData, workerScope } from "./browserWorker";

export function connectToHost(_script: string): { port: Port; listen(receive: (message: Envelope) => void): void } {
  return {
    port: { postMessage: (message, transfer) => workerScope.postMessage(message, transfer ?? []) },
    listen: (receive) =>
      workerScope.addEventListener("message", (event) => {
        const data = event.data as Envelope | StartingData;
        if (data.kind === "translations") useTranslations(data.translations ?? undefined);
        else receive(data);
      }),
  };
}

/**
 * Runs `work` as soon as the messages waiting are handled: a message to itself, since a browser
 * delays a chain of zero-delay timers to 4 ms each, which would slow every slice of training.
 */
const channel = new MessageChannel();
const queued: (() => void)[] = [];
// Node's types describe its own MessagePort; a browser's has onmessage (which also starts it).
(channel.port1 as unknown as { onmessage: () => void }).onmessage = () => queued.shift()?.();
export const soon: (work: () => void) => void = (work) => {
  queued.push(work);
  channel.port2.postMessage(null);
};

({ connectToHost, soon }) satisfies typeof NodeConnection;
