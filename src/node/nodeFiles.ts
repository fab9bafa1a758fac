/** SpecFiles over the file system, for the CLI (the extension reads through vscode.workspace.fs). */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, relative as relativePath, resolve } from "node:path";
import type { SpecFiles } from "../core/base/files";
import { t } from "../core/base/l10n";

/**
 * Files relative to `specPath`'s folder. Paths may not leave `allowedRoot` (the workspace folder
 * in the editor; the spec's own folder by default), so a spec cannot read arbitrary files.
 */
export function nodeFiles(specPath: string, allowedRoot = dirname(resolve(specPath))): SpecFiles {
  const folder = dirname(resolve(specPath));
  const root = resolve(allowedRoot);
  return {
    resolve(relative) {
      if (isAbsolute(relative)) return { error: t('"{path}" is an absolute path; write it relative to the spec\'s folder', { path: relative }) };
      const full = resolve(folder, relative);
      const fromRoot = relativePath(root, full);
      if (fromRoot.startsWith("..") || isAbsolute(fromRoot)) return { error: t('"{path}" is outside the workspace folder {root}', { path: relative, root }) };
      return { path: full };
    },
    read(path) {
      try {
        return readFileSync(path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new Error(
          code === "ENOENT"
            ? t("{path} does not exist", { path })
            : code === "EISDIR"
              ? t("{path} is a folder, not a file", { path })
              : t("{path} cannot be read ({reason})", { path, reason: String(code ?? e) }),
        );
      }
    },
  };
}
