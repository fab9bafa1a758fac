/**
 * The spec snippets (`nn-layer`, `nn-data`, …), offered only in .nnspec.json files: a
 * completion provider registered for specs, rather than snippets contributed to every JSONC file
 * (settings.json and tsconfig.json have no use for a "layer").
 */
import * as vscode from "vscode";
import snippets from "../../snippets/nnspec.code-snippets";
import { snippetDescriptions } from "./wording";

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string | string[];
}

export class SpecSnippets implements vscode.CompletionItemProvider {
  provideCompletionItems(): vscode.CompletionItem[] {
    const descriptions = snippetDescriptions(vscode.l10n.t);
    return Object.entries(snippets as Record<string, Snippet>).flatMap(([name, s]) =>
      [s.prefix].flat().map((prefix) => {
        const item = new vscode.CompletionItem(prefix, vscode.CompletionItemKind.Snippet);
        item.insertText = new vscode.SnippetString([s.body].flat().join("\n"));
        item.detail = descriptions[name] ?? s.description;
        item.documentation = new vscode.MarkdownString().appendCodeblock([s.body].flat().join("\n"), "jsonc");
        return item;
      }),
    );
  }
}
