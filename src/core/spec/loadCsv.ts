/**
 * A spec's CSV data: feature columns by name, or image pixels (`"pixels"`: the columns
 * prefix0, prefix1, … of Kaggle's "label,pixel0,…,pixel783"), and the target column; the CSV's
 * problems at their line and column, and one on data.path so the spec shows them too.
 */
import type { Diagnostic } from "../base/diagnostics";
import type { SpecDocument } from "../base/document";
import { pathProblem, type SpecFiles } from "../base/files";
import { t } from "../base/l10n";
import { readCsv } from "../data/csv";
import type { Dataset } from "../data/dataset";
import { imageDataset } from "../data/images/pixels";
import { givesProbabilities } from "../nn/activations";
import type { RawSpec } from "./types";

/** True when the last layer's activation (given or not) makes outputs probabilities. */
function probabilityOutput(raw: RawSpec): boolean {
  const a = raw.layers[raw.layers.length - 1].activation;
  return a === undefined || givesProbabilities(a);
}

export function loadCsv(doc: SpecDocument, raw: RawSpec, files: SpecFiles): { dataset?: Dataset; diagnostics: Diagnostic[] } {
  const data = raw.data ?? {};
  const needed = data.pixels ? (["path", "target"] as const) : (["path", "features", "target"] as const);
  const missing = needed.filter((f) => data[f] === undefined);
  if (missing.length) {
    const example = { path: '"path": "data.csv"', features: '"features": ["col1", "col2"]', target: '"target": "label"' };
    return { diagnostics: [doc.diagnostic("error", t("data: CSV data needs {fields}", { fields: missing.map((m) => example[m]).join(", ") }), ["data"])] };
  }
  const unusable = pathProblem(data.path as string);
  if (unusable) return { diagnostics: [doc.diagnostic("error", `data.path: ${unusable}`, ["data", "path"])] };
  const resolved = files.resolve(data.path as string);
  if ("error" in resolved) return { diagnostics: [doc.diagnostic("error", `data.path: ${resolved.error}`, ["data", "path"])] };
  let bytes: Uint8Array;
  try {
    bytes = files.read(resolved.path);
  } catch (e) {
    return {
      diagnostics: [
        doc.diagnostic("error", t("data.path: {error}; give a CSV file's path relative to the spec's folder", { error: (e as Error).message }), [
          "data",
          "path",
        ]),
      ],
    };
  }
  const result = readCsv({
    bytes,
    file: resolved.path,
    features: data.pixels ? pixelColumns(data.pixels) : (data.features as string[]),
    target: data.target as string,
    task: data.task,
    probabilityOutput: probabilityOutput(raw),
  });
  if (result.diagnostics.some((d) => d.severity === "error")) {
    // The CSV's own problems, plus one on the spec's data.path so the spec shows it too.
    const first = result.diagnostics[0];
    // Every problem counted, the ones the list only counts ("and N more") too.
    const count = result.diagnostics.reduce((n, d) => n + (d.more ?? 1), 0);
    // The CSV's diagnostics start "file:line: " (or "file: "); the summary says both already.
    const firstMessage = first.message.startsWith(resolved.path) ? first.message.slice(resolved.path.length).replace(/^(:\d+)?: /, "") : first.message;
    const summary = doc.diagnostic(
      "error",
      result.diagnostics.length === 1
        ? t("data.path: a problem in the CSV file at line {line}: {message}", { line: first.line, message: firstMessage })
        : t("data.path: {count} problems in the CSV file; the first, at line {line}: {message}", {
            count: count.toLocaleString("en"),
            line: first.line,
            message: firstMessage,
          }),
      ["data", "path"],
    );
    return { diagnostics: [summary, ...result.diagnostics] };
  }
  if (!data.pixels || !result.dataset) return result;
  return asImages(doc, raw, result.dataset, result.diagnostics);
}

/** The columns of `pixels`: prefix0 … prefix(H·W·C − 1). */
function pixelColumns(pixels: NonNullable<NonNullable<RawSpec["data"]>["pixels"]>): string[] {
  const n = pixels.shape[0] * pixels.shape[1] * pixels.shape[2];
  return Array.from({ length: n }, (_, i) => `${pixels.prefix}${i}`);
}

/** A CSV's pixel columns as an image data set: each value a whole number from 0 to 255. */
function asImages(doc: SpecDocument, raw: RawSpec, d: Dataset, warnings: Diagnostic[]): { dataset?: Dataset; diagnostics: Diagnostic[] } {
  const pixels = raw.data?.pixels as NonNullable<NonNullable<RawSpec["data"]>["pixels"]>;
  if (d.task !== "classification" || !d.labels)
    return {
      diagnostics: [
        doc.diagnostic(
          "error",
          t('data.pixels: images need class labels in "{target}"; this target holds numbers to predict', { target: raw.data?.target ?? "" }),
          ["data", "target"],
        ),
      ],
    };
  const x = d.x as Float64Array;
  const bytes = new Uint8Array(x.length);
  const f = d.featureNames.length;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!(Number.isInteger(v) && v >= 0 && v <= 255))
      return {
        diagnostics: [
          doc.diagnostic(
            "error",
            t("data.pixels: sample {row} has {value} in column {column}; pixel values must be whole numbers from 0 to 255", {
              row: Math.floor(i / f),
              value: String(v),
              column: d.featureNames[i % f],
            }),
            ["data", "pixels"],
          ),
        ],
      };
    bytes[i] = v;
  }
  const images = imageDataset(bytes, [...pixels.shape], d.labels, d.classNames ?? [], raw.data?.scale ?? "unit", d.classListComplete ?? false);
  return { dataset: images, diagnostics: warnings };
}
