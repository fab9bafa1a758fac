/**
 * The files a spec's text names, as written: its CSV (`data.path` with `"source": "csv"`) and
 * its initial-weights file (an `init` that is not a scheme). Whoever reads files (the extension
 * host, through vscode.workspace.fs) reads these before the spec is loaded, so loading stays
 * synchronous and the workers never touch the file system. Lenient on purpose: a spec with
 * errors still names the files whose problems it should show.
 */
import { parse } from "jsonc-parser";
import { BUNDLED_DIGITS } from "../base/files";
import { INIT_SCHEMES } from "../nn/init";

/** The folder an "imageFolder" spec reads every picture of (its class subfolders), as written; null for other sources. */
export function namedFolder(text: string): string | null {
  const value: unknown = parse(text, [], { allowTrailingComma: true });
  const data = (value as { data?: { source?: unknown; path?: unknown } } | null)?.data;
  return data?.source === "imageFolder" && typeof data.path === "string" && data.path !== "" ? data.path : null;
}

export function namedFiles(text: string): string[] {
  const value: unknown = parse(text, [], { allowTrailingComma: true });
  if (typeof value !== "object" || value === null) return [];
  const spec = value as { data?: Record<string, unknown>; init?: unknown };
  const files: string[] = [];
  const data = spec.data ?? {};
  const named = (field: string) => {
    const path = data[field];
    if (typeof path === "string" && path !== "") files.push(path);
  };
  if (data.source === "csv") named("path");
  if (data.source === "idx") for (const field of ["images", "labels", "validationImages", "validationLabels"]) named(field);
  if (data.source === "digits") files.push(BUNDLED_DIGITS.images, BUNDLED_DIGITS.labels);
  if (typeof spec.init === "string" && spec.init !== "" && !(INIT_SCHEMES as readonly string[]).includes(spec.init)) files.push(spec.init);
  return files;
}
