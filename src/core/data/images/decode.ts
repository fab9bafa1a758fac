/**
 * Pictures into pixels: PNG (fast-png) and JPEG (jpeg-js), both pure JavaScript, so the same
 * code decodes in the CLI, the extension's workers and a browser; then resized by averaging
 * (each new pixel the mean of the area of the picture it covers, so a large photo shrinks
 * without the aliasing of picking every nth pixel) into the size and channels a spec asks for.
 * Grey is the luma of ITU-R BT.601 (0.299 R + 0.587 G + 0.114 B, as Pillow's convert("L")); a
 * transparent pixel counts as black (its colour times its opacity), as over MNIST's background.
 */
import { decode as decodePng, hasPngSignature } from "fast-png";
import { decode as decodeJpeg } from "jpeg-js";
import { t } from "../../base/l10n";

/** A decoded picture: height × width × channels bytes, row-major, channels last. */
export interface Picture {
  height: number;
  width: number;
  /** 1 grey, 2 grey and alpha, 3 RGB, 4 RGBA. */
  channels: number;
  data: Uint8Array;
}

/** The largest picture decoded, in pixels: 40 megapixels (a large camera's photo), about 160 MB as RGBA. */
const MAX_PIXELS = 40_000_000;

const isJpeg = (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/** Decodes a PNG or JPEG file's bytes; an Error saying what the file is or why it cannot be read. */
export function decodePicture(bytes: Uint8Array): Picture {
  if (bytes.length === 0) throw new Error(t("the file is empty (0 bytes)"));
  if (hasPngSignature(bytes)) {
    // The size is read from the header first: a few kilobytes of zeros can unzip to gigabytes.
    if (bytes.length >= 24) {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const width = view.getUint32(16);
      const height = view.getUint32(20);
      if (width * height > MAX_PIXELS) throw tooLarge(width, height);
    }
    let png: ReturnType<typeof decodePng>;
    try {
      png = decodePng(bytes);
    } catch (e) {
      throw new Error(t("a PNG file that cannot be decoded ({reason})", { reason: (e as Error).message }));
    }
    if (png.width * png.height > MAX_PIXELS) throw tooLarge(png.width, png.height);
    return fromPng(png);
  }
  if (isJpeg(bytes)) {
    try {
      const jpeg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
      return { height: jpeg.height, width: jpeg.width, channels: jpeg.data.length / (jpeg.width * jpeg.height), data: jpeg.data };
    } catch (e) {
      throw new Error(t("a JPEG file that cannot be decoded ({reason})", { reason: (e as Error).message }));
    }
  }
  throw new Error(t("not a PNG or JPEG picture (it starts with {start}); NNSpec reads .png and .jpg files", { start: startOf(bytes) }));
}

function tooLarge(width: number, height: number): Error {
  return new Error(t("a picture of {width} × {height} pixels, more than NNSpec decodes (40 megapixels); make it smaller", { width, height }));
}

/** A PNG's pixels as bytes: 16-bit samples to their high byte, a palette looked up, 1 to 4 bits a sample widened. */
function fromPng(png: ReturnType<typeof decodePng>): Picture {
  const { width, height } = png;
  const n = width * height;
  if (png.palette) {
    const channels = png.palette[0]?.length ?? 3;
    const data = new Uint8Array(n * channels);
    const index = unpackBits(png.data as Uint8Array, png.depth, width, height);
    for (let i = 0; i < n; i++) {
      const colour = png.palette[index[i]] ?? [0, 0, 0, 0];
      for (let c = 0; c < channels; c++) data[i * channels + c] = colour[c] ?? 255;
    }
    return { width, height, channels, data };
  }
  const channels = png.channels;
  if (png.depth === 16) {
    const wide = png.data as Uint16Array;
    const data = new Uint8Array(wide.length);
    for (let i = 0; i < wide.length; i++) data[i] = wide[i] >> 8;
    return { width, height, channels, data };
  }
  if (png.depth < 8) {
    const samples = unpackBits(png.data as Uint8Array, png.depth, width * channels, height);
    const max = (1 << png.depth) - 1;
    for (let i = 0; i < samples.length; i++) samples[i] = Math.round((samples[i] * 255) / max);
    return { width, height, channels, data: samples };
  }
  return { width, height, channels, data: Uint8Array.from(png.data) };
}

/** Samples of `depth` bits packed into bytes, each row starting on a byte, as one byte each. */
function unpackBits(packed: Uint8Array, depth: number, perRow: number, rows: number): Uint8Array {
  if (depth === 8) return packed;
  const out = new Uint8Array(perRow * rows);
  const rowBytes = Math.ceil((perRow * depth) / 8);
  const mask = (1 << depth) - 1;
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < perRow; i++) {
      const bit = i * depth;
      const byte = packed[r * rowBytes + (bit >> 3)];
      out[r * perRow + i] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

/**
 * `picture` as height × width × channels bytes (1 grey or 3 RGB), each target pixel the average
 * of the source area it covers (fractional edges weighted by how much of them it covers).
 */
export function resizePicture(picture: Picture, height: number, width: number, channels: 1 | 3): Uint8Array {
  const colour = toChannels(picture, channels);
  const { height: h0, width: w0 } = picture;
  const out = new Uint8Array(height * width * channels);
  const sy = h0 / height;
  const sx = w0 / width;
  const sums = new Float64Array(channels);
  for (let y = 0; y < height; y++) {
    const top = y * sy;
    const bottom = top + sy;
    for (let x = 0; x < width; x++) {
      const left = x * sx;
      const right = left + sx;
      sums.fill(0);
      let area = 0;
      for (let yy = Math.floor(top); yy < Math.min(h0, Math.ceil(bottom)); yy++) {
        const wy = Math.min(bottom, yy + 1) - Math.max(top, yy);
        for (let xx = Math.floor(left); xx < Math.min(w0, Math.ceil(right)); xx++) {
          const w = wy * (Math.min(right, xx + 1) - Math.max(left, xx));
          const at = (yy * w0 + xx) * channels;
          for (let c = 0; c < channels; c++) sums[c] += w * colour[at + c];
          area += w;
        }
      }
      for (let c = 0; c < channels; c++) out[(y * width + x) * channels + c] = Math.round(sums[c] / area);
    }
  }
  return out;
}

/** The picture's pixels with `channels` channels: alpha applied over black, colour to grey or grey to colour. */
function toChannels(p: Picture, channels: 1 | 3): Float64Array {
  const n = p.width * p.height;
  const out = new Float64Array(n * channels);
  const hasAlpha = p.channels === 2 || p.channels === 4;
  const colours = hasAlpha ? p.channels - 1 : p.channels;
  for (let i = 0; i < n; i++) {
    const at = i * p.channels;
    const alpha = hasAlpha ? p.data[at + colours] / 255 : 1;
    const r = p.data[at] * alpha;
    const g = (colours === 3 ? p.data[at + 1] : p.data[at]) * alpha;
    const b = (colours === 3 ? p.data[at + 2] : p.data[at]) * alpha;
    if (channels === 1) out[i] = colours === 3 ? 0.299 * r + 0.587 * g + 0.114 * b : r;
    else {
      out[i * 3] = r;
      out[i * 3 + 1] = g;
      out[i * 3 + 2] = b;
    }
  }
  return out;
}

function startOf(b: Uint8Array): string {
  return Array.from(b.subarray(0, 4), (v) => v.toString(16).padStart(2, "0")).join(" ");
}
