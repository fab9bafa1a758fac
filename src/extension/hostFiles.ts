/**
 * Reads the files a spec names on the extension host, for a worker that never touches the file
 * system: local files by the CLI's rules (real paths confined, regular files, a size cap, never
 * blocking on a pipe), any other scheme through vscode.workspace.fs (remote and virtual
 * workspaces) by fileRules.ts. Reading is asynchronous: a large CSV never blocks the host.
 */
import * as vscode from "vscode";
import { bundledFileName } from "../core/base/files";
import { t } from "../core/base/l10n";
import { LIMITS } from "../core/base/limits";
import { namedFiles, namedFolder } from "../core/spec/namedFiles";
import type { SpecFileContents } from "../protocol/worker";
import { refusal, resolveInside } from "./fileRules";
import { readLocalFile } from "./hostPlatform";

/** Where a spec's relative paths start, and the folder they may not leave (null: none may be read). */
export interface FileScope {
  folder: vscode.Uri;
  root: vscode.Uri | null;
}

/** The extension's own data folder (dist/data: the bundled digits), set once at activation. */
let bundledData: vscode.Uri | undefined;
export function useBundledData(folder: vscode.Uri): void {
  bundledData = folder;
}

/**
 * Reads every file `text` names; each entry holds the bytes or why they could not be read. An
 * image folder's pictures are read too, keyed by the folder as written, then class, then name
 * (what memoryFiles lists), up to LIMITS.fileBytes in all.
 */
export async function readSpecFiles(text: string, scope: FileScope): Promise<SpecFileContents> {
  const files: SpecFileContents = {};
  for (const relative of namedFiles(text)) files[relative] = await readOne(relative, scope);
  const folder = namedFolder(text);
  if (folder !== null) await readImageFolder(folder.replace(/[\\/]+$/, ""), scope, files);
  return files;
}

async function readImageFolder(relative: string, scope: FileScope, into: SpecFileContents): Promise<void> {
  const resolved = resolveInside(scope.folder.path, relative, scope.root && scope.root.scheme === scope.folder.scheme ? scope.root.path : null);
  if ("error" in resolved) {
    into[relative] = resolved;
    return;
  }
  const uri = scope.folder.with({ path: resolved.path });
  let total = 0;
  try {
    for (const [name, type] of await vscode.workspace.fs.readDirectory(uri)) {
      if (!(type & vscode.FileType.Directory) || name.startsWith(".")) continue;
      for (const [file, fileType] of await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(uri, name))) {
        if (!(fileType & vscode.FileType.File) || file.startsWith(".")) continue;
        const key = `${relative}/${name}/${file}`;
        const bytes = await readOne(key, scope);
        total += bytes instanceof Uint8Array ? bytes.length : 0;
        if (total > LIMITS.fileBytes) {
          into[relative] = {
            error: t("{path}'s pictures come to more than {limit} MB; use fewer or smaller pictures", {
              path: relative,
              limit: Math.floor(LIMITS.fileBytes / 1e6),
            }),
          };
          return;
        }
        into[key] = bytes;
      }
    }
  } catch (e) {
    into[relative] = { error: t("{path} cannot be read ({reason})", { path: relative, reason: (e as Error).message }) };
  }
}

async function readOne(relative: string, scope: FileScope): Promise<Uint8Array | { error: string }> {
  const bundled = bundledFileName(relative);
  if (bundled) {
    if (!bundledData) return { error: t("{path} cannot be read ({reason})", { path: bundled, reason: "no data folder" }) };
    return vscode.workspace.fs.readFile(vscode.Uri.joinPath(bundledData, bundled)).then(
      (bytes) => bytes,
      (e: Error) => ({ error: t("{path} cannot be read ({reason})", { path: bundled, reason: e.message }) }),
    );
  }
  const root = scope.root;
  const resolved = resolveInside(scope.folder.path, relative, root && root.scheme === scope.folder.scheme ? root.path : null);
  if ("error" in resolved) return resolved;
  const uri = scope.folder.with({ path: resolved.path });
  // A local file: its real path must stay inside the real folder (a symbolic link may point
  // anywhere), read without blocking: the rules the CLI reads by (src/node/nodeFiles.ts). In a
  // browser there is no local file system: every file is read through workspace.fs.
  if (uri.scheme === "file" && root && readLocalFile) {
    try {
      return await readLocalFile(uri.fsPath, root.fsPath, LIMITS.fileBytes);
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    const refused = refusal(relative, stat);
    if (refused) return { error: refused };
    return await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === "FileNotFound") return { error: t("{path} does not exist", { path: relative }) };
    return { error: t("{path} cannot be read ({reason})", { path: relative, reason: (e as Error).message }) };
  }
}

/**
 * The files NNSpec reads for a spec besides itself (its CSV, its init weights), as URIs: what the
 * writer must never write over. Paths that could not be read are still named (nothing is there
 * to lose, and the user meant them as inputs).
 */
export function specInputs(text: string, scope: FileScope): vscode.Uri[] {
  return namedFiles(text).map((relative) => vscode.Uri.joinPath(scope.folder, relative.replace(/\\/g, "/")));
}
