/**
 * The little of a browser's Web Worker API the host uses, typed here: the project compiles
 * against Node's types, and the browser bundle must not lean on names Node lacks unchecked.
 */
export interface BrowserWorker {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  addEventListener(type: "error", listener: (event: { message?: string; preventDefault(): void }) => void): void;
  terminate(): void;
}

/** The Worker constructor of this global scope, if it has one (VS Code's web extension host does). */
export const BrowserWorkerConstructor = (globalThis as unknown as { Worker?: new (url: string, options?: { name?: string }) => BrowserWorker }).Worker;

/** The global scope of the Web Worker this code runs in (the training worker, the spec checker). */
export interface WorkerScope {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
}

export const workerScope = globalThis as unknown as WorkerScope;

/** The first message a web host sends its worker: what Node passes as workerData. */
export interface StartingData {
  kind: "translations";
  translations: Record<string, string> | null;
}
