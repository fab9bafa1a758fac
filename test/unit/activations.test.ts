/** Activation functions against their definitions in the format. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ELEMENTWISE, tanh } from "../../src/core/nn/activations";

describe("activations", () => {
  it("tanh agrees with Math.tanh to 1e-15 relative over the whole range, and at the edges", () => {
    let worst = 0;
    for (let x = -40; x <= 40; x += 1e-3) {
      const exact = Math.tanh(x);
      if (exact !== 0) worst = Math.max(worst, Math.abs(tanh(x) - exact) / Math.abs(exact));
    }
    // Where the branches meet and where e^(−2|x|)'s reduction changes k: (k + ½)·ln 2 / 2.
    const edges = [0.625, 20, ...Array.from({ length: 58 }, (_, k) => ((k + 0.5) * Math.LN2) / 2)];
    for (const edge of edges) {
      for (const x of [edge * (1 - 1e-15), edge, edge * (1 + 1e-15), -edge]) {
        worst = Math.max(worst, Math.abs(tanh(x) - Math.tanh(x)) / Math.abs(Math.tanh(x)));
      }
    }
    assert.ok(worst < 1e-15, `worst relative error ${worst}`);
    assert.equal(tanh(0), 0);
    assert.equal(tanh(Number.POSITIVE_INFINITY), 1);
    assert.equal(tanh(Number.NEGATIVE_INFINITY), -1);
    assert.equal(tanh(1e-300), 1e-300);
    assert.equal(tanh(1000), 1);
    assert.equal(tanh(-1000), -1);
    assert.ok(Number.isNaN(tanh(Number.NaN)), "NaN propagates, so divergence is detected");
  });

  it("the format's constants: leakyRelu slope 0.01, elu alpha 1, gelu is x·Φ(x)", () => {
    assert.equal(ELEMENTWISE.leakyRelu.output(-2), -0.02);
    assert.ok(Math.abs(ELEMENTWISE.elu.output(-1) - (Math.exp(-1) - 1)) < 1e-15);
    // Φ(1) = 0.8413447460685429 (standard normal CDF)
    assert.ok(Math.abs(ELEMENTWISE.gelu.output(1) - 0.8413447460685429) < 1e-15);
    assert.ok(Math.abs(ELEMENTWISE.softplus.output(800) - 800) < 1e-12, "softplus stays finite for large inputs");
    assert.ok(Math.abs(ELEMENTWISE.sigmoid.output(-800)) < 1e-300, "sigmoid stays finite for large negative inputs");
  });

  it("ReLU passes NaN through, so a diverging network is caught rather than silently zeroed", () => {
    assert.ok(Number.isNaN(ELEMENTWISE.relu.output(Number.NaN)));
  });
});
