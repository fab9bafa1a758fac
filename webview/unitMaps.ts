/**
 * A unit's picture for the layer diagram, as TensorFlow Playground draws inside its neurons: the
 * unit's value over the input plane, blue where positive and vermilion where negative (the edge
 * colours). Each picture is scaled to its own values, so small outputs still show their shape:
 * a unit whose values cross 0 is shaded by |value| against its largest; one whose values all
 * have one sign (ReLU, sigmoid, softmax) from its smallest to its largest, or it would be one
 * flat colour. A unit that is 0 everywhere (a dead ReLU) is empty. The readout gives the range.
 */
import { SIGN_COLOURS } from "./colours";

/**
 * RGBA pixels of the unit whose values start at `offset` (resolution² of them, grid row 0 at
 * yMin), top row first as images are stored, and the unit's smallest and largest value.
 */
export function unitMapPixels(values: Float32Array, offset: number, resolution: number): { pixels: Uint8ClampedArray<ArrayBuffer>; lo: number; hi: number } {
  const cells = resolution * resolution;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < cells; c++) {
    const v = values[offset + c];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const crossesZero = lo < 0 && hi > 0;
  const largest = Math.max(Math.abs(lo), Math.abs(hi));
  const span = hi - lo;
  const pixels = new Uint8ClampedArray(cells * 4);
  for (let c = 0; c < cells; c++) {
    const v = values[offset + c];
    let share: number;
    if (!Number.isFinite(v) || largest === 0) share = 0;
    else if (crossesZero) share = Math.abs(v) / largest;
    else if (span === 0) share = 1;
    else share = hi > 0 ? (v - lo) / span : (hi - v) / span;
    const [r, g, b] = v >= 0 && hi > 0 ? SIGN_COLOURS.positive : SIGN_COLOURS.negative;
    // Grid row 0 is yMin, the bottom of the picture.
    const o = ((resolution - 1 - Math.floor(c / resolution)) * resolution + (c % resolution)) * 4;
    pixels[o] = r;
    pixels[o + 1] = g;
    pixels[o + 2] = b;
    pixels[o + 3] = Math.round(255 * share);
  }
  return { pixels, lo, hi };
}
