/**
 * How the core reaches files a spec names (a CSV, a weights file), without depending on Node:
 * the CLI and the worker pass an implementation (nodeFiles.ts), tests pass an in-memory one.
 */
export interface SpecFiles {
  /** Display name of the spec, used in messages (its path, or "untitled"). */
  readonly specName: string;
  /** Resolves `relative` against the spec's folder; an error when it leaves the allowed folder. */
  resolve(relative: string): { path: string } | { error: string };
  /** Reads a resolved path as UTF-8 text; throws an Error whose message says why it failed. */
  read(path: string): string;
}

/** For specs that name no files (and for tests): every path is missing. */
export function noFiles(specName = "untitled"): SpecFiles {
  return {
    specName,
    resolve: (relative) => ({ path: relative }),
    read: (path) => {
      throw new Error(`${path}: no such file`);
    },
  };
}

/** For tests: files held in memory, keyed by relative path. */
export function memoryFiles(files: Record<string, string>, specName = "spec.nnspec.json"): SpecFiles {
  return {
    specName,
    resolve: (relative) => (relative.includes("..") ? { error: `${relative} is outside the spec's folder` } : { path: relative }),
    read: (path) => {
      if (!(path in files)) throw new Error(`${path}: no such file`);
      return files[path];
    },
  };
}
