/**
 * Writing a file the user asked for without ever leaving half of it: a temporary file with an
 * unpredictable name beside the target, then a rename over it. Through vscode.workspace.fs, so it
 * works in remote and virtual workspaces, and asynchronous: large weights never block the host.
 */
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";

export async function writeFileAtomically(target: vscode.Uri, text: string): Promise<void> {
  const name = target.path.split("/").pop() ?? "file";
  const temp = vscode.Uri.joinPath(target, "..", `.${name}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(text));
    await vscode.workspace.fs.rename(temp, target, { overwrite: true });
  } catch (e) {
    await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
    throw e;
  }
}
