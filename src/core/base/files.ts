/**
 * How the core reaches files a spec names (a CSV, a weights file), without depending on Node or
 * VS Code: the CLI passes an implementation over the file system (src/node/nodeFiles.ts); the
 * extension reads the files on the host (through vscode.workspace.fs, so virtual workspaces work
 * too) and hands their bytes to the worker as `memoryFiles`; tests pass them in memory.
 */
import { excerpt } from "./diagnostics";
import { t } from "./l10n";

export interface SpecFiles {
  /** Resolves `relative` against the spec's folder; an error when it leaves the allowed folder. */
  resolve(relative: string): { path: string } | { error: string };
  /** Reads a resolved path's bytes; throws an Error whose message says why it failed. */
  read(path: string): Uint8Array;
  /**
   * What a resolved folder holds (an image folder's classes, then their pictures): the names of
   * its folders and of its files, each sorted; throws an Error saying why it cannot be listed.
   */
  list(path: string): { folders: string[]; files: string[] };
}

/**
 * The data that ships with NNSpec, by the names a SpecFiles reads it under: the CLI maps them
 * to its own folder (dist/data), the extension host reads them from the extension's.
 */
export const BUNDLED_DIGITS = { images: "nnspec:digits-images.idx.gz", labels: "nnspec:digits-labels.idx.gz" } as const;

/** The file name inside the bundled data folder of a BUNDLED_DIGITS name, or null for any other path. */
export function bundledFileName(path: string): string | null {
  return path === BUNDLED_DIGITS.images || path === BUNDLED_DIGITS.labels ? path.slice("nnspec:".length) : null;
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
    list: (path) => {
      const listed = entries.get(path);
      if (listed !== undefined && typeof listed === "object" && "error" in listed) throw new Error(listed.error);
      const prefix = path === "" || path.endsWith("/") ? path : `${path}/`;
      const folders = new Set<string>();
      const names: string[] = [];
      for (const key of entries.keys()) {
        if (!key.startsWith(prefix)) continue;
        const rest = key.slice(prefix.length);
        const slash = rest.indexOf("/");
        if (slash === -1) names.push(rest);
        else folders.add(rest.slice(0, slash));
      }
      if (!folders.size && !names.length) throw new Error(`${excerpt(path, 300)}: no such folder`);
      return { folders: [...folders].sort(), files: names.sort() };
    },
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

/**
 * Why a path written in a spec cannot name a file, or null. A control character (U+0000–U+001F,
 * U+007F: a NUL, a tab, a line break) is refused here, before any file system sees it: Node
 * would answer with a bare error code, and no file a learner made has one in its name.
 */
export function pathProblem(path: string): string | null {
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code <= 0x1f || code === 0x7f) {
      return t("a file name cannot contain a control character, and this one has U+{code} at character {position}; remove it", {
        code: code.toString(16).toUpperCase().padStart(4, "0"),
        position: i + 1,
      });
    }
  }
  return null;
}
