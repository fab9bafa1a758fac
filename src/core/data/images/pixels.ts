/**
 * Images as a data set: pixels kept one byte each, turned into the network's numbers by one
 * rule (Dataset.pixels). "unit" scales 0…255 to 0…1 (÷255, the usual first step for MNIST);
 * "standardize" then centres the data on 0 with a standard deviation of 1, from the mean and
 * standard deviation of all its pixels (one pair for the whole set, as Keras's
 * `Normalization()` on a flattened image would learn it).
 */
import type { Dataset, PixelEncoding } from "../dataset";

export const PIXEL_SCALES = ["unit", "standardize"] as const;
export type PixelScale = (typeof PIXEL_SCALES)[number];

/** How bytes become numbers under `scale`, for these pixels. */
export function pixelEncoding(bytes: Uint8Array, shape: [number, number, number], scale: PixelScale): PixelEncoding {
  if (scale === "unit") return { shape, scale: 1 / 255, offset: 0 };
  // The mean and standard deviation of the unit-scaled pixels, from a histogram of the bytes.
  const counts = new Float64Array(256);
  for (let i = 0; i < bytes.length; i++) counts[bytes[i]]++;
  let mean = 0;
  for (let b = 0; b < 256; b++) mean += (counts[b] * (b / 255)) / Math.max(1, bytes.length);
  let variance = 0;
  for (let b = 0; b < 256; b++) variance += (counts[b] * (b / 255 - mean) ** 2) / Math.max(1, bytes.length);
  // A blank set has no spread: it is only centred.
  const sd = variance > 0 ? Math.sqrt(variance) : 1;
  return { shape, scale: 1 / (255 * sd), offset: -mean / sd };
}

/** Feature names for `shape`: pixel0, pixel1, … (Kaggle's and a flattened array's order: row-major, channels last). */
export function pixelNames(shape: readonly number[]): string[] {
  const n = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => `pixel${i}`);
}

/** A classification data set of `rows` images of `shape` from their bytes and class indices. */
export function imageDataset(
  bytes: Uint8Array,
  shape: [number, number, number],
  labels: Int32Array,
  classNames: string[],
  scale: PixelScale,
  classListComplete: boolean,
): Dataset {
  return {
    task: "classification",
    rows: labels.length,
    featureNames: pixelNames(shape),
    x: bytes,
    pixels: pixelEncoding(bytes, shape, scale),
    labels,
    classNames,
    classListComplete,
    targetCount: 1,
  };
}
