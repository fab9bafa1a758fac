/**
 * Reading the files a spec names from the file system, confined for real: a path is resolved to
 * its real path (symbolic links followed) and must stay inside the real allowed folder; only
 * regular files are read (never a device, a FIFO or a socket), up to a size checked before
 * reading, and opening never blocks (a FIFO without a writer would hold a thread forever).
 *
 * The same rules serve the CLI (`nodeFiles`, synchronous) and the extension host
 * (`readConfinedFile`, asynchronous); their errors are messages ready for a diagnostic.
 */
import { closeSync, constants, existsSync, fstatSync, openSync, promises, readdirSync, readSync, realpathSync, type Stats, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative as relativePath, resolve, sep } from "node:path";
import { excerpt } from "../core/base/diagnostics";
import { bundledFileName, type SpecFiles } from "../core/base/files";
import { t } from "../core/base/l10n";
import { LIMITS } from "../core/base/limits";

/**
 * Read-only; O_NONBLOCK so that opening a FIFO returns at once (it is then refused as not a
 * regular file); O_NOFOLLOW so that a link swapped in after the real path was checked fails.
 */
/** Characters of a path a message shows: a path past any file system's limit is cut. */
const PATH_SHOWN = 300;

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;

/** Files relative to `specPath`'s folder, confined to `allowedRoot` (the spec's folder by default). */
export function nodeFiles(specPath: string, allowedRoot = dirname(resolve(specPath))): SpecFiles {
  const folder = dirname(resolve(specPath));
  return {
    resolve: (relative) => resolveInside(folder, relative, allowedRoot),
    read: (path) => {
      const bundled = bundledFileName(path);
      return bundled ? readRegularFileSync(bundledDataFile(bundled), LIMITS.fileBytes) : readConfinedFileSync(path, allowedRoot, LIMITS.fileBytes);
    },
    list: (path) => listConfinedFolderSync(path, allowedRoot),
  };
}

/**
 * Where the data that ships with NNSpec is: dist/data beside the bundled CLI, or, running from
 * the sources (the tests), the build's dist/data.
 */
export function bundledDataFile(name: string): string {
  const beside = join(__dirname, "data", name);
  return existsSync(beside) ? beside : join(__dirname, "..", "..", "dist", "data", name);
}

/** A folder's sub-folders and regular files (links followed, each confined to `allowedRoot`), sorted. */
export function listConfinedFolderSync(path: string, allowedRoot: string): { folders: string[]; files: string[] } {
  const real = attempt(path, () => realpathSync(path));
  const root = realRoot(allowedRoot);
  checkInside(path, real, root);
  const folders: string[] = [];
  const files: string[] = [];
  for (const entry of attempt(path, () => readdirSync(real, { withFileTypes: true }))) {
    const full = join(real, entry.name);
    let kind = entry.isDirectory() ? "folder" : entry.isFile() ? "file" : "other";
    if (entry.isSymbolicLink()) {
      try {
        const target = realpathSync(full);
        if (!isInside(target, root)) continue; // a link out of the folder is not part of it
        const s = statSync(target);
        kind = s.isDirectory() ? "folder" : s.isFile() ? "file" : "other";
      } catch {
        continue;
      }
    }
    if (kind === "folder") folders.push(entry.name);
    else if (kind === "file") files.push(entry.name);
  }
  return { folders: folders.sort(), files: files.sort() };
}

/**
 * `relative` against `folder`, refused when it is absolute or leaves `allowedRoot` as written
 * (links are checked when the file is read).
 */
export function resolveInside(folder: string, relative: string, allowedRoot: string): { path: string } | { error: string } {
  if (isAbsolute(relative))
    return { error: t('"{path}" is an absolute path; write it relative to the spec\'s folder', { path: excerpt(relative, PATH_SHOWN) }) };
  const full = resolve(folder, relative);
  if (!isInside(full, resolve(allowedRoot)))
    return {
      error: t('"{path}" is outside {root}, the folder a spec may read files from; copy the file into it', {
        path: excerpt(relative, PATH_SHOWN),
        root: allowedRoot,
      }),
    };
  return { path: full };
}

