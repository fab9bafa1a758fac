/**
 * The worker's side of the image views (src/protocol/images.ts): the gallery's fixed set of
 * images, the network's guess for each, the first hidden layer's weights as pictures, and the
 * draw pad's image as a one-sample data set. Each bounded: the set by GALLERY_SET and
 * GALLERY_BYTES, its guesses recomputed at most once a second while training (a forward pass over
 * at most 256 images), the unit pictures at most twice a second, one byte a weight.
 */
import { copyFeatureRows, type Dataset } from "../core/data/dataset";
import type { LoadedSpec } from "../core/spec/load";
import type { Trainer } from "../core/train/trainer";
import { type DrawnImage, GALLERY_BYTES, GALLERY_SET, type GalleryImages, type GalleryPredictions, MAX_UNIT_IMAGES, type UnitImages } from "../protocol/images";

/** How often, at most, the gallery's guesses and the unit pictures are recomputed while training. */
export const GALLERY_INTERVAL_MS = 1000;
export const UNIT_IMAGES_INTERVAL_MS = 500;

/** The gallery's images: validation samples when there are some (the confusion matrix's), spread evenly over the data. */
export function galleryImages(loaded: LoadedSpec): GalleryImages | null {
  const data = loaded.dataset;
  if (!data.pixels || !(data.x instanceof Uint8Array) || data.task !== "classification" || !data.labels) return null;
  const size = data.featureNames.length;
  const limit = Math.max(1, Math.min(GALLERY_SET, Math.floor(GALLERY_BYTES / size)));
  const isValidation = (n: number) => loaded.rowOfSample[n] >= loaded.train.rows;
  const all = Array.from({ length: data.rows }, (_, n) => n);
  const validation = all.filter(isValidation);
  const from = validation.length > 0 ? validation : all;
  const count = Math.min(limit, from.length);
  const samples = Array.from({ length: count }, (_, i) => from[Math.floor((i * from.length) / count)]);
  const pixels = new Uint8Array(count * size);
  samples.forEach((n, i) => {
    const row = loaded.rowOfSample[n];
    pixels.set(data.x.subarray(row * size, (row + 1) * size), i * size);
  });
  const labels = data.labels;
  return {
    shape: [...data.pixels.shape],
    samples,
    labels: samples.map((n) => labels[loaded.rowOfSample[n]]),
    validation: samples.map(isValidation),
    pixels,
    scale: data.pixels.scale,
    offset: data.pixels.offset,
  };
}

/** The network's guess for each gallery image, with the current weights. */
export function galleryPredictions(trainer: Trainer, loaded: LoadedSpec, images: GalleryImages): GalleryPredictions {
  const net = trainer.net;
  const n = images.samples.length;
  const width = net.outputSize;
  const predicted = width > 255 ? new Uint16Array(n) : new Uint8Array(n);
  const probability = new Float32Array(n);
  const input = net.inputBuffer(n);
  const size = net.inputSize;
  images.samples.forEach((sample, i) => {
    copyFeatureRows(loaded.dataset, loaded.rowOfSample[sample], 1, input, i * size);
  });
  const out = net.forward(n);
  for (let r = 0; r < n; r++) {
    if (width === 1) {
      const p = out[r];
      predicted[r] = p >= 0.5 ? 1 : 0;
      probability[r] = p >= 0.5 ? p : 1 - p;
      continue;
    }
    let best = 0;
    for (let j = 1; j < width; j++) if (out[r * width + j] > out[r * width + best]) best = j;
    predicted[r] = best;
    probability[r] = out[r * width + best];
  }
  return { predicted, probability, epoch: trainer.epoch, version: 0 };
}

/** The first MAX_UNIT_IMAGES units of the first hidden layer, each unit's weights scaled by its largest. */
export function unitImages(trainer: Trainer, shape: [number, number, number]): UnitImages {
  const net = trainer.net;
  const inputs = net.sizes[0];
  const of = net.sizes[1];
  const units = Math.min(of, MAX_UNIT_IMAGES);
  const w = net.weights[0];
  const scales = new Float32Array(units);
  const weights = new Int8Array(units * inputs);
  for (let j = 0; j < units; j++) {
    let largest = 0;
    for (let i = 0; i < inputs; i++) largest = Math.max(largest, Math.abs(w[i * of + j]));
    scales[j] = largest;
    if (largest === 0) continue;
    for (let i = 0; i < inputs; i++) weights[j * inputs + i] = Math.round((127 * w[i * of + j]) / largest);
  }
  return { shape, units, of, scales, weights, version: 0 };
}

/**
 * The draw pad's image as a data set of one sample, in the data's own encoding (its bytes become
 * inputs as the data's do). Throws when it is not the input's size or its label not a class.
 */
export function drawnDataset(data: Dataset, drawn: DrawnImage, outputs: number): Dataset {
  if (!data.pixels) throw new Error("this spec's data are not images, so there is nothing to draw");
  if (drawn.pixels.length !== data.featureNames.length)
    throw new Error(`a drawn image of ${drawn.pixels.length} pixels, but the input has ${data.featureNames.length}`);
  const classes = outputs === 1 ? 2 : outputs;
  if (drawn.label >= classes) throw new Error(`class ${drawn.label}, but the output has classes 0 to ${classes - 1}`);
  return {
    ...data,
    rows: 1,
    x: Uint8Array.from(drawn.pixels),
    labels: Int32Array.of(drawn.label),
    targets: undefined,
  };
}

/** The image views of one run: what each update carries, recomputed no more often than their intervals while training. */
export class ImageViews {
  readonly images: GalleryImages | null;
  private readonly shape: [number, number, number] | null;
  private gallery: { at: number; value: GalleryPredictions } | null = null;
  private units: { at: number; value: UnitImages } | null = null;
  private version = 0;

  constructor(private readonly loaded: LoadedSpec) {
    this.images = galleryImages(loaded);
    const pixels = loaded.dataset.pixels;
    this.shape = pixels ? [...pixels.shape] : null;
  }

  /** The gallery's guesses and the unit pictures for an update: fresh when not training (every number then matches the run's state). */
  forUpdate(trainer: Trainer, training: boolean, now: number): { gallery: GalleryPredictions | null; unitImages: UnitImages | null } {
    const images = this.images;
    if (images && (!training || !this.gallery || now - this.gallery.at >= GALLERY_INTERVAL_MS))
      this.gallery = { at: now, value: { ...galleryPredictions(trainer, this.loaded, images), version: ++this.version } };
    if (this.shape && trainer.net.sizes.length > 2 && (!training || !this.units || now - this.units.at >= UNIT_IMAGES_INTERVAL_MS))
      this.units = { at: now, value: { ...unitImages(trainer, this.shape), version: ++this.version } };
    return { gallery: this.gallery?.value ?? null, unitImages: this.units?.value ?? null };
  }
}
