/** Spec problems in the Problems panel: the checker worker's diagnostics as VS Code's. */
import * as vscode from "vscode";
import type { WireDiagnostic } from "../protocol";

export function toVscodeDiagnostic(d: WireDiagnostic): vscode.Diagnostic {
  // Wire positions are 1-based (as the CLI prints them); VS Code's are 0-based.
  const range = new vscode.Range(d.line - 1, d.column - 1, d.endLine - 1, Math.max(d.endColumn - 1, d.line === d.endLine ? d.column : 0));
  const diagnostic = new vscode.Diagnostic(range, d.message, d.severity === "error" ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  diagnostic.source = "nnspec";
  return diagnostic;
}

/** Groups diagnostics by the file they are in: the spec itself, or a CSV or weights file it names. */
export function byFile(specUri: vscode.Uri, diagnostics: WireDiagnostic[]): Map<string, vscode.Diagnostic[]> {
  const out = new Map<string, vscode.Diagnostic[]>([[specUri.toString(), []]]);
  for (const d of diagnostics) {
    const key = d.file ? vscode.Uri.file(d.file).toString() : specUri.toString();
    out.set(key, [...(out.get(key) ?? []), toVscodeDiagnostic(d)]);
  }
  return out;
}
