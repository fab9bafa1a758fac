/** A run's result files, made in the worker: what Export Metrics and kept runs write and draw. */
import assert from "node:assert/strict";
import { it } from "node:test";
import type { EpochMetrics } from "../../src/core/train/metrics";
import { DRAWN_EPOCHS as CURVE_POINTS, curveOf } from "../../src/protocol/curve";
import { metricsFile } from "../../src/worker/resultFiles";

const epoch = (n: number): EpochMetrics => ({
  epoch: n,
  loss: 1 / n,
  accuracy: n / (n + 1),
  valLoss: null,
  valAccuracy: null,
  gradients: [],
  outputSpread: 0,
  stepCosine: null,
  findings: [],
});

it("the curve a kept run is drawn from stays small however long the run, evenly spaced, with the last epoch", () => {
  const epochs = Array.from({ length: 100_000 }, (_, i) => epoch(i + 1));
  const curve = curveOf(epochs);
  assert.ok(curve.epochs.length <= CURVE_POINTS + 1, `${curve.epochs.length} points`);
  assert.ok(curve.epochs.length >= CURVE_POINTS / 2, "and not much thinner than a chart can show");
  assert.equal(curve.epochs[0], 1);
  assert.equal(curve.epochs.at(-1), 100_000);
  const steps = new Set(curve.epochs.slice(1, -1).map((e, i) => e - curve.epochs[i]));
  assert.deepEqual([...steps], [25], "evenly spaced");
  assert.equal(curve.loss[1], 1 / 26, "each point its epoch's own figures");
  assert.deepEqual(curveOf(epochs.slice(0, 3)).epochs, [1, 2, 3], "a short run whole");
});

it("the metrics file is `nnspec train --json`'s lines, one an epoch, with the count and the last epoch", () => {
  const epochs = [epoch(1), epoch(2)];
  const m = metricsFile(epochs, 1);
  assert.equal(new TextDecoder().decode(m.file), `${JSON.stringify(epochs[0])}\n${JSON.stringify(epochs[1])}\n`);
  assert.equal(m.count, 2);
  assert.deepEqual(m.last, epochs[1]);
  assert.equal(metricsFile([], 1).last, null);
  // The bytes can move to the host rather than be copied: they own their buffer.
  assert.equal(m.file.byteLength, m.file.buffer.byteLength);
});
