/** Data in the form the trainer uses: row-major feature rows plus class labels or targets. */
import { t } from "../base/l10n";
import { LIMITS } from "../base/limits";
import type { Task } from "../base/task";

export type { Task } from "../base/task";

/**
 * How an image data set's pixels, kept one byte each (0–255) until a batch needs them, become
 * the numbers the network sees: byte × scale + offset, computed in this order everywhere (the
 * PyTorch export too), so every value is the same double. `shape` is one image's [height,
 * width, channels]; a row holds it flattened row-major, channels last.
 */
export interface PixelEncoding {
  shape: [number, number, number];
  scale: number;
  offset: number;
}

export interface Dataset {
  task: Task;
  rows: number;
  featureNames: string[];
  /**
   * rows × featureNames.length, row-major: the features as numbers, or, for images, their
   * pixels as bytes (a quarter of a million MNIST digits in 47 MB rather than 376), read
   * through `pixels`. Read rows with copyFeatureRows rather than indexing it.
   */
  x: Float64Array | Uint8Array;
  /** Set exactly when `x` holds pixels: how they become numbers, and the images' shape. */
  pixels?: PixelEncoding;
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

/** Rows [from, from + count) of `d`'s features into `out` from offset `at`, as numbers. */
export function copyFeatureRows(d: Dataset, from: number, count: number, out: Float64Array, at = 0): void {
  const f = d.featureNames.length;
  const x = d.x;
  if (x instanceof Float64Array) {
    out.set(x.subarray(from * f, (from + count) * f), at);
    return;
  }
  const { scale, offset } = pixelEncoding(d);
  const start = from * f;
  const n = count * f;
  for (let i = 0; i < n; i++) out[at + i] = x[start + i] * scale + offset;
}

/** Row `row` of `d`'s features as a new array of numbers. */
export function featureRow(d: Dataset, row: number): Float64Array {
  const out = new Float64Array(d.featureNames.length);
  copyFeatureRows(d, row, 1, out);
  return out;
}

/** The largest size of any feature of `d`. */
export function largestFeature(d: Dataset): number {
  let largest = 0;
  const x = d.x;
  for (let i = 0; i < x.length; i++) if (x[i] > largest || -x[i] > largest) largest = Math.abs(x[i]);
  if (x instanceof Float64Array || x.length === 0) return largest;
  const { scale, offset } = pixelEncoding(d);
  // Bytes are 0…255, so the extremes are at the smallest and largest byte.
  let smallest = 255;
  for (let i = 0; i < x.length; i++) if (x[i] < smallest) smallest = x[i];
  return Math.max(Math.abs(smallest * scale + offset), Math.abs(largest * scale + offset));
}

function pixelEncoding(d: Dataset): PixelEncoding {
  if (!d.pixels) throw new Error("a data set of bytes without its pixel encoding");
  return d.pixels;
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
  const x = d.x instanceof Float64Array ? new Float64Array(n * f) : new Uint8Array(n * f);
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
