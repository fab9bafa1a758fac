/**
 * What a run's session sends about its data: the summary the panel draws once per run (the
 * network, the classes, the points of two-feature data, the first samples for the card's table),
 * and a regression's predictions against its targets.
 */
import { formatNumber } from "../core/base/format";
import { t } from "../core/base/l10n";
import { copyFeatureRows, featureRow } from "../core/data/dataset";
import { simdInUse } from "../core/nn/kernels";
import { type LossName, lossRecord } from "../core/nn/losses";
import type { LoadedSpec } from "../core/spec/load";
import { suitableLosses } from "../core/spec/lossRules";
import type { Trainer } from "../core/train/trainer";
import type { MetricsUpdate, RunSummary, SampleRow } from "../protocol/run";

/** Most points a regression predicted-vs-target view gets. */
export const MAX_PREDICTIONS = 500;

/** Samples the card's table lists. */
const TABLE_ROWS = 50;

/**
 * The panel's loss menu's word for a loss, its record's label in the user's language (the
 * built-in labels are in the l10n bundle, which scripts/l10nStrings.ts checks; MSE and MAE read
 * the same in every language; a registered loss's label shows as written).
 */
function lossLabel(loss: LossName): string {
  const { label } = lossRecord(loss);
  return t(label);
}

export function summarise(trainer: Trainer, loaded: LoadedSpec): RunSummary {
  const { spec } = trainer;
  const losses = suitableLosses(spec.task, spec.activations[spec.activations.length - 1], spec.sizes[spec.sizes.length - 1]);
  const data = loaded.dataset;
  const f = data.featureNames.length;
  // The dataset holds the training rows, then the validation rows; the panel numbers samples in
  // the data's own order (as the card and `nnspec inspect` do).
  const row = (n: number) => loaded.rowOfSample[n];
  const isValidation = (n: number) => row(n) >= loaded.train.rows;
  let points: RunSummary["points"] = null;
  if (f === 2 && spec.task === "classification") {
    points = { x: [], y: [], label: [], validation: [] };
    for (let n = 0; n < data.rows; n++) {
      const [a, b] = featureRow(data, row(n));
      points.x.push(a);
      points.y.push(b);
      points.label.push(data.labels?.[row(n)] ?? 0);
      points.validation.push(isValidation(n));
    }
  }
  const classNames = data.classNames ?? [];
  const samples: SampleRow[] = [];
  for (let n = 0; n < Math.min(TABLE_ROWS, data.rows); n++) {
    const r = row(n);
    const answer =
      spec.task === "classification"
        ? (classNames[data.labels?.[r] ?? 0] ?? String(data.labels?.[r]))
        : Array.from((data.targets ?? new Float64Array(0)).subarray(r * data.targetCount, (r + 1) * data.targetCount), (v) => formatNumber(v)).join(", ");
    samples.push({ index: n, features: Array.from(featureRow(data, r)), answer, validation: isValidation(n) });
  }
  return {
    name: spec.name,
    task: spec.task,
    sizes: spec.sizes,
    activations: spec.activations,
    loss: trainer.loss,
    suitableLosses: losses,
    lossLabels: Object.fromEntries(losses.map((loss) => [loss, lossLabel(loss)])),
    simd: simdInUse(),
    learningRate: trainer.learningRate,
    seed: spec.training.seed,
    totalEpochs: trainer.totalEpochs,
    batchesPerEpoch: trainer.batchesPerEpoch,
    classNames: trainer.trainData.classNames ?? [],
    points,
    samples,
    sampleCount: data.rows,
  };
}

/** Regression: each output's predictions against its targets. */
export function predictions(trainer: Trainer, affordable: number): MetricsUpdate["predictions"] {
  if (trainer.spec.task !== "regression") return null;
  const of = trainer.validation.rows > 0 ? "validation" : "training";
  const data = of === "validation" ? trainer.validation : trainer.trainData;
  // As many as one update can afford (a big network's forward pass is not free), at least one.
  const rows = Math.max(1, Math.min(MAX_PREDICTIONS, data.rows, affordable));
  const width = trainer.net.outputSize;
  const input = trainer.net.inputBuffer(rows);
  copyFeatureRows(data, 0, rows, input);
  // One input: each row's x, read before the forward pass reuses the buffer.
  const x = trainer.net.inputSize === 1 ? Array.from(input.subarray(0, rows)) : null;
  const out = trainer.net.forward(rows);
  const targets = data.targets ?? new Float64Array(0);
  const predicted: number[][] = [];
  const target: number[][] = [];
  for (let j = 0; j < width; j++) {
    predicted.push(Array.from({ length: rows }, (_, r) => out[r * width + j]));
    target.push(Array.from({ length: rows }, (_, r) => targets[r * width + j]));
  }
  return { predicted, target, of, x };
}
