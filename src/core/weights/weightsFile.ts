/**
 * The weights JSON format shared by `init`, `--init`, `--save-weights` and "Export Weights":
 * { "layers": [ { "weights": [[...]], "biases": [...] }, ... ] }, one entry per non-input layer,
 * weights[i][j] from unit i of the layer below to unit j of this layer (Keras's kernel layout).
 */

import { type Diagnostic, excerpt, formatPath, type JsonPath, LineIndex, makeDiagnostic } from "../base/diagnostics";
import { SpecDocument, tooDeepAt } from "../base/document";
import { t } from "../base/l10n";
import { LIMITS } from "../base/limits";
import type { Network } from "../nn/network";

export interface WeightsJson {
  layers: { weights: number[][]; biases: number[] }[];
}

export function networkToWeightsJson(net: Network): WeightsJson {
  const layers: WeightsJson["layers"] = [];
  for (let k = 0; k < net.layerCount; k++) {
    const inDim = net.sizes[k];
    const outDim = net.sizes[k + 1];
    const weights: number[][] = [];
    for (let i = 0; i < inDim; i++) weights.push(Array.from(net.weights[k].subarray(i * outDim, (i + 1) * outDim)));
    layers.push({ weights, biases: Array.from(net.biases[k]) });
  }
  return { layers };
}

export function copyWeightsIntoNetwork(w: WeightsJson, net: Network): void {
  w.layers.forEach((layer, k) => {
    const outDim = net.sizes[k + 1];
    layer.weights.forEach((row, i) => {
      net.weights[k].set(row, i * outDim);
    });
    net.biases[k].set(layer.biases);
  });
}

/**
 * Parses a weights file's text and checks it fits a network of `sizes`; problems are
 * diagnostics on that file, at the offending entry.
 */
export function parseWeightsFile(text: string, file: string, sizes: readonly number[]): { weights?: WeightsJson; diagnostics: Diagnostic[] } {
  if (text.length > LIMITS.specCharacters) return parseLargeWeightsFile(text, file, sizes);
  const doc = new SpecDocument(text);
  const diagnostics: Diagnostic[] = doc.syntaxDiagnostics.map((d) => ({ ...d, file, message: `${file}: ${d.message}` }));
  if (diagnostics.length) return { diagnostics };
  const problem = (path: JsonPath, message: string) => diagnostics.push({ ...doc.diagnostic("error", `${file}: ${formatPath(path)}: ${message}`, path), file });
  const value = doc.value as WeightsJson | undefined;
  checkShape(value, sizes, problem);
  return diagnostics.length ? { diagnostics } : { weights: value, diagnostics };
}

/**
 * A weights file too large for a tree of positions (10 million parameters take about 200 MB of
 * text): parsed as plain JSON, its problems named by path on the file's first line.
 */
function parseLargeWeightsFile(text: string, file: string, sizes: readonly number[]): { weights?: WeightsJson; diagnostics: Diagnostic[] } {
  const lines = new LineIndex(text.slice(0, 1));
  const diagnostics: Diagnostic[] = [];
  const onFile = (message: string, offset = 0) => diagnostics.push({ ...makeDiagnostic(lines, "error", `${file}: ${message}`, [], offset, 1), file });
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    onFile(
      t("syntax error: more than {limit} arrays and objects inside each other here; a spec or weights file needs at most 5", { limit: LIMITS.nestingDepth }),
    );
    return { diagnostics };
  }
  let value: WeightsJson | undefined;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    onFile(
      t("not valid JSON ({error}); a weights file this large must be plain JSON, without comments or trailing commas", {
        error: excerpt((e as Error).message, 120),
      }),
    );
    return { diagnostics };
  }
  checkShape(value, sizes, (path, message) => onFile(`${formatPath(path)}: ${message}`));
  return diagnostics.length ? { diagnostics } : { weights: value, diagnostics };
}

/** Checks a parsed weights file fits a network of `sizes`, reporting each problem by path. */
function checkShape(value: WeightsJson | undefined, sizes: readonly number[], problem: (path: JsonPath, message: string) => void): void {
  const expected = sizes.length - 1;
  if (!value || typeof value !== "object" || !Array.isArray(value.layers)) {
    problem([], t("expected an object {example}", { example: '{ "layers": [ { "weights": [[...]], "biases": [...] }, ... ] }' }));
    return;
  }
  if (value.layers.length !== expected) {
    problem(
      ["layers"],
      t("has {count} entries, but the spec has {expected} layers after the input; give one entry per non-input layer", {
        count: value.layers.length,
        expected,
      }),
    );
    return;
  }
  const isNumber = (v: unknown) => typeof v === "number" && Number.isFinite(v);
  // A file too large for positions is parsed by JSON.parse, which reads 1e400 as Infinity: that
  // entry is named on its own, not as a row of the wrong kind.
  const tooLarge = (values: unknown[]) => values.findIndex((v) => typeof v === "number" && !Number.isFinite(v));
  const numbers = (path: JsonPath, values: unknown, count: number, wrong: string) => {
    const at = Array.isArray(values) && values.length === count ? tooLarge(values) : -1;
    if (at !== -1) problem([...path, at], t("a number too large for a double (the largest is about 1.8e308); write a smaller one"));
    else if (!Array.isArray(values) || values.length !== count || !values.every(isNumber)) problem(path, wrong);
  };
  value.layers.forEach((layer, k) => {
    const inDim = sizes[k];
    const outDim = sizes[k + 1];
    const w = layer?.weights;
    if (!Array.isArray(w) || w.length !== inDim) {
      problem(
        ["layers", k, "weights"],
        t("must have {rows} rows (one per unit of the layer below), each of {columns} numbers", { rows: inDim, columns: outDim }),
      );
    } else {
      w.forEach((row, i) => {
        numbers(["layers", k, "weights", i], row, outDim, t("must be {count} numbers (one per unit of this layer)", { count: outDim }));
      });
    }
    numbers(["layers", k, "biases"], layer?.biases, outDim, t("must be {count} numbers", { count: outDim }));
  });
}
