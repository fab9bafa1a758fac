/**
 * `data.classNames`: names for generated and inline classes (and a CSV's class indices), in
 * the order of their indices, so the card, the confusion matrix, the boundary's legend and the
 * CLI say "dog" and "cat" instead of "class 0" and "class 1". The names must cover every class
 * the data has; whether they match the output layer is checked with the other output-layer
 * rules in resolve.ts.
 */
import type { Diagnostic } from "../base/diagnostics";
import type { SpecDocument } from "../base/document";
import { t } from "../base/l10n";
import type { Dataset } from "../data/dataset";
import type { RawSpec } from "./types";

const PATH = ["data", "classNames"];

/** Puts the spec's class names on `dataset`, or says why they do not fit. */
export function nameClasses(doc: SpecDocument, raw: RawSpec, dataset: Dataset): Diagnostic[] {
  const names = raw.data?.classNames;
  if (!names) return [];
  const ignored = (why: string) => [doc.keyDiagnostic("warning", t("{field} is ignored: {why}", { field: "data.classNames", why }), ["data"], "classNames")];
  if (dataset.task === "regression") return ignored(t("this is regression data (numbers to predict), it has no classes"));
  if (raw.data?.source === "csv" && dataset.classListComplete) return ignored(t("the CSV file's class labels are names already"));
  if (raw.data?.source === "imageFolder") return ignored(t("the class folders' names are the class names"));

  const known = dataset.classNames ?? [];
  // Generated data has a fixed number of classes; class indices need a name up to the largest.
  const fits = dataset.classListComplete ? names.length === known.length : names.length >= known.length;
  if (!fits) {
    const message = dataset.classListComplete
      ? t("data.classNames: gives {count} names, but the data has {classes} classes ({names}); give one name per class, class 0 first", {
          count: names.length,
          classes: known.length,
          names: known.join(", "),
        })
      : t("data.classNames: gives {count} names, but the labels use class indices up to {largest}; give one name per class, class 0 first", {
          count: names.length,
          largest: known.length - 1,
        });
    const value = Array.from({ length: known.length }, (_, i) => names[i] ?? t("class {index}", { index: i }));
    return [{ ...doc.diagnostic("error", message, PATH), fix: { title: t("Give {count} class names", { count: known.length }), path: PATH, value } }];
  }
  dataset.classNames = [...names];
  dataset.classListComplete = true;
  return [];
}
