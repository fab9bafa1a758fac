/**
 * The one way NNSpec edits a spec in the editor: jsonc-parser's minimal edits (specEdits.ts, which
 * keep the file's formatting and comments) turned into a WorkspaceEdit, applied as one undoable
 * step, or offered as a Quick Fix.
 */
import type { Edit } from "jsonc-parser";
import * as vscode from "vscode";

export function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly Edit[], edit = new vscode.WorkspaceEdit()): vscode.WorkspaceEdit {
  for (const e of edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
  return edit;
}

/** Applies `edits` to the document; its text and version afterwards, or undefined when VS Code refused. */
export async function applySpecEdits(doc: vscode.TextDocument, edits: readonly Edit[]): Promise<{ text: string; version: number } | undefined> {
  if (edits.length === 0) return { text: doc.getText(), version: doc.version };
  if (!(await vscode.workspace.applyEdit(toWorkspaceEdit(doc, edits)))) return undefined;
  return { text: doc.getText(), version: doc.version };
}
