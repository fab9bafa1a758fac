/**
 * Writing a file the CLI produces (--save-weights) without ever harming another: the target is
 * checked before the work that fills it starts, and written through a temporary file with an
 * unpredictable name, flushed to disk, then renamed over it, so a crash or a full disk never
 * leaves half a file. Messages are the CLI's, in English.
 */
import { randomBytes } from "node:crypto";
import { accessSync, closeSync, constants, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/**
 * The real path to write `path` to (a link's target, so the link stays), or an Error saying why
 * not: a folder or a device, a read-only file, a missing or read-only folder, or one of
 * `protectedPaths` (the spec itself).
 */
export function checkWriteTarget(path: string, protectedPaths: readonly string[]): string {
  if (path === "") throw new Error("the file name is empty");
  const full = resolve(path);
  let target = full;
  let exists = true;
  try {
    target = realpathSync(full);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(String((e as NodeJS.ErrnoException).code ?? e));
    exists = false;
  }
  const folder = dirname(target);
  let folderStat: ReturnType<typeof statSync>;
  try {
    folderStat = statSync(folder);
  } catch {
    throw new Error(`the folder ${folder} does not exist`);
  }
  if (!folderStat.isDirectory()) throw new Error(`${folder} is not a folder`);
  if (!writable(folder, folderStat.mode)) throw new Error(`the folder ${folder} is not writable`);
  if (!exists) return target;
  const stat = statSync(target);
  if (stat.isDirectory()) throw new Error(`${path} is a folder`);
  if (!stat.isFile()) throw new Error(`${path} is not a regular file (a device, pipe or socket)`);
  if (!writable(target, stat.mode)) throw new Error(`${path} is read-only; make it writable or choose another file`);
  for (const other of protectedPaths) {
    let real: string;
    try {
      real = realpathSync(other);
    } catch {
      continue;
    }
    if (real === target) throw new Error(`${path} is the spec itself; choose another file name`);
  }
  return target;
}

/** Writable for us, and not marked read-only (root may write anything; it should not here). */
function writable(path: string, mode: number): boolean {
  if ((mode & 0o222) === 0) return false;
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Writes `text` to `target` (checked by checkWriteTarget) through a flushed temporary file. */
export function writeFileAtomicallySync(target: string, text: string): void {
  writeFilesAtomicallySync([{ target, text }]);
}

/**
 * Writes files that belong together (each target checked by checkWriteTarget): all go to flushed
 * temporary files first, and only once every one is on disk are they renamed into place, so a
 * failure to write any of them (a full disk, say) changes no file. (A rename failing midway,
 * which the checks make unlikely, would leave the earlier files replaced.)
 */
export function writeFilesAtomicallySync(files: readonly { target: string; text: string }[]): void {
  const temps: string[] = [];
  try {
    for (const f of files) temps.push(writeTemporary(f.target, f.text));
    files.forEach((f, i) => {
      renameSync(temps[i], f.target);
    });
  } catch (e) {
    for (const temp of temps) {
      try {
        unlinkSync(temp);
      } catch {}
    }
    throw new Error((e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  // The renames reach the disk with their folders' entries.
  for (const folder of new Set(files.map((f) => dirname(f.target)))) {
    try {
      const fd = openSync(folder, "r");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {}
  }
}

/** `text` in a flushed temporary file beside `target`, with target's mode; its path. */
function writeTemporary(target: string, text: string): string {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString("hex")}.tmp`);
  let mode = 0o666;
  try {
    mode = statSync(target).mode & 0o777;
  } catch {}
  // "wx": never follow or reuse a file someone put at the temporary name.
  const fd = openSync(temp, "wx", mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {}
    try {
      unlinkSync(temp);
    } catch {}
    throw e;
  }
  return temp;
}
