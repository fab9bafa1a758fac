/** Dropout's masks on their own: the draw order, keep probability, scaling, and the expectation they preserve. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../src/core/base/rng";
import { allocateMasks, applyMask, drawMasks, hasDropout } from "../../src/core/nn/dropout";

describe("dropout masks", () => {
  it("are drawn per layer with a rate, in layer order, row-major, one draw per output (u < p drops)", () => {
    const rates = [0.25, 0, 0.5, 0];
    const sizes = [3, 4, 2, 3, 1];
    const rows = 5;
    const masks = allocateMasks(rates, sizes, rows);
    assert.equal(masks[1], null);
    assert.equal(masks[3], null);
    drawMasks(new Rng(7), rates, sizes, rows, masks);
    // The same draws by hand: layer 0's 5 × 4 first, then layer 2's 5 × 3.
    const rng = new Rng(7);
    for (const [k, p] of [
      [0, 0.25],
      [2, 0.5],
    ]) {
      const mask = masks[k] as Float64Array;
      for (let i = 0; i < rows * sizes[k + 1]; i++) assert.equal(mask[i], rng.next() < p ? 0 : 1 / (1 - p), `layer ${k}, entry ${i}`);
    }
  });

  it("keep each output with probability 1 − p and scale the kept ones by 1/(1 − p)", () => {
    const p = 0.2;
    const masks = allocateMasks([p, 0], [1, 1000, 1], 100);
    drawMasks(new Rng(1), [p, 0], [1, 1000, 1], 100, masks);
    const mask = masks[0] as Float64Array;
    let kept = 0;
    for (const m of mask) {
      assert.ok(m === 0 || m === 1 / (1 - p));
      if (m > 0) kept++;
    }
    // 100 000 Bernoulli(0.8) draws: the standard error of the share is 0.0013; 5 of them is 0.0063.
    assert.ok(Math.abs(kept / mask.length - (1 - p)) < 0.0063, String(kept / mask.length));
  });

  it("preserve the mean activation: over many masks the masked output's mean is the output's", () => {
    const p = 0.3;
    const units = 8;
    const rows = 1;
    const a = Float64Array.from({ length: units }, (_, i) => Math.sin(i + 1) * 2);
    const sums = new Float64Array(units);
    const draws = 40000;
    const masks = allocateMasks([p, 0], [2, units, 1], rows);
    const rng = new Rng(11);
    const out = new Float64Array(units);
    for (let d = 0; d < draws; d++) {
      drawMasks(rng, [p, 0], [2, units, 1], rows, masks);
      out.set(a);
      applyMask(out, masks[0] as Float64Array, units);
      for (let i = 0; i < units; i++) sums[i] += out[i];
    }
    // Each masked value is a·m with E[m] = 1 and sd(m) = √(p/(1−p)) ≈ 0.65; the mean of 40 000 has sd 0.0033·|a|.
    for (let i = 0; i < units; i++) {
      const tolerance = 5 * Math.abs(a[i]) * Math.sqrt(p / (1 - p) / draws);
      assert.ok(Math.abs(sums[i] / draws - a[i]) < tolerance, `unit ${i}: ${sums[i] / draws} vs ${a[i]} (±${tolerance})`);
    }
  });

  it("rate 0 draws nothing from the stream and makes no mask", () => {
    const rng = new Rng(3);
    const masks = allocateMasks([0, 0], [2, 4, 1], 3);
    drawMasks(rng, [0, 0], [2, 4, 1], 3, masks);
    assert.deepEqual(masks, [null, null]);
    assert.equal(rng.next(), new Rng(3).next());
    assert.equal(hasDropout([0, 0]), false);
    assert.equal(hasDropout([0.1, 0]), true);
  });
});