/** The bytes of `path`, whose real path must lie inside `allowedRoot`'s; throws a message. */
export function readConfinedFileSync(path: string, allowedRoot: string, maxBytes: number): Uint8Array {
  const real = attempt(path, () => realpathSync(path));
  checkInside(path, real, realRoot(allowedRoot));
  return readRegularFileSync(real, maxBytes);
}

/** readConfinedFileSync without blocking the thread: for the extension host. */
export async function readConfinedFile(path: string, allowedRoot: string, maxBytes: number = LIMITS.fileBytes): Promise<Uint8Array> {
  const real = await attemptAsync(path, () => promises.realpath(path));
  let root: string;
  try {
    root = await promises.realpath(allowedRoot);
  } catch {
    root = resolve(allowedRoot);
  }
  checkInside(path, real, root);
  const handle = await attemptAsync(path, () => promises.open(real, OPEN_FLAGS));
  try {
    const size = checkStat(path, await handle.stat(), maxBytes);
    const buffer = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await attemptAsync(path, () => handle.read(buffer, filled, size - filled, filled));
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** A regular file's bytes, up to `maxBytes` (checked before reading); no confinement. */
export function readRegularFileSync(path: string, maxBytes: number): Uint8Array {
  const fd = attempt(path, () => openSync(path, OPEN_FLAGS));
  try {
    const size = checkStat(path, fstatSync(fd), maxBytes);
    const buffer = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const n = attempt(path, () => readSync(fd, buffer, filled, size - filled, filled));
      if (n === 0) break;
      filled += n;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

function isInside(path: string, root: string): boolean {
  const fromRoot = relativePath(root, path);
  // "..data.csv" is a file in the folder; only ".." itself or "../…" leave it.
  return fromRoot !== ".." && !fromRoot.startsWith(`..${sep}`) && !isAbsolute(fromRoot);
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return resolve(root);
  }
}

function checkInside(path: string, real: string, root: string): void {
  if (!isInside(real, root))
    throw new Error(
      t("{path} leads to {target}, outside the folder {root}; copy the file into the folder", {
        path: excerpt(path, PATH_SHOWN),
        target: excerpt(real, PATH_SHOWN),
        root,
      }),
    );
}

/** The file's size once it is known to be a regular file within `maxBytes`. */
function checkStat(path: string, stat: Stats, maxBytes: number): number {
  if (stat.isDirectory()) throw new Error(t("{path} is a folder, not a file", { path: excerpt(path, PATH_SHOWN) }));
  // No advice here: each caller's message ends with what to give instead.
  if (!stat.isFile()) throw new Error(t("{path} is not a regular file (a device, pipe or socket)", { path: excerpt(path, PATH_SHOWN) }));
  if (stat.size > maxBytes)
    throw new Error(
      t("{path} has {size} bytes, more than the limit of {limit} for a file a spec reads", {
        path: excerpt(path, PATH_SHOWN),
        size: stat.size.toLocaleString("en"),
        limit: maxBytes.toLocaleString("en"),
      }),
    );
  return stat.size;
}

/** The message for a failed file operation on `path`. */
export function fileErrorMessage(fullPath: string, e: unknown): string {
  const path = excerpt(fullPath, PATH_SHOWN);
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return t("{path} does not exist", { path });
  if (code === "EISDIR") return t("{path} is a folder, not a file", { path: excerpt(path, PATH_SHOWN) });
  if (code === "ELOOP") return t("{path}: too many symbolic links, or a link that changed while it was read", { path });
  return t("{path} cannot be read ({reason})", { path, reason: String(code ?? (e as Error).message) });
}

function attempt<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new Error(fileErrorMessage(path, e));
  }
}

async function attemptAsync<T>(path: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new Error(fileErrorMessage(path, e));
  }
}
