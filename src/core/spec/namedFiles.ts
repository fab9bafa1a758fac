/**
 * The files a spec's text names, as written: its CSV (`data.path` with `"source": "csv"`) and
 * its initial-weights file (an `init` that is not a scheme). Whoever reads files (the extension
 * host, through vscode.workspace.fs) reads these before the spec is loaded, so loading stays
 * synchronous and the workers never touch the file system. Lenient on purpose: a spec with
 * errors still names the files whose problems it should show.
 */
import { parse } from "jsonc-parser";
import { INIT_SCHEMES } from "../nn/init";

export function namedFiles(text: string): string[] {
  const value: unknown = parse(text, [], { allowTrailingComma: true });
  if (typeof value !== "object" || value === null) return [];
  const spec = value as { data?: { source?: unknown; path?: unknown }; init?: unknown };
  const files: string[] = [];
  if (spec.data?.source === "csv" && typeof spec.data.path === "string" && spec.data.path !== "") files.push(spec.data.path);
  if (typeof spec.init === "string" && spec.init !== "" && !(INIT_SCHEMES as readonly string[]).includes(spec.init)) files.push(spec.init);
  return files;
}
