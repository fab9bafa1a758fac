/** One training batch: rows of the data set, in the epoch's order, copied into the network's input and the batch's targets. */
import { copyFeatureRows, type Dataset } from "../data/dataset";

/**
 * Copies data rows `rows[r]` (f features each) and their target rows (width numbers each, from
 * `allTargets`) into `input` and `targets`, row r at r.
 */
export function copyBatch(
  data: Dataset,
  f: number,
  allTargets: Float64Array,
  width: number,
  rows: Uint32Array,
  input: Float64Array,
  targets: Float64Array,
): void {
  const x = data.x;
  for (let r = 0; r < rows.length; r++) {
    const src = rows[r];
    // Numbers are copied inline (a spiral batch is 64 of them); pixels become numbers here.
    if (x instanceof Float64Array) for (let i = 0; i < f; i++) input[r * f + i] = x[src * f + i];
    else copyFeatureRows(data, src, 1, input, r * f);
    for (let j = 0; j < width; j++) targets[r * width + j] = allTargets[src * width + j];
  }
}
