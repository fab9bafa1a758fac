/**
 * The image views' arithmetic, free of the DOM (unit-tested in Node): pixels as RGBA, values
 * either side of 0 in the panel's diverging colours, the gallery's order, and the draw pad's
 * preprocessing as MNIST's digits were made (LeCun et al.: each digit's bounding box scaled into
 * 20 × 20, keeping its aspect, then centred by its centre of mass in 28 × 28), or simply resized
 * for other shapes.
 */
import { GALLERY_SHOWN, type GalleryImages, type GalleryPredictions } from "../src/protocol/images";

type Rgb = readonly [number, number, number];

/** RGBA pixels of image `index` of a set of images of `shape` (one channel grey, three colour). */
export function imagePixels(bytes: ArrayLike<number>, index: number, shape: readonly number[]): Uint8ClampedArray<ArrayBuffer> {
  const [h, w, c] = shape;
  const n = h * w;
  const out = new Uint8ClampedArray(n * 4);
  const start = index * n * c;
  for (let p = 0; p < n; p++) {
    const o = p * 4;
    if (c >= 3) {
      out[o] = bytes[start + p * c];
      out[o + 1] = bytes[start + p * c + 1];
      out[o + 2] = bytes[start + p * c + 2];
    } else out[o] = out[o + 1] = out[o + 2] = bytes[start + p * c];
    out[o + 3] = 255;
  }
  return out;
}

/** The inputs of a sample (byte × scale + offset) back to bytes, to draw them. */
export function inputBytes(input: readonly number[], scale: number, offset: number): Uint8ClampedArray {
  return Uint8ClampedArray.from(input, (v) => Math.round((v - offset) / scale));
}

/**
 * Values either side of 0 as RGBA, one pixel per `channels` values (their sum): blue where
 * positive, vermilion where negative (the edges' colours: theme.ts's SIGN_COLOURS, passed in so
 * this file needs no DOM), white at 0, full colour at ±`largest`.
 */
export function divergingPixels(
  values: ArrayLike<number>,
  offset: number,
  pixels: number,
  channels: number,
  largest: number,
  colours: { positive: Rgb; negative: Rgb },
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    let v = 0;
    for (let k = 0; k < channels; k++) v += values[offset + p * channels + k];
    const share = largest > 0 && Number.isFinite(v) ? Math.min(1, Math.abs(v) / (largest * channels)) : 0;
    const colour = v >= 0 ? colours.positive : colours.negative;
    const o = p * 4;
    for (let k = 0; k < 3; k++) out[o + k] = Math.round(255 + (colour[k] - 255) * share);
    out[o + 3] = 255;
  }
  return out;
}

/** Which gallery images show, in order: the first ones; the mistakes, most confident first; or one confusion-matrix cell's. */
export type GalleryFilter = { kind: "all" } | { kind: "mistakes" } | { kind: "cell"; label: number; predicted: number };

export function galleryOrder(images: GalleryImages, guesses: GalleryPredictions | null, filter: GalleryFilter, limit = GALLERY_SHOWN): number[] {
  const all = images.samples.map((_, i) => i);
  if (filter.kind === "all" || !guesses) return filter.kind === "all" ? all.slice(0, limit) : [];
  if (filter.kind === "cell") return all.filter((i) => images.labels[i] === filter.label && guesses.predicted[i] === filter.predicted).slice(0, limit);
  return all
    .filter((i) => guesses.predicted[i] !== images.labels[i])
    .sort((a, b) => guesses.probability[b] - guesses.probability[a] || a - b)
    .slice(0, limit);
}

/**
 * MNIST's preprocessing of a drawing (`ink`, side × side, 0…1): its bounding box scaled so its
 * longer side is 20, then placed in 28 × 28 with its centre of mass at the centre. Bytes 0…255;
 * all zeros for an empty drawing.
 */
export function mnistPixels(ink: ArrayLike<number>, side: number): Uint8Array {
  const out = new Uint8Array(28 * 28);
  let [top, left, bottom, right] = [side, side, -1, -1];
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++)
      if (ink[y * side + x] > 0) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
  if (bottom < 0) return out;
  const boxH = bottom - top + 1;
  const boxW = right - left + 1;
  const scale = 20 / Math.max(boxH, boxW);
  const h = Math.max(1, Math.round(boxH * scale));
  const w = Math.max(1, Math.round(boxW * scale));
  const small = resizeArea(ink, side, side, h, w, { top, left, height: boxH, width: boxW });
  // The centre of mass of the 20-box picture, moved to (14, 14) in 28 × 28 (whole pixels, as the data set's).
  let mass = 0;
  let cy = 0;
  let cx = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = small[y * w + x];
      mass += v;
      cy += v * (y + 0.5);
      cx += v * (x + 0.5);
    }
  const dy = Math.round(14 - cy / mass);
  const dx = Math.round(14 - cx / mass);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const ty = y + dy;
      const tx = x + dx;
      if (ty >= 0 && ty < 28 && tx >= 0 && tx < 28) out[ty * 28 + tx] = Math.round(255 * Math.min(1, small[y * w + x]));
    }
  return out;
}

/**
 * Area averaging of a region of `ink` (width × height, 0…1) into outH × outW: each output pixel
 * the mean of the part of the region it covers, fractions of pixels counted by their share.
 */
export function resizeArea(
  ink: ArrayLike<number>,
  width: number,
  height: number,
  outH: number,
  outW: number,
  region = { top: 0, left: 0, height, width },
): Float64Array {
  const out = new Float64Array(outH * outW);
  const sy = region.height / outH;
  const sx = region.width / outW;
  for (let oy = 0; oy < outH; oy++)
    for (let ox = 0; ox < outW; ox++) {
      const y0 = oy * sy;
      const x0 = ox * sx;
      let sum = 0;
      for (let y = Math.floor(y0); y < Math.min(region.height, Math.ceil(y0 + sy)); y++) {
        const fy = Math.min(y + 1, y0 + sy) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(region.width, Math.ceil(x0 + sx)); x++) {
          const fx = Math.min(x + 1, x0 + sx) - Math.max(x, x0);
          sum += fy * fx * ink[(region.top + y) * width + region.left + x];
        }
      }
      out[oy * outW + ox] = sum / (sy * sx);
    }
  return out;
}

/** A drawing as the input's bytes: MNIST's preprocessing for 28 × 28 × 1, else resized to the shape. */
export function drawnPixels(ink: ArrayLike<number>, side: number, shape: readonly number[]): number[] {
  const [h, w] = shape;
  if (h === 28 && w === 28) return Array.from(mnistPixels(ink, side));
  return Array.from(resizeArea(ink, side, side, h, w), (v) => Math.round(255 * Math.min(1, v)));
}
