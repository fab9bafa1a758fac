/** The one Node-only file of the core: SpecFiles over the file system. */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, relative as relativePath, resolve } from "node:path";
import type { SpecFiles } from "./files";

/**
 * Files relative to `specPath`'s folder. Paths may not leave `allowedRoot` (the workspace folder
 * in the editor; the spec's own folder by default), so a spec cannot read arbitrary files.
 */
export function nodeFiles(specPath: string, allowedRoot = dirname(resolve(specPath))): SpecFiles {
  const folder = dirname(resolve(specPath));
  const root = resolve(allowedRoot);
  return {
    specName: specPath,
    resolve(relative) {
      if (isAbsolute(relative)) return { error: `"${relative}" is an absolute path; write it relative to the spec's folder` };
      const full = resolve(folder, relative);
      const fromRoot = relativePath(root, full);
      if (fromRoot.startsWith("..") || isAbsolute(fromRoot)) return { error: `"${relative}" is outside the workspace folder ${root}` };
      return { path: full };
    },
    read(path) {
      try {
        return readFileSync(path, "utf8");
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new Error(
          code === "ENOENT" ? `${path} does not exist` : code === "EISDIR" ? `${path} is a folder, not a file` : `${path} cannot be read (${code ?? e})`,
        );
      }
    },
  };
}
