/** Weight histograms, against weights whose bins are known. */
import assert from "node:assert/strict";
import { it } from "node:test";
import { weightHistograms } from "../../src/core/train/weightHistograms";

it("bins every layer's weights over the network's largest |weight|, as shares of the layer", () => {
  // Range 2, five bins of width 0.8: [−2, −1.2), [−1.2, −0.4), [−0.4, 0.4), [0.4, 1.2), [1.2, 2].
  const h = weightHistograms([Float64Array.from([-2, -0.5, 0, 0.1, 2]), Float64Array.from([1, 1, 0.39])], 5);
  assert.equal(h.range, 2);
  assert.deepEqual(h.shares[0], [0.2, 0.2, 0.4, 0, 0.2]);
  assert.deepEqual(h.shares[1], [0, 0, 1 / 3, 2 / 3, 0]);
});

it("all-zero weights sit in the middle bin; a NaN is left out rather than breaking the picture", () => {
  const zero = weightHistograms([new Float64Array(4)], 5);
  assert.equal(zero.range, 0);
  assert.deepEqual(zero.shares[0], [0, 0, 1, 0, 0]);
  const nan = weightHistograms([Float64Array.from([Number.NaN, 1, -1])], 2);
  assert.equal(nan.range, 1);
  assert.deepEqual(nan.shares[0], [1 / 3, 1 / 3]);
});
