/** Turns a spec's `data` section into a Dataset, with diagnostics pointing into the spec or the CSV. */

import { type Diagnostic, ProblemList } from "../base/diagnostics";
import type { SpecDocument } from "../base/document";
import type { SpecFiles } from "../base/files";
import { formatNumber } from "../base/format";
import { t } from "../base/l10n";
import { classIndexTooLarge, type Dataset, MAX_CLASS_INDEX, type Task } from "../data/dataset";
import { type GeneratedSource, generate } from "../data/generators";
import { givesProbabilities } from "../nn/activations";
import { loadImageFolder } from "./imageFolder";
import { loadCsv } from "./loadCsv";
import { type ImageLoad, loadDigits, loadIdx } from "./loadImages";
import type { RawSpec } from "./types";
import { DEFAULTS } from "./types";

const GENERATED_ONLY = ["samples", "noise"] as const;
const INLINE_ONLY = ["x", "y", "task"] as const;
const CSV_ONLY = ["path", "features", "target"] as const;
const IMAGE_ONLY = ["scale", "size", "channels", "pixels"] as const;
const IDX_ONLY = ["images", "labels", "validationImages", "validationLabels"] as const;

export function loadDataset(doc: SpecDocument, raw: RawSpec, files: SpecFiles): ImageLoad {
  const data = raw.data ?? {};
  const source = data.source ?? "spiral";
  const diagnostics: Diagnostic[] = [];
  const warnIgnored = (fields: readonly string[], why: string) => {
    for (const f of fields) {
      if (f in data) diagnostics.push(doc.keyDiagnostic("warning", t("{field} is ignored: {why}", { field: `data.${f}`, why }), ["data"], f));
    }
  };

  if (source === "inline") {
    warnIgnored([...GENERATED_ONLY, ...CSV_ONLY], t('the data is given inline ("source": "inline")'));
    return withWarnings(diagnostics, loadInline(doc, raw));
  }
  if (source === "csv") {
    warnIgnored(
      [...GENERATED_ONLY, "x", "y", "size", "channels", ...IDX_ONLY, ...(data.pixels ? [] : (["scale"] as const))],
      t('the data comes from a CSV file ("source": "csv")'),
    );
    return withWarnings(diagnostics, loadCsv(doc, raw, files));
  }
  if (source === "digits") {
    warnIgnored([...INLINE_ONLY, ...CSV_ONLY, ...IDX_ONLY, "noise", "size", "channels", "pixels"], t("the digits ship with NNSpec"));
    return withWarnings(diagnostics, loadDigits(doc, raw, files));
  }
  if (source === "idx") {
    warnIgnored([...INLINE_ONLY, ...CSV_ONLY, ...GENERATED_ONLY, "size", "channels", "pixels"], t('the data comes from IDX files ("source": "idx")'));
    if (data.validationImages !== undefined) warnIgnored(["validationSplit"], t("data.validationImages holds the validation data"));
    return withWarnings(diagnostics, loadIdx(doc, raw, files));
  }
  if (source === "imageFolder") {
    warnIgnored(
      [...INLINE_ONLY, "features", "target", ...IDX_ONLY, ...GENERATED_ONLY, "pixels"],
      t('the data comes from a folder of images ("source": "imageFolder")'),
    );
    return withWarnings(diagnostics, loadImageFolder(doc, raw, files));
  }
  warnIgnored([...INLINE_ONLY, ...CSV_ONLY, ...IMAGE_ONLY, ...IDX_ONLY], t('"{source}" data is generated', { source }));
  const dataset = generate(source as GeneratedSource, data.samples ?? DEFAULTS.samples, data.noise ?? DEFAULTS.noise, data.seed ?? DEFAULTS.dataSeed);
  return { dataset, diagnostics };
}

function withWarnings(warnings: Diagnostic[], result: ImageLoad): ImageLoad {
  return { ...result, diagnostics: [...warnings, ...result.diagnostics] };
}

