/**
 * Starting a worker in VS Code for the Web: a Web Worker made from the bundle's script, the twin
 * of src/extension/workerStart.ts, swapped in by the browser build (esbuild.mjs). The script is
 * read through vscode.workspace.fs and started from a blob: URL of this origin, since the
 * extension's files may be served from another origin, which a Worker cannot load from.
 */
import * as vscode from "vscode";
import type { StartWorker } from "../extension/workerHandle";
import type * as NodeStart from "../extension/workerStart";
import type { Envelope } from "../protocol/messaging";
import { type BrowserWorker, BrowserWorkerConstructor, type StartingData } from "./browserWorker";

/** Each script is read once and kept as a blob: URL; one that could not be read is tried again. */
const scripts = new Map<string, Promise<string>>();
function scriptUrl(uri: string): Promise<string> {
  let url = scripts.get(uri);
  if (!url) {
    url = Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.parse(uri))).then((bytes) =>
      URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "text/javascript" })),
    );
    url.catch(() => scripts.delete(uri));
    scripts.set(uri, url);
  }
  return url;
}

/**
 * The worker starts once its script is read; what is posted before then waits, in order. A
 * script that cannot be read or run is an error of the worker, as a crash is.
 */
export const startWorker: StartWorker = (entry) => {
  const Worker = BrowserWorkerConstructor;
  if (!Worker) throw new Error(vscode.l10n.t("this browser cannot start a Web Worker, which NNSpec trains in"));
  const waiting: [Envelope, ArrayBuffer[] | undefined][] = [];
  const onMessage: ((m: Envelope) => void)[] = [];
  const onError: ((message: string) => void)[] = [];
  let worker: BrowserWorker | null = null;
  let ended = false;
  const fail = (message: string) => {
    for (const listener of onError) listener(message);
  };
  scriptUrl(entry.path).then(
    (url) => {
      if (ended) return;
      worker = new Worker(url, { name: "NNSpec" });
      worker.addEventListener("message", (e) => {
        for (const listener of onMessage) listener(e.data as Envelope);
      });
      worker.addEventListener("error", (e) => {
        e.preventDefault();
        fail(e.message || vscode.l10n.t("the worker's script could not run"));
      });
      // A Web Worker is given no data at its start: the translations come first, as a message.
      worker.postMessage({ kind: "translations", translations: entry.translations ?? null } satisfies StartingData);
      for (const [message, transfer] of waiting.splice(0)) worker.postMessage(message, transfer ?? []);
    },
    (e: Error) => fail(e.message),
  );
  return {
    port: {
      postMessage: (message, transfer) => {
        if (worker) worker.postMessage(message, transfer ?? []);
        else waiting.push([message, transfer]);
      },
    },
    onMessage: (listener) => onMessage.push(listener),
    onError: (listener) => onError.push(listener),
    onExit: () => undefined,
    terminate: () => {
      ended = true;
      worker?.terminate();
    },
  };
};

({ startWorker }) satisfies typeof NodeStart;
