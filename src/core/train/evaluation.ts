/** Loss and accuracy of a network over a whole data set, in chunks, without training. */

import { EVALUATION_CHUNK } from "../base/limits";
import { copyFeatureRows, type Dataset } from "../data/dataset";
import type { LossName } from "../nn/losses";
import type { Network } from "../nn/network";
import type { ResolvedSpec } from "../spec/types";
import { addToConfusion } from "./confusion";
import { countCorrect } from "./metrics";

export { EVALUATION_CHUNK } from "../base/limits";

export interface Evaluation {
  loss: number;
  accuracy: number;
}

/**
 * Mean loss and accuracy of `net` over `data` (targets: its target matrix), with the current
 * weights; classification counts go into `confusion` when given. Null for an empty data set.
 */
export function evaluateData(
  net: Network,
  spec: ResolvedSpec,
  loss: LossName,
  data: Dataset,
  targets: Float64Array,
  confusion?: Float64Array,
): Evaluation | null {
  if (data.rows === 0) return null;
  const width = net.outputSize;
  const regression = spec.task === "regression";
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < data.rows; start += EVALUATION_CHUNK) {
    const rows = Math.min(EVALUATION_CHUNK, data.rows - start);
    copyFeatureRows(data, start, rows, net.inputBuffer(rows));
    const output = net.forward(rows);
    const t = targets.subarray(start * width, (start + rows) * width);
    lossSum += net.lossSum(loss, t);
    correct += countCorrect(output, t, 0, rows, width, regression, spec.metrics.tolerance);
    if (confusion) addToConfusion(confusion, output, t, rows, width);
  }
  const per = regression ? data.rows * width : data.rows;
  return { loss: lossSum / data.rows, accuracy: correct / per };
}
