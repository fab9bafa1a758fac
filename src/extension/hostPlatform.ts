/**
 * What the extension host does differently in Node (VS Code on a computer, a remote or
 * code-server's Node host): worker scripts are files, local files are read by the CLI's rules
 * (real paths confined), and the event loop's delay is measured by perf_hooks (workers are
 * started by workerStart.ts, free of `vscode`). The browser build
 * (VS Code for the Web) replaces this file with its twin src/web/hostPlatform.ts (esbuild.mjs);
 * both export the same names, which src/web/hostPlatform.ts checks against this file's types.
 */
import { promises } from "node:fs";
import * as vscode from "vscode";
import { readConfinedFile } from "../node/nodeFiles";
import { HostLoopDelay } from "./loopDelay";

/** Where NNSpec runs: "web" has no local Python, CLI or local file system. */
export const HOST_KIND: "node" | "web" = "node";

/** A worker script of the bundle (dist/<name>.js), as the platform starts it: a file path. */
export function workerScript(extensionUri: vscode.Uri, name: "runWorker" | "checkerWorker"): string {
  return vscode.Uri.joinPath(extensionUri, "dist", `${name}.js`).fsPath;
}

/**
 * A local file read by the CLI's rules (its real path inside the real root, a regular file, at
 * most `maxBytes`, never blocking on a pipe); null where there is no local file system.
 */
export const readLocalFile: ((path: string, root: string, maxBytes: number) => Promise<Uint8Array>) | null = readConfinedFile;

/** Where a local link really leads (a URI string); undefined when it cannot be told. */
export async function realPath(uri: vscode.Uri): Promise<string | undefined> {
  if (uri.scheme !== "file") return undefined;
  return promises.realpath(uri.fsPath).then(
    (real) => vscode.Uri.file(real).toString(),
    () => undefined,
  );
}

/** Measures the host's event-loop delay while a run trains (loopDelay.ts). */
export function loopDelay(log: (line: string) => void): { update(training: boolean, runId: number | undefined): void; dispose(): void } {
  return new HostLoopDelay(log);
}
