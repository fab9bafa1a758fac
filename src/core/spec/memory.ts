/**
 * The memory a training run needs, estimated before it starts from what the trainer allocates
 * (src/core/train/trainer.ts, src/core/nn/network.ts). These are typed arrays, outside the
 * JavaScript heap, so no heap limit stops them: a run past LIMITS.runMemoryBytes is an error.
 */
import type { Diagnostic } from "../base/diagnostics";
import type { SpecDocument } from "../base/document";
import { t } from "../base/l10n";
import { EVALUATION_CHUNK, LIMITS } from "../base/limits";
import type { Dataset } from "../data/dataset";
import { heldOutRows } from "../data/split";
import { stepRule } from "../nn/optimizers";
import type { ResolvedSpec } from "./types";

const FLOAT = 8;
/** Two-input networks draw the decision boundary in chunks of this many rows (boundary.ts). */
const BOUNDARY_CHUNK = 1024;

export interface RunMemory {
  /** Rows the network's batch buffers hold. */
  batchRows: number;
  /** Bytes per batch row: each layer's input, total input (z) and error derivative (delta). */
  bytesPerBatchRow: number;
  batches: number;
  /** The data, its labels or targets, and the one-hot targets of classifiers. */
  data: number;
  /** Weights and biases, their gradients, the optimizer's state per parameter. */
  parameters: number;
  total: number;
}

export function runMemory(spec: ResolvedSpec, data: Dataset): RunMemory {
  const { sizes } = spec;
  const rows = data.rows;
  const trainRows = rows - heldOutRows(rows, spec.data.validationSplit);
  const validationRows = rows - trainRows;
  const requested = spec.training.batchSize;
  const batch = requested === "full" ? trainRows : Math.min(requested, trainRows);
  const batchRows = Math.max(batch, Math.min(EVALUATION_CHUNK, Math.max(1, validationRows)), sizes[0] === 2 ? BOUNDARY_CHUNK : 0);
  const outputs = sizes[sizes.length - 1];
  let unitsAbove = 0;
  for (let k = 1; k < sizes.length; k++) unitsAbove += sizes[k];
  const bytesPerBatchRow = (sizes[0] + 3 * unitsAbove) * FLOAT;
  // Dropout (src/core/nn/dropout.ts): per layer with a rate, the batch's mask and the output before it.
  let droppedUnits = 0;
  spec.dropout.forEach((p, k) => {
    if (p > 0) droppedUnits += sizes[k + 1];
  });
  const batches = batchRows * bytesPerBatchRow + batch * outputs * FLOAT + droppedUnits * (batch + batchRows) * FLOAT;

  const features = data.featureNames.length;
  const labelsOrTargets = data.task === "classification" ? rows * (4 + outputs * FLOAT) : rows * data.targetCount * FLOAT;
  // Pixels are kept one byte each; other features as doubles.
  const dataBytes = rows * features * (data.pixels ? 1 : FLOAT) + labelsOrTargets + trainRows * 4;

  let parameterCount = 0;
  for (let k = 1; k < sizes.length; k++) parameterCount += (sizes[k - 1] + 1) * sizes[k];
  const optimizerState = stepRule(spec.optimizer).stateArrays;
  const parameters = parameterCount * FLOAT * (2 + optimizerState);
  return { batchRows, bytesPerBatchRow, batches, data: dataBytes, parameters, total: batches + dataBytes + parameters };
}

/** An error on the part to lower when the run needs more than LIMITS.runMemoryBytes. */
export function checkRunMemory(doc: SpecDocument, spec: ResolvedSpec, data: Dataset): Diagnostic | undefined {
  const m = runMemory(spec, data);
  if (m.total <= LIMITS.runMemoryBytes) return undefined;
  const largest = Math.max(m.batches, m.data, m.parameters);
  let advice: string;
  let path: (string | number)[];
  if (largest === m.batches) {
    const room = LIMITS.runMemoryBytes - m.data - m.parameters;
    const fits = Math.floor(room / m.bytesPerBatchRow);
    advice =
      fits >= 1 ? t("Lower training.batchSize to {rows} or less.", { rows: fits.toLocaleString("en") }) : t("Use fewer or smaller layers, or less data.");
    // Where the batch size is written, or the nearest field that is.
    path = ["training", "batchSize"];
  } else if (largest === m.data) {
    advice = t("Use fewer data rows or features.");
    path = ["data"];
  } else {
    advice = t("Use fewer or smaller layers.");
    path = ["layers"];
  }
  return doc.diagnostic(
    "error",
    t(
      "this run needs about {total} of memory, more than the limit of {limit}: {batches} for batches of {rows} rows, {data} for the data, {parameters} for the parameters and the optimizer's state. {advice}",
      {
        total: bytes(m.total),
        limit: bytes(LIMITS.runMemoryBytes),
        batches: bytes(m.batches),
        rows: m.batchRows.toLocaleString("en"),
        data: bytes(m.data),
        parameters: bytes(m.parameters),
        advice,
      },
    ),
    path,
  );
}

/** "8.6 GB", "350 MB", "12 kB". */
export function bytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${Math.round(n / 1e6)} MB`;
  return `${Math.max(1, Math.round(n / 1e3))} kB`;
}
