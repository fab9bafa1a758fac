import { readFileSync } from "node:fs";

/** A spec file's text, or the CLI's one-line reason it cannot be read. */
export function readSpecText(specPath: string): { text: string } | { error: string } {
  try {
    return { text: readFileSync(specPath, "utf8") };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: `nnspec: cannot read ${specPath}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : code}` };
  }
}