function loadInline(doc: SpecDocument, raw: RawSpec): { dataset?: Dataset; diagnostics: Diagnostic[] } {
  const data = raw.data ?? {};
  const diagnostics: Diagnostic[] = [];
  const { x, y } = data;
  if (!x || !y) {
    const missing = !x ? "x" : "y";
    diagnostics.push(
      doc.diagnostic(
        "error",
        missing === "x"
          ? t('data: inline data needs "x": one array of features per sample')
          : t('data: inline data needs "y": one class index or target per sample'),
        ["data"],
      ),
    );
    return { diagnostics };
  }
  if (x.length === 0) diagnostics.push(doc.diagnostic("error", t("data.x: add at least one sample"), ["data", "x"]));
  if (x.length !== y.length) {
    diagnostics.push(
      doc.diagnostic(
        "error",
        t("data.y: has {entries} entries but data.x has {samples} samples; give one y per sample", { entries: y.length, samples: x.length }),
        ["data", "y"],
      ),
    );
  }
  const width = x[0]?.length ?? 0;
  const ragged = new ProblemList();
  x.forEach((row, i) => {
    if (row.length !== width)
      ragged.add(() =>
        doc.diagnostic(
          "error",
          t("{field}: has {count} features but data.x[0] has {width}; every sample needs the same number", { field: `data.x[${i}]`, count: row.length, width }),
          ["data", "x", i],
        ),
      );
  });
  for (const d of ragged.list()) diagnostics.push(d);
  let arrays = 0;
  for (const v of y) if (Array.isArray(v)) arrays++;
  if (arrays !== 0 && arrays !== y.length) {
    diagnostics.push(
      doc.diagnostic("error", t("data.y: mixes numbers and arrays; use a number per sample, or an array of the same length per sample"), ["data", "y"]),
    );
  }
  if (diagnostics.length) return { diagnostics };

  const rows = x.length;
  const xs = new Float64Array(rows * width);
  x.forEach((row, i) => {
    xs.set(row, i * width);
  });
  const featureNames = Array.from({ length: width }, (_, i) => `x${i + 1}`);
  const integerLabels = arrays === 0 && (y as number[]).every((v) => Number.isInteger(v) && v >= 0);
  const lastLayer = raw.layers[raw.layers.length - 1];
  const classLike = integerLabels && (givesProbabilities(lastLayer.activation) || (lastLayer.activation === undefined && lastLayer.units > 1));
  const task: Task = data.task ?? (classLike ? "classification" : "regression");
  // Whole numbers under a probability output are meant as class indices: a negative one is a
  // mistake in that index, not a sign that the data is regression.
  const probabilities = givesProbabilities(lastLayer.activation);
  if (arrays === 0 && data.task !== "regression" && probabilities && (y as number[]).every((v) => Number.isInteger(v))) {
    const negative = (y as number[]).findIndex((v) => v < 0);
    if (negative >= 0) {
      const value = (y as number[])[negative];
      diagnostics.push(
        doc.diagnostic(
          "error",
          t("data.y[{index}]: {value} is not a class index; class indices count from 0 (0, 1, 2, …), one per output unit", {
            index: negative,
            value: formatNumber(value),
          }),
          ["data", "y", negative],
        ),
      );
      return { diagnostics };
    }
  }

  if (task === "classification") {
    if (!integerLabels) {
      diagnostics.push(doc.diagnostic("error", t("data.y: classification needs a class index (0, 1, 2, …) per sample"), ["data", "y"]));
      return { diagnostics };
    }
    const tooLarge = new ProblemList();
    const labels = new Int32Array(rows);
    let largest = 0;
    (y as number[]).forEach((v, i) => {
      if (v > MAX_CLASS_INDEX) tooLarge.add(() => doc.diagnostic("error", classIndexTooLarge(`data.y[${i}]`, v), ["data", "y", i]));
      else {
        labels[i] = v;
        if (v > largest) largest = v;
      }
    });
    if (tooLarge.count) return { diagnostics: tooLarge.list() };
    const classNames = Array.from({ length: largest + 1 }, (_, i) => t("class {index}", { index: i }));
    return { dataset: { task, rows, featureNames, x: xs, labels, classNames, classListComplete: false, targetCount: 1 }, diagnostics };
  }
  const targetCount = arrays ? (y[0] as number[]).length : 1;
  const wrongCount = new ProblemList();
  y.forEach((v, i) => {
    if (Array.isArray(v) && v.length !== targetCount) {
      wrongCount.add(() =>
        doc.diagnostic(
          "error",
          t("{field}: has {count} targets but data.y[0] has {expected}", { field: `data.y[${i}]`, count: v.length, expected: targetCount }),
          ["data", "y", i],
        ),
      );
    }
  });
  if (wrongCount.count) return { diagnostics: wrongCount.list() };
  const targets = new Float64Array(rows * targetCount);
  y.forEach((v, i) => {
    if (Array.isArray(v)) targets.set(v, i * targetCount);
    else targets[i] = v;
  });
  return { dataset: { task, rows, featureNames, x: xs, targets, targetCount }, diagnostics };
}
