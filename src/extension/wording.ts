/**
 * Text the extension host shows that is put together rather than written in one t() call: the
 * spec snippets' descriptions (snippets/nnspec.code-snippets holds them in English, as VS Code's
 * snippet files do) and lists of names. Free of `vscode`, so the unit tests can check every
 * language; the host passes vscode.l10n.t as `t`.
 */

type Translate = (message: string, ...args: (string | number)[]) => string;

/** Each snippet's description, by its name in snippets/nnspec.code-snippets; the English is the file's. */
export function snippetDescriptions(t: Translate): Record<string, string> {
  return {
    "NNSpec layer": t("A layer: how many neurons, and the function applied to each one's weighted sum"),
    "NNSpec generated dataset": t("Generated 2-D data: points of two classes (or a surface for regression)"),
    "NNSpec CSV dataset": t("Data from a CSV file beside the spec"),
    "NNSpec optimizer": t("How the weights move against their gradient"),
  };
}

/** Names as a list in the user's language: "a", "a and b", "a, b and c". */
export function listOfNames(names: readonly string[], t: Translate): string {
  if (names.length <= 1) return names[0] ?? "";
  return t("{0} and {1}", names.slice(0, -1).join(", "), names[names.length - 1]);
}
