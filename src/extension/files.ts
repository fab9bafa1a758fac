/**
 * Writing a file the user asked for without ever leaving half of it: a temporary file with an
 * unpredictable name beside the target, then a rename over it. Through vscode.workspace.fs, so it
 * works in remote and virtual workspaces, and asynchronous: large weights never block the host.
 */
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";

/** A file's content: text (written as UTF-8) or its bytes. */
type Content = string | Uint8Array;

export async function writeFileAtomically(target: vscode.Uri, content: Content): Promise<void> {
  await writeFilesAtomically([{ target, content }]);
}

/**
 * Several files that belong together (a script and its data): every one is written to its
 * temporary file first, and only when all are complete are they renamed into place.
 */
export async function writeFilesAtomically(files: readonly { target: vscode.Uri; content: Content }[]): Promise<void> {
  const temps = files.map(({ target }) =>
    vscode.Uri.joinPath(target, "..", `.${target.path.split("/").pop() ?? "file"}.${randomBytes(6).toString("hex")}.tmp`),
  );
  try {
    for (const [i, { content }] of files.entries()) {
      await vscode.workspace.fs.writeFile(temps[i], typeof content === "string" ? new TextEncoder().encode(content) : content);
    }
    for (const [i, { target }] of files.entries()) await vscode.workspace.fs.rename(temps[i], target, { overwrite: true });
  } catch (e) {
    for (const temp of temps) await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
    throw e;
  }
}
