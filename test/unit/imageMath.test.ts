/** The image views' arithmetic (webview/imageMath.ts): the gallery's order, diverging colours, and the draw pad's preprocessing as MNIST's. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GalleryImages, GalleryPredictions } from "../../src/protocol/images";
import { divergingPixels, drawnPixels, galleryOrder, imagePixels, inputBytes, mnistPixels, resizeArea } from "../../webview/imageMath";

const images = (labels: number[]): GalleryImages => ({
  shape: [1, 1, 1],
  samples: labels.map((_, i) => 100 + i),
  labels,
  validation: labels.map(() => true),
  pixels: new Uint8Array(labels.length),
  scale: 1 / 255,
  offset: 0,
});
const guesses = (predicted: number[], probability: number[]): GalleryPredictions => ({
  predicted: Uint8Array.from(predicted),
  probability: Float32Array.from(probability),
  epoch: 1,
  version: 1,
});

describe("the gallery's order", () => {
  const set = images([0, 1, 2, 3, 3, 1]);
  const g = guesses([0, 7, 2, 5, 5, 2], [0.9, 0.6, 0.8, 0.95, 0.7, 0.99]);
  it("all: the first ones, up to the limit", () => {
    assert.deepEqual(galleryOrder(set, g, { kind: "all" }, 4), [0, 1, 2, 3]);
  });
  it("mistakes: only the wrong ones, most confident first", () => {
    assert.deepEqual(galleryOrder(set, g, { kind: "mistakes" }), [5, 3, 4, 1]);
  });
  it("a confusion-matrix cell: true 3 predicted 5", () => {
    assert.deepEqual(galleryOrder(set, g, { kind: "cell", label: 3, predicted: 5 }), [3, 4]);
    assert.deepEqual(galleryOrder(set, g, { kind: "cell", label: 3, predicted: 3 }), []);
  });
});

describe("pixels", () => {
  it("grey bytes as RGBA, colour images channel by channel, inputs back to bytes", () => {
    assert.deepEqual(Array.from(imagePixels([0, 128, 255, 7], 1, [1, 2, 1])), [255, 255, 255, 255, 7, 7, 7, 255]);
    assert.deepEqual(Array.from(imagePixels([1, 2, 3], 0, [1, 1, 3])), [1, 2, 3, 255]);
    assert.deepEqual(Array.from(inputBytes([0, 0.5, 1], 1 / 255, 0)), [0, 128, 255]);
  });
  it("diverging: white at 0, blue at +largest, vermilion at −largest, halfway between", () => {
    const px = Array.from(divergingPixels([0, 2, -2, 1], 0, 4, 1, 2, { positive: [0, 114, 178], negative: [213, 94, 0] }));
    assert.deepEqual(px.slice(0, 4), [255, 255, 255, 255]);
    assert.deepEqual(px.slice(4, 8), [0, 114, 178, 255]);
    assert.deepEqual(px.slice(8, 12), [213, 94, 0, 255]);
    assert.deepEqual(px.slice(12, 16), [128, 185, 217, 255]);
  });
});

describe("the draw pad's preprocessing", () => {
  it("area averaging: a 4 × 4 checker of 2 × 2 blocks into 2 × 2, and 3 into 2 counts fractions", () => {
    const ink = [1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1];
    assert.deepEqual(Array.from(resizeArea(ink, 4, 4, 2, 2)), [1, 0, 0, 1]);
    assert.deepEqual(Array.from(resizeArea([1, 0, 0], 3, 1, 1, 2)), [2 / 3, 0]);
  });

  it("MNIST's: a tall bar in a corner fills 20 rows, keeps its aspect, and its centre of mass lands at (14, 14)", () => {
    const side = 112;
    const ink = new Float64Array(side * side);
    // A bar 8 wide and 80 tall at the top left.
    for (let y = 2; y < 82; y++) for (let x = 3; x < 11; x++) ink[y * side + x] = 1;
    const out = mnistPixels(ink, side);
    const rows = new Set<number>();
    const cols = new Set<number>();
    let mass = 0;
    let cy = 0;
    let cx = 0;
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++) {
        const v = out[y * 28 + x];
        if (v > 0) {
          rows.add(y);
          cols.add(x);
        }
        mass += v;
        cy += v * (y + 0.5);
        cx += v * (x + 0.5);
      }
    assert.equal(rows.size, 20, "the longer side scaled to 20");
    assert.equal(cols.size, 2, "8 × 80 keeps its aspect: 2 × 20");
    assert.ok(Math.abs(cy / mass - 14) <= 0.5 && Math.abs(cx / mass - 14) <= 0.5, `centre of mass (${cx / mass}, ${cy / mass})`);
    assert.equal(Math.max(...out), 255);
  });

  it("an empty drawing is all zeros; another shape is simply resized", () => {
    assert.ok(mnistPixels(new Float64Array(16), 4).every((v) => v === 0));
    assert.deepEqual(drawnPixels([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 4, [2, 2, 1]), [255, 0, 0, 0]);
    assert.equal(drawnPixels(new Float64Array(112 * 112), 112, [28, 28, 1]).length, 784);
  });
});
