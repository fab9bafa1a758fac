import assert from "node:assert/strict";
import { it } from "node:test";
import { gradientFindings } from "../../src/core/train/gradientFindings";
import type { LayerGradientStats } from "../../src/core/train/metrics";

const layer = (
  layerIndex: number,
  meanAbs: number,
  maxAbs: number,
  deadShare: number | null = null,
  saturatedShare: number | null = null,
): LayerGradientStats => ({
  layer: layerIndex,
  meanAbs,
  maxAbs,
  rms: meanAbs,
  biasMeanAbs: meanAbs,
  biasMaxAbs: maxAbs,
  biasRms: meanAbs,
  deadShare,
  saturatedShare,
});

it("healthy gradients give no findings", () => {
  assert.deepEqual(gradientFindings([layer(1, 0.01, 0.1), layer(2, 0.02, 0.2)]), []);
});

it("names vanishing, vanished and exploding gradients and dead ReLUs by layer", () => {
  const findings = gradientFindings([layer(1, 1e-6, 1e-5), layer(2, 1e-8, 1e-7), layer(3, 0.01, 5000), layer(4, 0.01, 0.1, 0.75)]);
  assert.match(findings[0], /^layers\[1\]: vanishing gradient/);
  assert.match(findings[1], /^layers\[2\]: the gradient has vanished/);
  assert.match(findings[2], /^layers\[3\]: exploding gradients/);
  assert.match(findings[3], /^layers\[4\]: 75% of its ReLU units are dead/);
});

it("tiny gradients in every layer say that training has stalled or converged", () => {
  const findings = gradientFindings([layer(1, 5e-6, 5e-4), layer(2, 1e-6, 2e-4)]);
  assert.equal(findings.length, 1);
  assert.match(findings[0], /^every layer's gradient is tiny .*training has all but stopped/);
});

it("names saturated tanh or sigmoid layers", () => {
  const findings = gradientFindings([layer(1, 0.01, 0.1, null, 0.8), layer(2, 0.01, 0.1, null, 0.2)]);
  assert.equal(findings.length, 1);
  assert.match(findings[0], /^layers\[1\]: 80% of its outputs are saturated/);
});
