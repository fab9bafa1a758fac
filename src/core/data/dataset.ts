/** Data in the form the trainer uses: row-major feature rows plus class labels or targets. */
import { t } from "../base/l10n";
import { LIMITS } from "../base/limits";

export type Task = "classification" | "regression";

export interface Dataset {
  task: Task;
  rows: number;
  featureNames: string[];
  /** rows × featureNames.length, row-major. */
  x: Float64Array;
  /** Classification: the class index of each row. */
  labels?: Int32Array;
  /** Classification: a name per class index ("red", "blue", or a CSV's label strings). */
  classNames?: string[];
  /**
   * Classification: true when classNames is the complete list (generated data, string labels);
   * false when the classes are indices seen in the data, and a class may just not occur in it.
   */
  classListComplete?: boolean;
  /** Regression: rows × targetCount, row-major. */
  targets?: Float64Array;
  targetCount: number;
}

export function featureCount(d: Dataset): number {
  return d.featureNames.length;
}

/** Classes are output units: the largest class index a layer of LIMITS.unitsPerLayer can hold. */
export const MAX_CLASS_INDEX = LIMITS.unitsPerLayer - 1;

/** A class index no output layer can have (a typo, or numbers meant for regression). */
export function classIndexTooLarge(field: string, value: number | string): string {
  return t(
    '{field}: class index {value} is more than an output layer can have (at most {units} units: classes 0 to {max}); if these are numbers to predict, set "task": "regression"',
    {
      field,
      value: typeof value === "number" ? String(value) : value,
      units: LIMITS.unitsPerLayer.toLocaleString("en"),
      max: MAX_CLASS_INDEX.toLocaleString("en"),
    },
  );
}
/** The rows `indices` of `d`, as a new data set. */
export function selectRows(d: Dataset, indices: ArrayLike<number>): Dataset {
  const f = featureCount(d);
  const n = indices.length;
  const x = new Float64Array(n * f);
  for (let r = 0; r < n; r++) x.set(d.x.subarray(indices[r] * f, indices[r] * f + f), r * f);
  const out: Dataset = { ...d, rows: n, x };
  if (d.labels) {
    const labels = new Int32Array(n);
    for (let r = 0; r < n; r++) labels[r] = d.labels[indices[r]];
    out.labels = labels;
  }
  if (d.targets) {
    const t = d.targetCount;
    const targets = new Float64Array(n * t);
    for (let r = 0; r < n; r++) targets.set(d.targets.subarray(indices[r] * t, indices[r] * t + t), r * t);
    out.targets = targets;
  }
  return out;
}
