/**
 * Which files a spec may have the host read, for files reached through vscode.workspace.fs
 * (remote and virtual workspaces; local files are read by src/node/nodeFiles.ts's same rules,
 * which can also follow a link to its real path): a path relative to the spec's folder, inside the allowed
 * folder (the workspace folder), a regular file (not a folder, a device, a pipe, nor a link
 * leaving the folder), and no larger than LIMITS.fileBytes. Paths here are URI paths ("/"
 * separated). Local files also pass src/node/nodeFiles.ts's checks, which resolve symbolic
 * links on disk. Free of the `vscode` module, so the rules are unit-tested.
 */
import { t } from "../core/base/l10n";
import { LIMITS } from "../core/base/limits";
import * as posix from "./uriPaths";

/** VS Code's FileType bits (vscode.FileType). */
export const FILE_TYPE = { unknown: 0, file: 1, directory: 2, symbolicLink: 64 } as const;

/** `relative` resolved against `folder`, or why it may not be read: it must stay inside `root`. */
export function resolveInside(folder: string, relative: string, root: string | null): { path: string } | { error: string } {
  if (root === null) return { error: t('"{path}": save the spec in a folder first; an untitled spec can only name the examples\' files', { path: relative }) };
  if (posix.isAbsolute(relative) || /^[a-zA-Z]:[\\/]/.test(relative))
    return { error: t('"{path}" is an absolute path; write it relative to the spec\'s folder', { path: relative }) };
  const path = posix.resolve(folder, relative.replace(/\\/g, "/"));
  const fromRoot = posix.relative(posix.resolve(root), path);
  // "..data.csv" is a file in the folder; only a first segment of exactly ".." leaves it.
  if (fromRoot === ".." || fromRoot.startsWith("../") || posix.isAbsolute(fromRoot))
    return { error: t('"{path}" is outside {root}, the folder a spec may read files from; copy the file into it', { path: relative, root }) };
  return { path };
}

/** Why a file with this stat may not be read, or null when it may. */
export function refusal(path: string, stat: { type: number; size: number }): string | null {
  if (stat.type & FILE_TYPE.symbolicLink)
    return t("{path} is a symbolic link; NNSpec reads only regular files inside the workspace folder: copy the file in instead", { path });
  if (stat.type & FILE_TYPE.directory) return t("{path} is a folder, not a file", { path });
  if (!(stat.type & FILE_TYPE.file)) return t("{path} is not a regular file (a device or a pipe); NNSpec reads only regular files", { path });
  if (stat.size > LIMITS.fileBytes)
    return t("{path} is {size} MB, more than the limit of {limit} MB for a file a spec names", {
      path,
      size: Math.ceil(stat.size / 1e6),
      limit: Math.floor(LIMITS.fileBytes / 1e6),
    });
  return null;
}
