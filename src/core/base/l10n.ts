/**
 * The core's messages (diagnostics, Quick Fix titles, gradient findings, training failures) are
 * written in English and go through @vscode/l10n's t(). Placeholders are named ({field},
 * {value}) so a translation can put them in its own word order; field paths, values and JSON
 * snippets are always arguments, never translated.
 *
 * A process that shows these messages in another language calls useTranslations() first with
 * the extension's bundle: the host hands vscode.l10n.bundle to its workers. Without it, t()
 * formats the English. Keys must be string literals: scripts/l10nStrings.ts finds them so a test
 * can check every bundle translates them all.
 */
import * as l10n from "@vscode/l10n";

export const t = l10n.t;

/** Uses `bundle` (a parsed l10n/bundle.l10n.<lang>.json) from now on; undefined means English. */
export function useTranslations(bundle: l10n.l10nJsonFormat | undefined): void {
  l10n.config({ contents: bundle ?? {} });
}
