/**
 * Exports a spec as a PyTorch script that trains it as NNSpec does, epoch by epoch: the way out
 * for a learner whose network outgrows NNSpec. Pure (no Node, no VS Code): the CLI writes the
 * files it returns, the extension can call it on the host or in a worker.
 *
 * The script starts from the data and the initial weights in a data file beside it (so NNSpec's
 * generators, split and initialisers need no Python twin) and reproduces the rest: the batch
 * order (NNSpec's seeded shuffle, ported), the losses, regularization, optimizers, the
 * Keras-style epoch metrics and the per-layer figures `nnspec train --json` prints.
 */

import { t } from "../base/l10n";
import type { LoadedSpec } from "../spec/load";
import { exportedData, exportedDataText, initialWeights } from "./exportData";
import { exact, pytorchScript, type ScriptOptions } from "./pytorchScript";

export type PyTorchOptions = Partial<ScriptOptions> & {
  /** The spec's file name, named in the script's header. */
  source?: string;
};

export interface ExportedFile {
  /** A file name, to write in the folder the user chose. */
  name: string;
  text: string;
}

export interface ExportProblem {
  severity: "error" | "warning";
  /** The option or spec field it is about, as the message names it. */
  field: string;
  message: string;
}

export interface PyTorchExport {
  /** Empty when there is an error. */
  files: ExportedFile[];
  problems: ExportProblem[];
}

export const SCRIPT_FILE = "train.py";
export const DATA_FILE = "data.json";

export const DTYPES = ["float64", "float32"] as const;

/** cpu, cuda, cuda:N, mps, xpu, xpu:N: the devices PyTorch names in torch.device(). */
const DEVICE = /^(cpu|mps|(cuda|xpu)(:\d+)?)$/;

/**
 * The most numbers a data file holds. Its text is built as one JavaScript string, which holds
 * some 500 million characters, and a number takes about 20.
 */
export const MAX_DATA_FILE_NUMBERS = 20_000_000;

export function exportPyTorch(loaded: LoadedSpec, options: PyTorchOptions = {}): PyTorchExport {
  const resolved: ScriptOptions = { device: options.device ?? "cpu", dtype: options.dtype ?? "float64", dataLoader: options.dataLoader ?? false };
  const problems = [...sizeProblems(loaded), ...optionProblems(resolved)];
  if (problems.some((p) => p.severity === "error")) return { files: [], problems };
  const init = initialWeights(loaded);
  const script = pytorchScript({
    spec: loaded.spec,
    source: options.source,
    dataFile: DATA_FILE,
    featureNames: loaded.train.featureNames,
    trainRows: loaded.train.rows,
    initDraws: init.draws,
    options: resolved,
    images: loaded.dataset.pixels !== undefined,
  });
  return {
    files: [
      { name: SCRIPT_FILE, text: script },
      { name: DATA_FILE, text: exportedDataText(exportedData(loaded, init.weights)) },
    ],
    problems,
  };
}

function sizeProblems(loaded: LoadedSpec): ExportProblem[] {
  const { spec, train, validation } = loaded;
  // An image's pixels are written as base64 (about 1.3 characters a pixel, where a number takes
  // about 20): counted here as the numbers of the same length.
  const inputs = loaded.dataset.pixels ? Math.ceil((spec.sizes[0] * 4) / 3 / 20) : spec.sizes[0];
  const perRow = inputs + (spec.task === "regression" ? spec.sizes[spec.sizes.length - 1] : 1);
  let parameters = 0;
  for (let k = 1; k < spec.sizes.length; k++) parameters += (spec.sizes[k - 1] + 1) * spec.sizes[k];
  const numbers = (train.rows + validation.rows) * perRow + parameters;
  if (numbers <= MAX_DATA_FILE_NUMBERS) return [];
  return [
    {
      severity: "error",
      field: "data",
      message: t(
        "data: the data and the initial weights are {count} numbers, more than the export's data file holds ({limit}); export a spec with less data, then load the full data set in the script",
        { count: numbers, limit: MAX_DATA_FILE_NUMBERS },
      ),
    },
  ];
}

function optionProblems(o: ScriptOptions): ExportProblem[] {
  const problems: ExportProblem[] = [];
  if (!DEVICE.test(o.device)) {
    problems.push({
      severity: "error",
      field: "device",
      message: t('device: "{device}" is not a device PyTorch knows; use cpu, cuda, cuda:1 or mps', { device: o.device }),
    });
  }
  if (!(DTYPES as readonly string[]).includes(o.dtype)) {
    problems.push({ severity: "error", field: "dtype", message: t('dtype: "{dtype}" is not one of float64, float32', { dtype: o.dtype }) });
  }
  if (problems.length || exact(o)) return problems;
  const departures = [
    o.device !== "cpu" && t("device {device}", { device: o.device }),
    o.dtype !== "float64" && t("dtype {dtype}", { dtype: o.dtype }),
    o.dataLoader && t("PyTorch's DataLoader"),
  ].filter((d): d is string => typeof d === "string");
  problems.push({
    severity: "warning",
    field: o.dataLoader ? "dataLoader" : o.dtype !== "float64" ? "dtype" : "device",
    message: t(
      "with {departures}, the script's numbers will differ from NNSpec's (float64 on the CPU, in NNSpec's batch order); run it with --device cpu --dtype float64 --no-dataloader to get them back",
      { departures: departures.join(", ") },
    ),
  });
  return problems;
}
