/** Spec problems in the Problems panel: the checker worker's diagnostics as VS Code's, and their fixes. */
import * as vscode from "vscode";
import { groupByFile, moreProblemsMessage, type SpecFix } from "../core/base/diagnostics";
import { LIMITS } from "../core/base/limits";
import type { WireDiagnostic } from "../protocol/worker";

const SEVERITIES: Record<WireDiagnostic["severity"], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

export function toVscodeDiagnostic(d: WireDiagnostic): vscode.Diagnostic {
  // Wire positions are 1-based (as the CLI prints them); VS Code's are 0-based.
  const range = new vscode.Range(d.line - 1, d.column - 1, d.endLine - 1, Math.max(d.endColumn - 1, d.line === d.endLine ? d.column : 0));
  const diagnostic = new vscode.Diagnostic(range, d.message, SEVERITIES[d.severity]);
  diagnostic.source = "nnspec";
  return diagnostic;
}

/**
 * Groups diagnostics by the file they are in (the spec itself, or a CSV or weights file it
 * names), in one pass, at most LIMITS.diagnosticsPerFile a file and one "and N more".
 */
export function byFile(specUri: vscode.Uri, diagnostics: readonly WireDiagnostic[], fileUri: (file: string) => vscode.Uri): Map<string, vscode.Diagnostic[]> {
  const out = new Map<string, vscode.Diagnostic[]>([[specUri.toString(), []]]);
  const groups = groupByFile(diagnostics, LIMITS.diagnosticsPerFile, (first, hidden) => ({ ...first, fix: undefined, message: moreProblemsMessage(hidden) }));
  for (const [file, list] of groups) out.set(file ? fileUri(file).toString() : specUri.toString(), list.map(toVscodeDiagnostic));
  return out;
}

function fixKey(uri: vscode.Uri, range: vscode.Range, message: string): string {
  return `${uri.toString()}|${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}|${message}`;
}

/**
 * The Problems panel's NNSpec entries. A spec's diagnostics may land on other files (its CSV, a
 * weights file); each publish replaces everything the spec put anywhere before. The fixes of
 * what is shown are kept for the Quick Fix provider, which gets back only VS Code's diagnostic.
 * One for the checker's problems ("nnspec"), one for what training found ("nnspec-findings"),
 * so neither replaces the other.
 */
export class SpecProblems implements vscode.Disposable {
  private readonly collection: vscode.DiagnosticCollection;
  /** Files other than the spec that a spec's diagnostics were put on, by spec. */
  private readonly relatedFiles = new Map<string, string[]>();
  /** The fixes of the diagnostics last published, by file, range and message. */
  private readonly fixes = new Map<string, SpecFix>();

  constructor(name: string) {
    this.collection = vscode.languages.createDiagnosticCollection(name);
  }

  /** Shows a spec's problems; `fileUri` turns a path the spec names (where a CSV's problem is) into its URI. */
  publish(specUri: vscode.Uri, wire: readonly WireDiagnostic[], fileUri: (file: string) => vscode.Uri): void {
    for (const key of [...this.fixes.keys()]) if (key.startsWith(`${specUri.toString()}|`)) this.fixes.delete(key);
    for (const d of wire) if (d.fix && !d.file) this.fixes.set(fixKey(specUri, toVscodeDiagnostic(d).range, d.message), d.fix);
    const grouped = byFile(specUri, wire, fileUri);
    for (const old of this.relatedFiles.get(specUri.toString()) ?? []) if (!grouped.has(old)) this.collection.delete(vscode.Uri.parse(old));
    for (const [file, list] of grouped) this.collection.set(vscode.Uri.parse(file), list);
    this.relatedFiles.set(
      specUri.toString(),
      [...grouped.keys()].filter((k) => k !== specUri.toString()),
    );
  }

  fixFor(uri: vscode.Uri, d: vscode.Diagnostic): SpecFix | undefined {
    return this.fixes.get(fixKey(uri, d.range, d.message));
  }

  delete(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
