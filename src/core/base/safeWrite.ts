/**
 * Writing the files NNSpec makes (weights, metrics, an exported script and its data, a picture)
 * so that nothing is ever lost: one set of rules for the CLI (src/node/nodeWriteFs.ts, over Node's
 * file system) and the extension (src/extension/workspaceWriteFs.ts, over vscode.workspace.fs).
 *
 * - Every target is checked before any byte is written: a folder, a device or a read-only file
 *   in the way, a missing folder, a file NNSpec reads (the spec, its data, its init weights), or a
 *   place outside the folder it was told to write to is refused, links followed to their real
 *   paths (where the file system cannot say where a link goes, a link is refused).
 * - Each file goes to a temporary file with an unpredictable name beside its real target,
 *   created exclusively (never through something planted there), flushed to disk, and its size
 *   checked against the bytes meant for it: a full disk that took only part of them is caught
 *   here, not found later as half a file.
 * - Only once every temporary file is complete are they renamed over their targets; on any error
 *   every temporary file is removed and no target has changed.
 */
import { t } from "./l10n";

/** What the writer needs of a file system. Paths are the backend's own (OS paths, URI paths). */
export interface WriteFs {
  /** The entry at `path`, following links, with whether it is one; undefined when nothing is there. */
  stat(path: string): Promise<{ kind: "file" | "folder" | "other"; link: boolean; writable: boolean } | undefined>;
  /** `path` with every link resolved; undefined when nothing is there or the file system cannot tell. */
  realPath(path: string): Promise<string | undefined>;
  dirname(path: string): string;
  basename(path: string): string;
  join(folder: string, name: string): string;
  /** Creates `path` (failing if anything is there), writes every byte, flushes them, closes it. */
  writeNew(path: string, bytes: Uint8Array, modeOf?: string): Promise<void>;
  /** The size of the file at `path` as the disk now has it. */
  size(path: string): Promise<number>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  /** Flushes a folder's entries (the renames); a no-op where the file system has no such thing. */
  syncFolder(path: string): Promise<void>;
  /** Sixteen unpredictable hexadecimal digits. */
  randomHex(): string;
  /** `path` as a message shows it (a workspace-relative name, say). */
  shown(path: string): string;
}

export interface WriteRules {
  /** The spec: never written. */
  spec?: string;
  /** Other files NNSpec reads for this work (the spec's data, its init weights): never written. */
  inputs: readonly string[];
  /** The folder it was told to write into (an export's folder); by default each target's own. */
  within?: string;
}

/** A file to write: its bytes, or text written as UTF-8. */
export interface FileToWrite {
  target: string;
  content: Uint8Array | string;
}

/**
 * A write refused before anything was written (`refused`: the caller adds its advice, such as
 * "choose another name"), or failed while writing; `message` names the file and says why.
 */
export class WriteError extends Error {
  constructor(
    message: string,
    readonly refused = true,
  ) {
    super(message);
  }
}

/**
 * Writes `files` all or none under the rules above. Resolves once every file is in place; throws
 * a WriteError, with every target as it was and no temporary file left, otherwise.
 */
export async function writeFilesSafely(fs: WriteFs, files: readonly FileToWrite[], rules: WriteRules): Promise<void> {
  const targets = await checkTargets(
    fs,
    files.map((f) => f.target),
    rules,
  );
  const temps: string[] = [];
  let current = files[0]?.target ?? "";
  try {
    for (const [i, f] of files.entries()) {
      current = f.target;
      const bytes = typeof f.content === "string" ? new TextEncoder().encode(f.content) : f.content;
      const temp = fs.join(fs.dirname(targets[i]), `.${fs.basename(targets[i])}.${fs.randomHex()}.tmp`);
      await fs.writeNew(temp, bytes, targets[i]); // removes what it made when it fails, and nothing else
      temps.push(temp);
      const written = await fs.size(temp);
      if (written !== bytes.length) throw new WriteError(shortWrite(fs.shown(f.target), written, bytes.length), false);
    }
    for (const [i, temp] of temps.entries()) {
      current = files[i].target;
      await fs.rename(temp, targets[i]);
    }
  } catch (e) {
    for (const temp of temps) await fs.remove(temp).catch(() => undefined);
    throw e instanceof WriteError ? e : new WriteError(writeFailure(fs.shown(current), e), false);
  }
  for (const folder of new Set(targets.map((p) => fs.dirname(p)))) await fs.syncFolder(folder).catch(() => undefined);
}

