/**
 * How the core reaches files a spec names (a CSV, a weights file), without depending on Node or
 * VS Code: the CLI passes an implementation over the file system (src/node/nodeFiles.ts); the
 * extension reads the files on the host (through vscode.workspace.fs, so virtual workspaces work
 * too) and hands their bytes to the worker as `memoryFiles`; tests pass them in memory.
 */
import { excerpt } from "./diagnostics";

export interface SpecFiles {
  /** Resolves `relative` against the spec's folder; an error when it leaves the allowed folder. */
  resolve(relative: string): { path: string } | { error: string };
  /** Reads a resolved path's bytes; throws an Error whose message says why it failed. */
  read(path: string): Uint8Array;
}

/** For specs that name no files (and for tests): every path is missing. */
export function noFiles(): SpecFiles {
  return memoryFiles({});
}

/**
 * Files already read, keyed by the path as the spec writes it: their bytes, their text (tests),
 * or why they could not be read (the message becomes the spec's diagnostic).
 */
export function memoryFiles(files: Record<string, Uint8Array | string | { error: string }>): SpecFiles {
  const entries = new Map(Object.entries(files));
  return {
    resolve: (relative) => {
      const entry = entries.get(relative);
      if (entry !== undefined && typeof entry === "object" && "error" in entry) return { error: entry.error };
      return { path: relative };
    },
    read: (path) => {
      const entry = entries.get(path);
      if (entry === undefined) throw new Error(`${excerpt(path, 300)}: no such file`);
      if (typeof entry === "string") return new TextEncoder().encode(entry);
      if ("error" in entry) throw new Error(entry.error);
      return entry;
    },
  };
}

/** The bytes of a text file as a string: UTF-8, with a byte-order mark dropped. */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
}
