/**
 * The panel's words in the user's language: the host passes VS Code's loaded translation bundle
 * (undefined for English) in the page's initial state, and @vscode/l10n looks strings up in it.
 */
import * as l10n from "@vscode/l10n";

export function configureL10n(bundle: Record<string, string> | undefined): void {
  if (bundle) l10n.config({ contents: bundle });
}

/** A translated string; {0}, {1}… are replaced by `args`. */
export function t(message: string, ...args: (string | number)[]): string {
  return l10n.t(message, ...args);
}

/** A run's status in words ("training", "paused", …): the one place the panel translates it. */
export function statusWord(s: string): string {
  return t(s);
}
