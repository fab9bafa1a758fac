/**
 * What the extension host does in VS Code for the Web (vscode.dev, github.dev, code-server's
 * browser): the twin of src/extension/hostPlatform.ts, swapped in by the browser build
 * (esbuild.mjs). Worker scripts are URIs of the bundle's files (workerStart.ts reads them);
 * there is no local file system, so every file goes through workspace.fs.
 */
import * as vscode from "vscode";
import type * as NodePlatform from "../extension/hostPlatform";
import { IntervalLoopDelay } from "./intervalLoopDelay";

export const HOST_KIND: "node" | "web" = "web";

/** dist/web/<name>.js, as a URI string: its text is read through workspace.fs to start it. */
export function workerScript(extensionUri: vscode.Uri, name: "runWorker" | "checkerWorker"): string {
  return vscode.Uri.joinPath(extensionUri, "dist", "web", `${name}.js`).toString();
}

/** No local file system: every file a spec names is read through workspace.fs (hostFiles.ts). */
export const readLocalFile: typeof NodePlatform.readLocalFile = null;

/** workspace.fs cannot say where a link leads: a link is refused (files.ts). */
export async function realPath(_uri: vscode.Uri): Promise<string | undefined> {
  return undefined;
}

export function loopDelay(log: (line: string) => void): ReturnType<typeof NodePlatform.loopDelay> {
  return new IntervalLoopDelay(log);
}

// Both twins export the same names with the same types; the build swaps one for the other.
({ HOST_KIND, workerScript, readLocalFile, realPath, loopDelay }) satisfies typeof NodePlatform;
