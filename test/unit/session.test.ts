/** The worker's training session, driven directly: stepping, pausing, stopping, failures, batching. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { memoryFiles, noFiles } from "../../src/core/base/files";
import type { MetricsUpdate, WorkerToHost } from "../../src/protocol";
import { TrainingSession } from "../../src/worker/session";
import { readExample } from "../helpers/examples";

const SETTINGS = { updateIntervalMs: 100, boundaryResolution: 16 };

/** A session whose deferred work runs only when the test says so. */
function harness() {
  const posted: WorkerToHost[] = [];
  const queue: (() => void)[] = [];
  const session = new TrainingSession(
    7,
    SETTINGS,
    (m) => posted.push(m),
    (work) => queue.push(work),
  );
  const runQueued = (limit = 10_000) => {
    for (let i = 0; i < limit && queue.length; i++) queue.shift()?.();
  };
  const updates = () => posted.filter((m): m is Extract<WorkerToHost, { type: "metrics" }> => m.type === "metrics").map((m) => m.update as MetricsUpdate);
  return { session, posted, runQueued, updates };
}

const XOR = readExample("xor.nnspec.json");

describe("training session", () => {
  it("starts paused when asked, with the network's summary and a first update", () => {
    const h = harness();
    h.session.start(XOR, noFiles(), false);
    assert.equal(h.posted[0].type, "started");
    const started = h.posted[0] as Extract<WorkerToHost, { type: "started" }>;
    assert.deepEqual(started.summary.sizes, [2, 4, 2]);
    assert.equal(started.summary.points?.x.length, 200);
    assert.equal(h.updates()[0].status, "paused");
    assert.equal(h.updates()[0].boundary?.resolution, 16);
    // Every weight of each layer in the histograms: the shares add up to 1.
    const histograms = h.updates()[0].weightHistograms;
    assert.equal(histograms.shares.length, 2);
    for (const shares of histograms.shares) assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    // Each drawn unit's picture: the 2 inputs, 4 hidden units and 2 outputs, 20 × 20 cells each.
    const maps = h.updates()[0].neuronMaps;
    assert.deepEqual(
      maps?.layers.map((l) => l.length / (maps.resolution * maps.resolution)),
      [2, 4, 2],
    );
    assert.ok(
      h.posted.every((m) => !("runId" in m) || m.runId === 7),
      "every message carries the run id",
    );
  });

  it("steps one batch, then one epoch, staying paused", () => {
    const h = harness();
    h.session.start(XOR, noFiles(), false);
    h.session.handle({ type: "step", runId: 7, unit: "batch" });
    assert.equal(h.updates().at(-1)?.batch, 1);
    assert.equal(h.updates().at(-1)?.epoch, 0);
    h.session.handle({ type: "step", runId: 7, unit: "epoch" });
    const last = h.updates().at(-1);
    assert.equal(last?.epoch, 1);
    assert.equal(last?.status, "paused");
    assert.equal(last?.epochs.length, 1);
  });

  it("trains to the end when resumed, then reports done", () => {
    const h = harness();
    h.session.start(XOR, noFiles(), true);
    h.runQueued();
    const updates = h.updates();
    assert.equal(updates.at(-1)?.status, "done");
    assert.equal(updates.at(-1)?.epoch, 200);
    const reported = updates.flatMap((u) => u.epochs);
    assert.equal(reported.at(-1)?.epoch, 200, "the last epoch is always reported");
  });

  it("pause stops the slices; stop ends the run for good", () => {
    const h = harness();
    h.session.start(XOR, noFiles(), true);
    h.session.handle({ type: "pause", runId: 7 });
    h.runQueued();
    assert.equal(h.updates().at(-1)?.status, "paused");
    assert.equal(h.updates().at(-1)?.epoch, 0, "nothing trained after the pause");
    h.session.handle({ type: "stop", runId: 7 });
    assert.equal(h.updates().at(-1)?.status, "stopped");
    h.session.handle({ type: "resume", runId: 7 });
    h.session.handle({ type: "step", runId: 7, unit: "epoch" });
    h.runQueued();
    assert.equal(h.updates().at(-1)?.epoch, 0, "a stopped run stays stopped");
  });

  it("a huge run never floods: at most 200 epochs per update", () => {
    const h = harness();
    const spec = readExample("dog-cat.nnspec.json").replace('"epochs": 100', '"epochs": 1000000');
    h.session.start(spec, memoryFiles({ "dog-cat.weights.json": readExample("dog-cat.weights.json") }), true);
    const deadline = performance.now() + 400;
    while (performance.now() < deadline) h.runQueued(1);
    const updates = h.updates();
    assert.ok(updates.length <= 400 / 100 + 3, `${updates.length} updates in 400 ms`);
    assert.ok(
      updates.every((u) => u.epochs.length <= 200),
      "each update carries at most 200 epochs",
    );
    assert.ok((updates.at(-1)?.epoch ?? 0) > 1000, "training went on meanwhile");
  });

  it("an invalid spec is reported, not trained", () => {
    const h = harness();
    h.session.start(`{ "layers": [{ "units": 2 }, { "units": 2, "activation": "relux" }] }`, noFiles(), true);
    assert.equal(h.posted.length, 1);
    const m = h.posted[0];
    assert.equal(m.type, "invalid");
    if (m.type === "invalid") assert.match(m.diagnostics[0].message, /not a valid activation/);
  });

  it("divergence posts the failure, naming layer and epoch, then an error update", () => {
    const h = harness();
    h.session.start(
      `{ "data": { "source": "plane" }, "layers": [{ "units": 2 }, { "units": 8 }, { "units": 1 }], "optimizer": { "learningRate": 100 } }`,
      noFiles(),
      true,
    );
    h.runQueued();
    const failed = h.posted.find((m) => m.type === "failed");
    assert.ok(failed && failed.type === "failed");
    assert.match(failed.message, /Training diverged in epoch \d+: at layers\[\d\]/);
    assert.ok(failed.layer !== null && failed.epoch !== null);
    assert.equal(h.updates().at(-1)?.status, "error");
  });

  it("answers a weights request at full precision", () => {
    const h = harness();
    h.session.start(XOR, noFiles(), false);
    h.session.handle({ type: "getWeights", runId: 7, requestId: 3 });
    const m = h.posted.at(-1);
    assert.ok(m && m.type === "weights");
    assert.equal(m.requestId, 3);
    assert.equal(m.weights.layers[0].weights.length, 2);
    assert.equal(m.weights.layers[0].weights[0][0], h.updates()[0].weights.weights[0][0], "the diagram's edge is the exported weight");
  });

  it("updates of a big network carry only the diagram's edges, so they stay small", () => {
    const h = harness();
    const spec = {
      data: { source: "inline", task: "classification", x: [new Array(784).fill(0.5)], y: [3] },
      layers: [{ units: 784 }, { units: 128 }, { units: 64 }, { units: 10, activation: "softmax" }],
    };
    h.session.start(JSON.stringify(spec), noFiles(), false);
    const update = h.updates()[0];
    assert.deepEqual(
      update.weights.weights.map((w) => w.length),
      [100, 100, 100],
    );
    assert.ok(JSON.stringify(update).length < 20_000, `an update is ${JSON.stringify(update).length} characters`);
  });
});
