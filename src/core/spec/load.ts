/**
 * The whole way from a spec's text to what training needs: parse (JSONC, with positions),
 * validate (the schema), load the data, fill defaults, cross-check, read an initial weights
 * file, split off validation data. Never throws on any text: every problem is a diagnostic.
 */

import { type Diagnostic, hasErrors, LineIndex, limitPerFile, makeDiagnostic } from "../base/diagnostics";
import { SpecDocument } from "../base/document";
import { decodeText, pathProblem, type SpecFiles } from "../base/files";
import { t } from "../base/l10n";
import { LIMITS } from "../base/limits";
import type { Dataset } from "../data/dataset";
import { splitDataset, splitLast } from "../data/split";
import type { LossName } from "../nn/losses";
import { parseWeightsFile, type WeightsJson } from "../weights/weightsFile";
import { nameClasses } from "./classNames";
import { inputShape } from "./inputShape";
import { loadDataset } from "./loadData";
import { SpecPlaces } from "./places";
import { checkEarlyStoppingData, checkLayers, resolveSpec } from "./resolve";
import { validateAgainstSchema } from "./schemaValidation";
import type { RawSpec, ResolvedSpec } from "./types";

export interface LoadedSpec {
  spec: ResolvedSpec;
  /** All the data: the training rows, then the validation rows (train and validation are views of it). */
  dataset: Dataset;
  train: Dataset;
  validation: Dataset;
  /**
   * Where sample n of the data's own order (as written, generated or read, before the split) is
   * in `dataset`: the numbering of the sample card and `nnspec inspect`.
   */
  rowOfSample: Uint32Array;
  /** Set when `init` names a weights file. */
  initialWeights?: WeightsJson;
  /** Where the fields training's findings are about are in the text. */
  places: SpecPlaces;
}

export interface LoadResult {
  loaded?: LoadedSpec;
  diagnostics: Diagnostic[];
}

/** Changes on top of the file, as the CLI's flags make them. */
export interface SpecOverrides {
  loss?: LossName;
  epochs?: number;
  /** A weights file, relative to the spec's folder, instead of the spec's `init`. */
  init?: string;
}

export function loadSpec(text: string, files: SpecFiles, overrides: SpecOverrides = {}): LoadResult {
  // Listing every one of a million problems would cost more than the check itself.
  const done = (diagnostics: Diagnostic[], loaded?: LoadedSpec): LoadResult => ({ diagnostics: limitPerFile(diagnostics, LIMITS.diagnosticsPerFile), loaded });
  if (text.length > LIMITS.specCharacters) return done([tooLong(text)]);
  const document = new SpecDocument(text);
  try {
    if (document.syntaxDiagnostics.length) return done(document.syntaxDiagnostics);
    const schemaProblems = validateAgainstSchema(document);
    if (schemaProblems.length) return done([...document.duplicateKeyWarnings, ...schemaProblems]);

    // The overrides change top-level fields only: a shallow copy keeps the parsed value intact
    // without copying inline data.
    const raw = { ...(document.value as RawSpec) };
    if (overrides.loss) raw.loss = overrides.loss;
    if (overrides.epochs) raw.training = { ...raw.training, epochs: overrides.epochs };
    if (overrides.init) raw.init = overrides.init;

    const diagnostics = [...document.duplicateKeyWarnings, ...inputShape(document, raw), ...checkLayers(document, raw)];
    if (hasErrors(diagnostics)) return done(diagnostics);
    const data = loadDataset(document, raw, files);
    append(diagnostics, data.diagnostics);
    if (data.dataset) append(diagnostics, nameClasses(document, raw, data.dataset));
    if (!data.dataset || hasErrors(diagnostics)) return done(diagnostics);

    const resolved = resolveSpec(document, raw, data.dataset);
    append(diagnostics, resolved.diagnostics);
    if (!resolved.spec) return done(diagnostics);
    const spec = resolved.spec;

    let initialWeights: WeightsJson | undefined;
    if (typeof spec.init === "object") {
      const weights = readInitialWeights(document, files, spec.init.path, spec.sizes, Boolean(overrides.init));
      append(diagnostics, weights.diagnostics);
      if (!weights.weights) return done(diagnostics);
      initialWeights = weights.weights;
    }

    // Validation images in files of their own are the data's last rows; otherwise a seeded share.
    const { train, validation, rowOfSample } =
      data.validationRows === undefined ? splitDataset(data.dataset, spec.data.validationSplit, spec.data.seed) : splitLast(data.dataset, data.validationRows);
    const noValidation = checkEarlyStoppingData(document, spec, validation.rows);
    if (noValidation) return done([...diagnostics, noValidation]);
    // Only a batch size the user wrote is worth a warning; the default quietly fits small data.
    const batch = raw.training?.batchSize;
    if (typeof batch === "number" && batch > train.rows) {
      diagnostics.push(
        document.diagnostic(
          "warning",
          t('training.batchSize: {batch} is more than the {rows} training samples; each batch will be the whole training set (as "full")', {
            batch,
            rows: train.rows,
          }),
          ["training", "batchSize"],
        ),
      );
    }
    const places = new SpecPlaces(document, spec.sizes.length);
    return done(diagnostics, { spec, dataset: data.dataset, train, validation, rowOfSample, initialWeights, places });
  } catch (e) {
    // A bug of ours must not take the editor or the CLI down with it; say so plainly.
    return done([document.diagnostic("error", t("internal error while reading the spec: {error}", { error: (e as Error).message }), [])]);
  }
}

/** Appends without spreading: push(...list) overflows the stack past about 125,000 items. */
function append<T>(to: T[], items: readonly T[]): void {
  for (const item of items) to.push(item);
}

function tooLong(text: string): Diagnostic {
  return makeDiagnostic(
    new LineIndex(text),
    "error",
    t('the spec has {size} characters, more than the limit of {limit}; put large data in a CSV file ("source": "csv"), which is read straight into numbers', {
      size: text.length.toLocaleString("en"),
      limit: LIMITS.specCharacters.toLocaleString("en"),
    }),
    [],
    0,
    1,
  );
}

function readInitialWeights(document: SpecDocument, files: SpecFiles, path: string, sizes: number[], fromFlag: boolean) {
  const where = fromFlag ? [] : ["init"];
  const unusable = pathProblem(path);
  if (unusable) return { diagnostics: [document.diagnostic("error", `init: ${unusable}`, where)] };
  const resolved = files.resolve(path);
  if ("error" in resolved) return { diagnostics: [document.diagnostic("error", `init: ${resolved.error}`, where)] };
  let text: string;
  try {
    text = decodeText(files.read(resolved.path));
  } catch (e) {
    return {
      diagnostics: [
        document.diagnostic(
          "error",
          t("init: {error}; give a weights .json file relative to the spec's folder, or xavier, he, uniform or zeros", { error: (e as Error).message }),
          where,
        ),
      ],
    };
  }
  return parseWeightsFile(text, resolved.path, sizes);
}