/**
 * The real path each target is written at (a link's target, so the link stays), checked against
 * the rules; throws a WriteError naming the first that may not be written.
 */
export async function checkTargets(fs: WriteFs, targets: readonly string[], rules: WriteRules): Promise<string[]> {
  const inputs = new Set<string>();
  for (const input of rules.inputs) inputs.add((await fs.realPath(input)) ?? input);
  const spec = rules.spec === undefined ? undefined : ((await fs.realPath(rules.spec)) ?? rules.spec);
  const within = rules.within === undefined ? undefined : ((await fs.realPath(rules.within)) ?? rules.within);
  const real: string[] = [];
  for (const target of targets) {
    if (target === "") throw new WriteError(t("the file name is empty"));
    const entry = await fs.stat(target);
    let path = target;
    if (entry?.link) {
      const resolved = await fs.realPath(target);
      if (resolved === undefined)
        throw new WriteError(t("{path} is a symbolic link to nothing, and NNSpec writes only regular files", { path: fs.shown(target) }));
      path = resolved;
    } else {
      // Nothing there, or a file: its folder's real path (the folder itself may be a link).
      const folder = await fs.realPath(fs.dirname(target));
      if (folder !== undefined) path = fs.join(folder, fs.basename(target));
    }
    const folder = fs.dirname(path);
    const allowed = within ?? (await fs.realPath(fs.dirname(target))) ?? fs.dirname(target);
    if (!isInside(path, allowed))
      throw new WriteError(
        t("{path} is a link to {real}, outside {folder}, the folder NNSpec was told to write to", {
          path: fs.shown(target),
          real: fs.shown(path),
          folder: fs.shown(allowed),
        }),
      );
    if (path === spec) throw new WriteError(t("{path} is the spec itself", { path: fs.shown(target) }));
    if (inputs.has(path)) throw new WriteError(t("{path} is a file the spec reads (its data or its initial weights)", { path: fs.shown(target) }));
    const folderEntry = await fs.stat(folder);
    if (!folderEntry) throw new WriteError(t("the folder {folder} does not exist", { folder: fs.shown(folder) }));
    if (folderEntry.kind !== "folder") throw new WriteError(t("{folder} is not a folder", { folder: fs.shown(folder) }));
    if (!folderEntry.writable) throw new WriteError(t("the folder {folder} is not writable", { folder: fs.shown(folder) }));
    if (entry?.kind === "folder") throw new WriteError(t("{path} is a folder", { path: fs.shown(target) }));
    if (entry && entry.kind !== "file") throw new WriteError(t("{path} is not a regular file (a device, pipe or socket)", { path: fs.shown(target) }));
    if (entry && !entry.writable) throw new WriteError(t("{path} is read-only", { path: fs.shown(target) }));
    real.push(path);
  }
  return real;
}

/** Whether `path` is `folder` or lies inside it (paths with "/" or the backend's separator). */
function isInside(path: string, folder: string): boolean {
  const f = folder.replace(/[\\/]+$/, "");
  return path.startsWith(f) && (path.length === f.length || path[f.length] === "/" || path[f.length] === "\\");
}

function shortWrite(target: string, written: number, meant: number): string {
  return t("{path}: only {written} of {bytes} bytes reached the disk (is it full?); the old file is kept", { path: target, written, bytes: meant });
}

/** A file system's error as a sentence: the common causes named, the code kept for the rest. */
function writeFailure(target: string, e: unknown): string {
  const code = (e as { code?: string }).code ?? "";
  const text = `${code} ${(e as Error)?.message ?? e}`;
  if (/ENOSPC/.test(text)) return t("cannot write {path}: the disk is full; free some space and try again (the old file is kept)", { path: target });
  if (/EDQUOT/.test(text)) return t("cannot write {path}: the disk quota is used up; free some space and try again (the old file is kept)", { path: target });
  if (/EROFS/.test(text)) return t("cannot write {path}: the file system is read-only; choose another folder", { path: target });
  if (/EACCES|EPERM|NoPermissions/.test(text)) return t("cannot write {path}: permission denied; choose another folder", { path: target });
  return t("cannot write {path}: {reason} (the old file is kept)", { path: target, reason: code || String((e as Error)?.message ?? e) });
}
