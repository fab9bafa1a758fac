/**
 * A spec file's text for the CLI's commands, read as the spec's own files are: a regular file
 * (not a folder, a device or a pipe), at most LIMITS.fileBytes, a byte-order mark dropped.
 */
import { decodeText } from "../core/base/files";
import { LIMITS } from "../core/base/limits";
import { readRegularFileSync } from "../node/nodeFiles";

/** A spec file's text, or the CLI's one-line reason it cannot be read. */
export function readSpecText(specPath: string): { text: string } | { error: string } {
  try {
    return { text: decodeText(readRegularFileSync(specPath, LIMITS.fileBytes)) };
  } catch (e) {
    const message = (e as Error).message;
    return { error: `nnspec: cannot read ${specPath}: ${message.includes("does not exist") ? "no such file" : message}` };
  }
}
