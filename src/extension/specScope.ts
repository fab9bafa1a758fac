/**
 * Where a spec's relative paths start and which folder they may not leave. A saved spec: its own
 * folder, inside its workspace folder (or, outside any workspace, its own folder). An untitled
 * spec made from an example ("New Network Spec"): the bundled examples folder, so the example's
 * CSV and weights files resolve. Any other untitled spec may read no files.
 */
import * as vscode from "vscode";
import type { FileScope } from "./hostFiles";

export class SpecScopes {
  /** Untitled specs made from an example, and the examples folder their paths resolve in. */
  private readonly templates = new Map<string, vscode.Uri>();

  rememberTemplate(uri: vscode.Uri, examples: vscode.Uri): void {
    this.templates.set(uri.toString(), examples);
  }

  forget(uri: vscode.Uri): void {
    this.templates.delete(uri.toString());
  }

  scopeOf(uri: vscode.Uri): FileScope {
    const template = this.templates.get(uri.toString());
    if (template) return { folder: template, root: template };
    const folder = vscode.Uri.joinPath(uri, "..");
    if (uri.scheme === "untitled") return { folder, root: null };
    return { folder, root: vscode.workspace.getWorkspaceFolder(uri)?.uri ?? folder };
  }

  /** The spec's name in messages and labels: its path relative to the workspace, or its file name. */
  nameOf(uri: vscode.Uri): string {
    return uri.scheme === "untitled" ? (uri.path.split("/").pop() ?? "Untitled") : vscode.workspace.asRelativePath(uri, false);
  }
}
