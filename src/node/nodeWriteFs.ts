/**
 * The writer's file system for the CLI (src/core/base/safeWrite.ts has the rules): Node's, with
 * every byte flushed to disk, and the temporary files of a write in progress removed when the
 * process is told to stop (Ctrl+C, SIGTERM) instead of being left behind as hidden files.
 */
import { randomBytes } from "node:crypto";
import { constants, promises, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { WriteFs } from "../core/base/safeWrite";

/** Temporary files being written now; removed if a signal ends the process. */
const live = new Set<string>();
const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

function removeLiveAndExit(signal: keyof typeof SIGNALS): void {
  for (const temp of live) {
    try {
      unlinkSync(temp);
    } catch {}
  }
  process.exit(SIGNALS[signal]);
}

/** Listeners only while a temporary file exists: installed for good they would defer Ctrl+C until the training loop yields. */
function track(temp: string): void {
  if (live.size === 0) for (const s of Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]) process.on(s, removeLiveAndExit);
  live.add(temp);
}

function untrack(temp: string): void {
  if (!live.delete(temp) || live.size > 0) return;
  for (const s of Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]) process.off(s, removeLiveAndExit);
}

/** Writable for us, and not marked read-only (root may write anything; it should not here). */
async function writable(path: string, mode: number): Promise<boolean> {
  if ((mode & 0o222) === 0) return false;
  return promises.access(path, constants.W_OK).then(
    () => true,
    () => false,
  );
}

export const nodeWriteFs: WriteFs = {
  async stat(path) {
    let link = false;
    try {
      link = (await promises.lstat(path)).isSymbolicLink();
    } catch {
      return undefined;
    }
    try {
      const s = await promises.stat(path);
      return { kind: s.isFile() ? "file" : s.isDirectory() ? "folder" : "other", link, writable: await writable(path, s.mode) };
    } catch {
      return { kind: "other", link, writable: false }; // a link to nothing
    }
  },
  realPath: (path) => promises.realpath(path).catch(() => undefined),
  dirname,
  basename,
  join,
  async writeNew(path, bytes, modeOf) {
    let mode = 0o666;
    if (modeOf !== undefined)
      mode = await promises.stat(modeOf).then(
        (s) => s.mode & 0o777,
        () => mode,
      );
    // Tracked before it exists: a signal may land while the file is being made.
    track(path);
    let file: promises.FileHandle;
    try {
      // "wx": never follow or reuse a file someone put at the temporary name (and so never remove it).
      file = await promises.open(path, "wx", mode);
    } catch (e) {
      untrack(path);
      throw e;
    }
    try {
      try {
        await file.writeFile(bytes); // loops over short writes; a full disk fails the next one
        await file.sync();
      } finally {
        await file.close();
      }
    } catch (e) {
      await promises.unlink(path).catch(() => undefined);
      untrack(path);
      throw e;
    }
  },
  size: async (path) => (await promises.stat(path)).size,
  async rename(from, to) {
    await promises.rename(from, to);
    untrack(from);
  },
  async remove(path) {
    try {
      await promises.unlink(path);
    } finally {
      untrack(path);
    }
  },
  async syncFolder(path) {
    const folder = await promises.open(path, "r");
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  },
  randomHex: () => randomBytes(8).toString("hex"),
  shown: (path) => path,
};
