/**
 * "A flat place, not the goal": examples/xor-stall stalls as its text says, and over twenty seeds
 * the finding holds at the end exactly for the runs whose gradient is near 0 below 100% accuracy.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { FLAT_GRADIENT } from "../../src/core/train/findings/flatPlace";
import type { EpochMetrics } from "../../src/core/train/metrics";
import { Trainer } from "../../src/core/train/trainer";
import { EXAMPLES_DIR } from "../helpers/examples";
import { loadText } from "../helpers/load";

const STALL = readFileSync(`${EXAMPLES_DIR}/xor-stall.nnspec.json`, "utf8");

function run(text: string): EpochMetrics {
  const trainer = new Trainer(loadText(text));
  while (!trainer.finished) trainer.stepEpoch();
  return trainer.history[trainer.history.length - 1];
}

const withSeed = (seed: number, text = STALL) => text.replace('"seed": 4', `"seed": ${seed}`);
const flat = (m: EpochMetrics) => m.findings.find((f) => f.id === "flatPlace");

describe("a flat place, not the goal", () => {
  it("xor-stall: the gradient falls below 0.001 and the loss stays at 0.35 while accuracy stays at 50%", () => {
    const last = run(STALL);
    assert.equal(last.accuracy, 0.5);
    assert.ok(Math.abs(last.loss - 0.35) < 0.01, `loss ${last.loss}`);
    assert.ok(Math.max(...last.gradients.map((g) => g.meanAbs)) < FLAT_GRADIENT);
    assert.match(flat(last)?.message ?? "", /^The gradient is near 0 but accuracy is 50\.0%: a flat place, not the goal\./);
    // Seed 1, as the text says, learns it.
    assert.equal(run(withSeed(1)).accuracy, 1);
  });

  it("over seeds 1–20 holds at the end exactly for the runs that stall below 100%", () => {
    let stalled = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const last = run(withSeed(seed));
      const nearZero = Math.max(...last.gradients.map((g) => g.meanAbs)) < FLAT_GRADIENT;
      assert.equal(Boolean(flat(last)), last.accuracy < 1 && nearZero, `seed ${seed}: accuracy ${last.accuracy}`);
      if (flat(last)) stalled++;
    }
    assert.ok(stalled >= 3 && stalled <= 10, `${stalled} of 20 seeds stall`);
  });

  it("with four hidden units, as the text says, every seed from 1 to 20 reaches 100% and the finding never shows", () => {
    const wider = STALL.replace('{ "units": 2, "activation": "sigmoid" }', '{ "units": 4, "activation": "sigmoid" }');
    assert.notEqual(wider, STALL);
    for (let seed = 1; seed <= 20; seed++) {
      const trainer = new Trainer(loadText(withSeed(seed, wider)));
      while (!trainer.finished) trainer.stepEpoch();
      assert.equal(trainer.history[trainer.history.length - 1].accuracy, 1, `seed ${seed}`);
      assert.ok(!trainer.history.some(flat), `seed ${seed}`);
    }
  });
});
