/**
 * The strings NNSpec translates: every literal passed to t() or vscode.l10n.t() in the extension,
 * its workers, the core and the panel, plus the values translated as values (run statuses, the
 * loss names and explanations of the Switch Loss picker). A unit test checks that each language bundle in
 * l10n/ has them all, and that no t() call hides its key where this search cannot see it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LOSSES, lossRecord } from "../src/core/nn/losses";

export const RUN_STATUSES = ["training", "paused", "stopped", "done", "error", "invalid", "waiting"];

/** Folders whose .ts files are searched, with their subfolders. */
const SOURCE_FOLDERS = ["src", "webview"];

/** t() calls whose key is a variable, their keys listed in translatableStrings: statuses, the panel's own t() passing its key on, a loss's label (the built-in losses' records). */
export const DYNAMIC_KEYS = ["t(run.status)", "t(update.status)", "t(s)", "t(message, ...args)", "t(label)"];

function sourceFiles(root: string, folder: string): { path: string; text: string }[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, text: readFileSync(path, "utf8") };
    });
}

const LITERAL_CALL = /(?:\bl10n\.t|\bt)\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')/g;
/** A call of t() (not a mention in a comment, which is followed by ")" or a space). */
const ANY_CALL = /(?:\bl10n\.t|(?<![\w.]|function )t)\((?!\))[^)\n]*\)?/g;

export function translatableStrings(root: string): string[] {
  // The Switch Loss picker translates these through a function it is given (lossChoice.ts).
  const found = new Set<string>([...RUN_STATUSES, ...LOSSES.flatMap((l) => [lossRecord(l).description, lossRecord(l).label]), "{0} · current"]);
  for (const folder of SOURCE_FOLDERS) {
    for (const { text } of sourceFiles(root, folder)) {
      for (const m of text.matchAll(LITERAL_CALL)) found.add(JSON.parse(`"${(m[1] ?? m[2].replace(/"/g, '\\"')).replace(/\\'/g, "'")}"`));
    }
  }
  return [...found].sort();
}

/** Calls of t() whose key is not a string literal, e.g. a template literal, as "t(...)" text. */
export function nonLiteralCalls(root: string): string[] {
  const out: string[] = [];
  for (const folder of SOURCE_FOLDERS) {
    for (const { text } of sourceFiles(root, folder)) {
      for (const m of text.matchAll(ANY_CALL)) {
        const call = m[0].replace(/^l10n\./, "");
        if (!/^t\(\s*(["']|$)/.test(call)) out.push(call);
      }
    }
  }
  return out;
}
