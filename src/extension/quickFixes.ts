/** Quick Fixes for spec problems that have one obvious fix (the core attaches it to the diagnostic). */
import * as vscode from "vscode";
import type { SpecFix } from "../core/base/diagnostics";
import { setValueEdits } from "./specEdits";
import { toWorkspaceEdit } from "./workspaceEdits";

/** Finds the fix of a diagnostic shown in a document (diagnostics reach providers as copies). */
export type FixLookup = (uri: vscode.Uri, diagnostic: vscode.Diagnostic) => SpecFix | undefined;

export class SpecQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly lookup: FixLookup) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== "nnspec") continue;
      const fix = this.lookup(doc.uri, diagnostic);
      if (!fix) continue;
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      action.edit = toWorkspaceEdit(doc, setValueEdits(doc.getText(), fix.path, fix.value, fix.insert));
      actions.push(action);
    }
    return actions;
  }
}
