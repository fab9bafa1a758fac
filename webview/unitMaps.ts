/**
 * A unit's picture for the layer diagram, as TensorFlow Playground draws inside its neurons: the
 * unit's value over the input plane, blue where positive and vermilion where negative (the edge
 * colours), stronger where larger. Each picture is scaled to its own largest |value|, so a unit
 * with small outputs still shows its shape; the readout gives that largest value.
 */
const POSITIVE: [number, number, number] = [0, 114, 178];
const NEGATIVE: [number, number, number] = [213, 94, 0];

/**
 * RGBA pixels of the unit whose values start at `offset` (resolution² of them, grid row 0 at
 * yMin), top row first as images are stored, and the largest |value|.
 */
export function unitMapPixels(values: Float32Array, offset: number, resolution: number): { pixels: Uint8ClampedArray<ArrayBuffer>; largest: number } {
  const cells = resolution * resolution;
  let largest = 0;
  for (let c = 0; c < cells; c++) largest = Math.max(largest, Math.abs(values[offset + c]));
  const pixels = new Uint8ClampedArray(cells * 4);
  for (let c = 0; c < cells; c++) {
    const v = values[offset + c];
    const [r, g, b] = v >= 0 ? POSITIVE : NEGATIVE;
    const share = largest > 0 && Number.isFinite(v) ? Math.abs(v) / largest : 0;
    // Grid row 0 is yMin, the bottom of the picture.
    const o = ((resolution - 1 - Math.floor(c / resolution)) * resolution + (c % resolution)) * 4;
    pixels[o] = r;
    pixels[o + 1] = g;
    pixels[o + 2] = b;
    pixels[o + 3] = Math.round(255 * share);
  }
  return { pixels, largest };
}

/** The picture as a data URL, for an SVG <image>. */
export function unitMapUrl(canvas: HTMLCanvasElement, pixels: Uint8ClampedArray<ArrayBuffer>, resolution: number): string {
  canvas.width = resolution;
  canvas.height = resolution;
  const context = canvas.getContext("2d");
  if (!context) return "";
  context.putImageData(new ImageData(pixels, resolution, resolution), 0, 0);
  return canvas.toDataURL();
}
