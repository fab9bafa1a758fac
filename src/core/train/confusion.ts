/**
 * The confusion matrix of a classifier, as tfjs-vis shows it: how many samples of each true class
 * the network put in each class. Accuracy says how often it is right; this says which classes it
 * mixes up (and, in the lesson's number-guessing game, that a falling loss can still guess wrong).
 */

/**
 * The most classes a confusion matrix is counted for. Past it the table is no longer readable (a
 * row wider than any panel), and its classes² counts, counted every epoch and posted with every
 * update, would cost more than the training: 4,096 classes make 16.7 million cells.
 */
export const MAX_CONFUSION_CLASSES = 64;

/** The classes a classifier's output of `width` units tells apart (one sigmoid unit: 2). */
export function outputClasses(width: number): number {
  return width === 1 ? 2 : width;
}

export interface ConfusionMatrix {
  /** Which samples were counted: the validation set, or the training set when there is none. */
  of: "validation" | "training";
  classes: number;
  /** counts[true * classes + predicted], row by row. */
  counts: number[];
}

/**
 * The class an output row predicts: its argmax (the first of equals), or class 1 when one sigmoid
 * output is above 0.5 (exactly 0.5 is class 0). The one rule: accuracy, the confusion matrix and
 * the panel's decision boundary all use it.
 */
export function predictedClass(output: ArrayLike<number>, offset: number, width: number): number {
  if (width === 1) return output[offset] > 0.5 ? 1 : 0;
  let best = 0;
  for (let j = 1; j < width; j++) if (output[offset + j] > output[offset + best]) best = j;
  return best;
}

/** The true class of a target row (see targetMatrix): its one-hot index, or its 0/1 value. */
export function trueClass(targets: Float64Array, offset: number, width: number): number {
  if (width === 1) return targets[offset] > 0.5 ? 1 : 0;
  for (let j = 0; j < width; j++) if (targets[offset + j] === 1) return j;
  return 0;
}

/** Counts `rows` rows of outputs against their targets into counts[true * classes + predicted]. */
export function addToConfusion(counts: Float64Array, output: Float64Array, targets: Float64Array, rows: number, width: number): void {
  const classes = outputClasses(width);
  for (let r = 0; r < rows; r++) counts[trueClass(targets, r * width, width) * classes + predictedClass(output, r * width, width)]++;
}
