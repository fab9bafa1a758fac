/**
 * The strings the extension and its panel translate: every literal passed to t() or
 * vscode.l10n.t(), plus the run statuses, which are translated as values. A unit test checks
 * that each language bundle in l10n/ has them all.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const RUN_STATUSES = ["training", "paused", "stopped", "done", "error", "invalid", "waiting"];

export function translatableStrings(root: string): string[] {
  const found = new Set<string>(RUN_STATUSES);
  const call = /(?:\bl10n\.t|\bt)\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')/g;
  for (const folder of ["src/extension", "webview"]) {
    for (const file of readdirSync(join(root, folder))) {
      if (!file.endsWith(".ts")) continue;
      const text = readFileSync(join(root, folder, file), "utf8");
      for (const m of text.matchAll(call)) found.add(JSON.parse(`"${(m[1] ?? m[2].replace(/"/g, '\\"')).replace(/\\'/g, "'")}"`));
    }
  }
  return [...found].sort();
}
