/**
 * Writing what the user asked for (weights, metrics, a picture, an exported script, a kept run)
 * by the same rules as the CLI (src/core/base/safeWrite.ts): whole files or none, never over a
 * file the spec reads, never through a link out of the folder chosen. Through vscode.workspace.fs,
 * so it works in remote and virtual workspaces, and asynchronous: large weights never block the
 * host. Paths here are URI strings; a local link is followed to its real path, and where the file
 * system cannot say where a link leads, the link is refused.
 */
import * as vscode from "vscode";
import { t } from "../core/base/l10n";
import { checkTargets, type FileToWrite, WriteError, type WriteFs, type WriteRules, writeFilesSafely } from "../core/base/safeWrite";
import { realPath } from "./hostPlatform";
import { randomHex } from "./randomHex";

const uri = (path: string) => vscode.Uri.parse(path, true);

export const workspaceWriteFs: WriteFs = {
  async stat(path) {
    try {
      const s = await vscode.workspace.fs.stat(uri(path));
      const kind = s.type & vscode.FileType.Directory ? "folder" : s.type & vscode.FileType.File ? "file" : "other";
      const readOnly = ((s.permissions ?? 0) & vscode.FilePermission.Readonly) !== 0;
      return { kind, link: (s.type & vscode.FileType.SymbolicLink) !== 0, writable: !readOnly };
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === "FileNotFound") return undefined;
      throw e;
    }
  },
  realPath: (path) => realPath(uri(path)),
  dirname: (path) => vscode.Uri.joinPath(uri(path), "..").toString(),
  basename: (path) => uri(path).path.split("/").pop() ?? "",
  join: (folder, name) => vscode.Uri.joinPath(uri(folder), name).toString(),
  async writeNew(path, bytes) {
    // workspace.fs cannot create exclusively; the name is unpredictable, and checked free first.
    if (await workspaceWriteFs.stat(path)) throw new Error(`${path} exists`);
    try {
      await vscode.workspace.fs.writeFile(uri(path), bytes);
    } catch (e) {
      await Promise.resolve(vscode.workspace.fs.delete(uri(path))).catch(() => undefined);
      throw e;
    }
  },
  size: async (path) => (await vscode.workspace.fs.stat(uri(path))).size,
  rename: async (from, to) => vscode.workspace.fs.rename(uri(from), uri(to), { overwrite: true }),
  remove: async (path) => vscode.workspace.fs.delete(uri(path)),
  syncFolder: async () => undefined,
  randomHex: () => randomHex(8),
  shown: (path) => vscode.workspace.asRelativePath(uri(path)),
};

/** A file to write at `target`: text (as UTF-8) or bytes. */
export interface UriFile {
  target: vscode.Uri;
  content: string | Uint8Array;
}

/** What the writer must leave alone, as URIs, and what to advise when a target is refused. */
export interface UriRules {
  spec?: vscode.Uri;
  inputs?: readonly vscode.Uri[];
  within?: vscode.Uri;
  /** Appended to the reason a target is refused; "choose another file name" by default. */
  advice?: string;
}

const asPaths = (rules: UriRules): WriteRules => ({
  spec: rules.spec?.toString(),
  inputs: (rules.inputs ?? []).map(String),
  within: rules.within?.toString(),
});

/** A refusal with its advice; a failure as it is. */
function withAdvice(e: unknown, rules: UriRules): unknown {
  if (!(e instanceof WriteError) || !e.refused) return e;
  return new WriteError(`${e.message}; ${rules.advice ?? t("choose another file name")}`);
}

export async function writeFileAtomically(target: vscode.Uri, content: string | Uint8Array, rules: UriRules = {}): Promise<void> {
  await writeFilesAtomically([{ target, content }], rules);
}

/** Several files that belong together (a script and its data): all of them, or none. */
export async function writeFilesAtomically(files: readonly UriFile[], rules: UriRules = {}): Promise<void> {
  const toWrite: FileToWrite[] = files.map((f) => ({ target: f.target.toString(), content: f.content }));
  await writeFilesSafely(workspaceWriteFs, toWrite, asPaths(rules)).catch((e) => {
    throw withAdvice(e, rules);
  });
}

/** Throws what writeFilesAtomically would refuse, before anything is asked or made. */
export async function checkWritable(files: readonly UriFile[], rules: UriRules): Promise<void> {
  await checkTargets(
    workspaceWriteFs,
    files.map((f) => f.target.toString()),
    asPaths(rules),
  ).catch((e) => {
    throw withAdvice(e, rules);
  });
}
