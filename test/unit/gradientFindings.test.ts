import assert from "node:assert/strict";
import { it } from "node:test";
// The panel's former entry point; EpochMetrics.findings (findings.test.ts) carries every finding now.
import { gradientFindings } from "../helpers/gradientFindings";
import { layerStats } from "../helpers/gradientStats";

const layer = (index: number, meanAbs: number, maxAbs: number, deadShare: number | null = null, saturatedShare: number | null = null) =>
  layerStats(index, meanAbs, maxAbs, { deadShare, saturatedShare });

it("healthy gradients give no findings", () => {
  assert.deepEqual(gradientFindings([layer(1, 0.01, 0.1), layer(2, 0.02, 0.2)]), []);
});

it("names vanishing and exploding gradients and dead ReLUs by layer", () => {
  const findings = gradientFindings([layer(1, 1e-6, 1e-5), layer(2, 1e-8, 1e-7), layer(3, 0.01, 5000), layer(4, 0.01, 0.1, 0.75)]);
  assert.match(findings[0], /^layers\[1\]: vanishing gradient: its mean \|g\| is 1e−6, 1e−4 of the largest layer's/);
  assert.match(findings[1], /^layers\[2\]: vanishing gradient: its mean \|g\| is 1e−8/);
  assert.match(findings[2], /^layers\[3\]: exploding gradients/);
  assert.match(findings[3], /^layers\[4\]: 75% of its ReLU units are dead/);
});

it("tiny gradients in every layer say that training has all but stopped (with SGD)", () => {
  const findings = gradientFindings([layer(1, 5e-6, 5e-4), layer(2, 1e-6, 2e-4)]);
  assert.equal(findings.length, 1);
  assert.match(findings[0], /^Every layer's gradient is tiny .*training has all but stopped/);
});

it("names saturated tanh or sigmoid layers", () => {
  const findings = gradientFindings([layer(1, 0.01, 0.1, null, 0.8), layer(2, 0.01, 0.1, null, 0.2)]);
  assert.equal(findings.length, 1);
  assert.match(findings[0], /^layers\[1\]: 80% of its outputs are saturated/);
});
