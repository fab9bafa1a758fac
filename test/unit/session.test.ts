/** The worker's training session, driven directly: stepping, pausing, stopping, pace, pictures, failures, batching. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { serialize } from "node:v8";
import { memoryFiles, noFiles } from "../../src/core/base/files";
import { useTranslations } from "../../src/core/base/l10n";
import type { MetricsUpdate, Pace, RunEvent, RunSettings } from "../../src/protocol/run";
import { Pacer, paceRate } from "../../src/worker/pace";
import { TrainingSession } from "../../src/worker/session";
import { readExample } from "../helpers/examples";

const SETTINGS: RunSettings = { updateIntervalMs: 100, boundaryResolution: 16, pace: "max" };

/**
 * A session whose deferred work runs only when the test says so. With `fakeTime`, its clock is
 * the test's: each reading moves it on by a microsecond (so slices end), and work deferred by a
 * delay moves it to when that work is due.
 */
function harness(settings: Partial<RunSettings> = {}, fakeTime = false) {
  const events: RunEvent[] = [];
  const queue: { work: () => void; at: number }[] = [];
  let time = 0;
  const now = fakeTime
    ? () => {
        time += 0.001;
        return time;
      }
    : () => performance.now();
  const session = new TrainingSession(
    { ...SETTINGS, ...settings },
    (e) => events.push(e),
    (work, delayMs) => queue.push({ work, at: (fakeTime ? time : 0) + delayMs }),
    now,
  );
  const runQueued = (limit = 100_000) => {
    for (let i = 0; i < limit && queue.length; i++) {
      queue.sort((a, b) => a.at - b.at);
      const next = queue.shift();
      if (!next) break;
      if (fakeTime) time = Math.max(time, next.at);
      next.work();
    }
  };
  const updates = () => events.filter((e): e is Extract<RunEvent, { type: "metrics" }> => e.type === "metrics").map((e) => e.update as MetricsUpdate);
  return { session, events, runQueued, updates, time: () => time };
}

const XOR = readExample("xor.nnspec.json");

describe("training session", () => {
  it("starts paused when asked, with the network's summary and a first update", () => {
    const h = harness();
    h.session.start(XOR, noFiles(), false);
    assert.equal(h.events[0].type, "started");
    const started = h.events[0] as Extract<RunEvent, { type: "started" }>;
    assert.deepEqual(started.summary.sizes, [2, 4, 2]);
    assert.equal(started.summary.points?.x.length, 200);
    assert.deepEqual(started.summary.suitableLosses[0], "crossEntropy");
    // The panel's loss menu gets its words with the losses: it writes no loss's name itself.
    assert.deepEqual(started.summary.lossLabels, { crossEntropy: "Cross-entropy", mae: "MAE (L1)", mse: "MSE (L2)", huber: "Huber" });
    assert.equal(started.summary.simd, true, "Node has WebAssembly SIMD: the summary says the products run in it");
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
  });

  it("sends the loss menu's words in the worker's language", () => {
    useTranslations(JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "l10n", "bundle.l10n.ko.json"), "utf8")));
    try {
      const h = harness();
      h.session.start(XOR, noFiles(), false);
      const started = h.events[0] as Extract<RunEvent, { type: "started" }>;
      assert.deepEqual(started.summary.lossLabels, { crossEntropy: "교차 엔트로피", mae: "MAE (L1)", mse: "MSE (L2)", huber: "Huber" });
    } finally {
      useTranslations(undefined);
    }
  });

  it("steps one batch, then one epoch, staying paused", () => {
    const h = harness();
    h.session.start(XOR, noFiles(), false);
    h.session.handle({ type: "step", unit: "batch" });
    assert.equal(h.updates().at(-1)?.batch, 1);
    assert.equal(h.updates().at(-1)?.epoch, 0);
    h.session.handle({ type: "step", unit: "epoch" });
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

  it("the vanishing-gradients example: its findings on the layers and fields they are about, the distributions, each unit's |δ|", () => {
    const text = readExample("vanishing-gradients.nnspec.json");
    const lineOf = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
    // 50 epochs a second on the test's clock: four seconds, an update every 100 ms.
    const h = harness({ pace: 50 }, true);
    h.session.start(text, noFiles(), true);
    h.runQueued();
    const updates = h.updates();
    assert.equal(updates.at(-1)?.status, "done");
    // The editor's findings: sent when they change, the last as the run ended.
    const sent = updates.filter((u) => u.findingDiagnostics !== null);
    assert.ok(sent.length >= 2 && sent.length < updates.length, `${sent.length} of ${updates.length} updates carried findings`);
    const last = sent.at(-1)?.findingDiagnostics ?? [];
    const first = last.find((d) => d.message.startsWith("layers[1]: vanishing gradient"));
    assert.ok(first, last.map((d) => d.message).join("\n"));
    assert.equal(first.severity, "information");
    assert.equal(first.line, lineOf('"activation": "sigmoid"'), "on layers[1]");
    assert.equal(first.fix?.title, "Use Adam with learning rate 0.01");
    const chance = last.find((d) => d.message.startsWith("The loss has stayed at the chance level"));
    assert.equal(chance?.line, lineOf('"optimizer"'), "a finding about the whole run with a fix: on the field the fix sets");
    // The distributions: every update has the current ones; the series only when it gained an epoch.
    const layers = 7;
    assert.equal(updates.at(-1)?.distributions?.activations.percentiles.length, layers);
    const series = updates.flatMap((u) => (u.distributionHistory ? [u.distributionHistory.epochs.at(-1) ?? 0] : []));
    assert.ok(series.length > 1 && series.every((e, i) => i === 0 || e > series[i - 1]), `the series' last epochs as sent: ${series}`);
    // Each drawn unit's mean |δ| over the last epoch: layers[1]'s far below the output layer's.
    const units = updates.at(-1)?.unitGradients ?? [];
    assert.deepEqual(
      units.map((u) => u.length),
      [8, 8, 8, 8, 8, 8, 2],
    );
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    assert.ok(mean(units[0]) * 100 < mean(units[6]), `${mean(units[0])} vs ${mean(units[6])}`);
  });

  it("pause stops the slices; stop ends the run for good", () => {
    const h = harness();
    h.session.start(XOR, noFiles(), true);
    h.session.handle({ type: "pause" });
    h.runQueued();
    assert.equal(h.updates().at(-1)?.status, "paused");
    assert.equal(h.updates().at(-1)?.epoch, 0, "nothing trained after the pause");
    h.session.handle({ type: "stop" });
    assert.equal(h.updates().at(-1)?.status, "stopped");
    h.session.handle({ type: "resume" });
    h.session.handle({ type: "step", unit: "epoch" });
    h.runQueued();
    assert.equal(h.updates().at(-1)?.epoch, 0, "a stopped run stays stopped");
  });

  it("a huge run never floods: at most 200 epochs per update", () => {
    const h = harness();
    const spec = readExample("dog-cat.nnspec.json").replace('"epochs": 100', '"epochs": 1000000');
    h.session.start(spec, memoryFiles({ "dog-cat.weights.json": readExample("dog-cat.weights.json") }), true);
    // Until a thousand epochs are trained, however long that takes on a busy machine: the updates
    // are bounded by the time it took, not by a time it should take.
    const started = performance.now();
    for (let turn = 0; turn < 1_000_000 && (h.updates().at(-1)?.epoch ?? 0) <= 1000; turn++) h.runQueued(1);
    const elapsed = performance.now() - started;
    const updates = h.updates();
    assert.ok(updates.length <= elapsed / 100 + 3, `${updates.length} updates in ${elapsed.toFixed(0)} ms`);
    assert.ok(
      updates.every((u) => u.epochs.length <= 200),
      "each update carries at most 200 epochs",
    );
    assert.ok((updates.at(-1)?.epoch ?? 0) > 1000, "training went on meanwhile");
  });

  it("a classifier at the class limit (4,096 classes) posts updates under 1 MB, as any run does", () => {
    const h = harness();
    // Two features, so the decision boundary is drawn too: two numbers a cell, whatever the classes.
    const csv = `a,b,k\n${Array.from({ length: 4096 }, (_, i) => `${i % 7},${i % 5},${i}`).join("\n")}\n`;
    const spec = JSON.stringify({
      data: { source: "csv", path: "d.csv", features: ["a", "b"], target: "k", validationSplit: 0 },
      layers: [{ units: 2 }, { units: 4096, activation: "softmax" }],
      training: { epochs: 2 },
    });
    h.session.start(spec, memoryFiles({ "d.csv": csv }), true);
    h.runQueued();
    assert.equal(h.updates().at(-1)?.epoch, 2);
    assert.ok(
      h.updates().some((u) => u.boundary !== null),
      "a boundary was sent",
    );
    for (const u of h.updates()) assert.ok(serialize(u).byteLength < 1_000_000, `an update of ${serialize(u).byteLength.toLocaleString("en")} bytes`);
  });

  it("an invalid spec is reported, not trained", () => {
    const h = harness();
    h.session.start(`{ "layers": [{ "units": 2 }, { "units": 2, "activation": "relux" }] }`, noFiles(), true);
    assert.equal(h.events.length, 1);
    const e = h.events[0];
    assert.equal(e.type, "invalid");
    if (e.type === "invalid") assert.match(e.diagnostics[0].message, /not a valid activation/);
  });

  it("divergence emits the failure, naming layer and epoch, then an error update", () => {
    const h = harness();
    h.session.start(
      `{ "data": { "source": "plane" }, "layers": [{ "units": 2 }, { "units": 8 }, { "units": 1 }], "optimizer": { "learningRate": 100 } }`,
      noFiles(),
      true,
    );
    h.runQueued();
    const failed = h.events.find((e) => e.type === "failed");
    assert.ok(failed && failed.type === "failed");
    assert.match(failed.message, /Training diverged in epoch \d+: at layers\[\d\]/);
    assert.ok(failed.layer !== null && failed.epoch !== null);
    assert.equal(h.updates().at(-1)?.status, "error");
  });

  it("gives the weights at full precision: the diagram's edge is the exported weight", () => {
    const h = harness();
    h.session.start(XOR, noFiles(), false);
    const w = h.session.weights();
    assert.equal(w.layers[0].weights.length, 2);
    assert.equal(w.layers[0].weights[0][0], h.updates()[0].weights.weights[0][0]);
  });

  it("ignores a learning rate the spec could not hold (0, negative, not finite) instead of failing", () => {
    const h = harness();
    h.session.start(XOR, noFiles(), false);
    for (const value of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e9]) h.session.handle({ type: "setLearningRate", value });
    h.session.handle({ type: "step", unit: "epoch" });
    assert.equal(h.updates().at(-1)?.epoch, 1);
    assert.ok(Number.isFinite(h.updates().at(-1)?.epochs[0].loss));
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

  it("regression: each output's predictions beside its targets (the number-guessing game's four guesses)", () => {
    const h = harness();
    h.session.start(
      readExample("number-guessing.nnspec.json"),
      memoryFiles({ "number-guessing.weights.json": readExample("number-guessing.weights.json") }),
      false,
    );
    const predictions = h.updates()[0].predictions;
    assert.deepEqual(predictions?.predicted, [[40], [19], [330], [57]]);
    assert.deepEqual(predictions?.target, [[50], [29], [340], [67]]);
    assert.equal(predictions?.of, "training", "the number game has no validation split: its one sample is a training sample");
    const hill = harness();
    hill.session.start(readExample("gaussian-hill.nnspec.json"), memoryFiles({}), false);
    assert.equal(hill.updates()[0].predictions?.of, "validation");
    assert.equal(hill.updates()[0].predictions?.x, null, "two inputs: no fit line to draw");
    assert.deepEqual(predictions?.x, [1], "one input: its value, for the fit over the points");
    // The outliers example: the fit of its line over its twelve points, the outlier (0.5, 5) among them.
    const outliers = harness();
    outliers.session.start(readExample("outliers.nnspec.json"), memoryFiles({}), false);
    const fit = outliers.updates()[0].predictions;
    assert.equal(fit?.x?.length, 12);
    assert.equal(fit?.x?.[11], 0.5);
    assert.equal(fit?.target[0][11], 5);
  });
});

describe("pace", () => {
  /** Trains XOR (200 epochs) to the end at `pace`; the session's history and the fake time it took. */
  function trainAt(pace: Pace) {
    const h = harness({ pace }, true);
    h.session.start(XOR, noFiles(), true);
    h.runQueued();
    assert.equal(h.updates().at(-1)?.status, "done");
    return { epochs: h.session.metricsForExport().epochs, seconds: h.time() / 1000, updates: h.updates() };
  }

  it("never changes the numbers: the same run at Max and at 10 epochs a second has the same history", () => {
    const max = trainAt("max");
    const slow = trainAt(10);
    assert.equal(max.epochs.length, 200);
    assert.deepEqual(slow.epochs, max.epochs);
    assert.ok(slow.seconds >= 19.8, `200 epochs at 10 a second took ${slow.seconds.toFixed(1)} s`);
    assert.ok(max.seconds < 5, `at Max they took ${max.seconds.toFixed(1)} s of the test's clock`);
  });

  it("by default a small network takes a few seconds, showing many distinct epochs on the way", () => {
    const auto = trainAt("auto");
    assert.ok(auto.seconds >= 3.9 && auto.seconds <= 15.5, `XOR's 200 epochs took ${auto.seconds.toFixed(1)} s`);
    const shown = new Set(auto.updates.map((u) => u.epoch));
    assert.ok(shown.size >= 20, `the epoch counter showed ${shown.size} values`);
    assert.ok(
      auto.updates.some((u) => u.epochsPerSecond !== null && Math.abs(u.epochsPerSecond - 200 / 4) < 10),
      "the rate shown is the paced one",
    );
  });

  it("the auto pace: at least 4 s, about 60 epochs a second, at most 15 s", () => {
    const seconds = (epochs: number) => epochs / (paceRate("auto", epochs)?.perSecond ?? Number.NaN);
    assert.equal(seconds(12), 4, "the 12-epoch number-guessing game lasts 4 s");
    assert.ok(Math.abs(seconds(500) - 500 / 60) < 1e-9, "the spiral's 500 epochs at 60 a second");
    assert.ok(Math.abs(seconds(1_000_000) - 15) < 1e-9, "a million epochs in 15 s");
    assert.equal(paceRate("max", 500), null);
    assert.deepEqual(paceRate("slow", 500), { unit: "batch", perSecond: 1 });
  });

  it("slow motion trains one batch a second", () => {
    const h = harness({ pace: "slow" }, true);
    h.session.start(XOR, noFiles(), true);
    h.runQueued(60);
    const batches = h.updates().filter((u) => u.status === "training");
    const t = h.time() / 1000;
    const done = (batches.at(-1)?.epoch ?? 0) * 5 + (batches.at(-1)?.batch ?? 0);
    assert.ok(Math.abs(done - t) <= 1.5, `${done} batches in ${t.toFixed(1)} s`);
  });

  it("a network slower than its pace is not slowed, and catching up never bursts", () => {
    let now = 0;
    const pacer = new Pacer(10, 1000, () => now);
    assert.equal(pacer.waitMs(0), 0, "the first epoch starts at once");
    assert.equal(pacer.waitMs(1), 100, "the next waits its turn");
    now = 1000; // the machine took a whole second for one epoch
    assert.equal(pacer.waitMs(1), 0);
    assert.equal(pacer.waitMs(2), 0, "one epoch of lateness is kept…");
    assert.ok(pacer.waitMs(3) > 0, "…but not ten: no burst");
  });
});

describe("pictures within a time budget", () => {
  const BIG = JSON.stringify({
    name: "big, two inputs",
    data: { source: "xor", samples: 8 },
    layers: [{ units: 2 }, { units: 1024, activation: "relu" }, { units: 1024, activation: "relu" }, { units: 2 }],
    training: { epochs: 50, batchSize: 8 },
  });

  it("a network too big to redraw live leaves the pictures out while training, saying so", () => {
    const h = harness({ boundaryResolution: 64 });
    h.session.start(BIG, noFiles(), true);
    // Turns until the first update while training (one per update interval of the real clock:
    // how many turns that takes depends on the machine's load).
    for (let turn = 0; turn < 500 && !h.updates().some((u) => u.status === "training"); turn++) h.runQueued(1);
    const training = h.updates().find((u) => u.status === "training");
    assert.ok(training, "an update while training");
    assert.ok(training.boundary === null || training.boundary.resolution < 64, "no full boundary while training");
    assert.match(training.pictureNote ?? "", /too large|drawn at/);
  });

  it("when training stops, the pictures are drawn over several turns, and Stop is handled between them", () => {
    const h = harness({ boundaryResolution: 64 });
    h.session.start(BIG, noFiles(), false);
    // The first update comes at once; the pictures follow once drawn, turn by turn.
    const first = h.updates()[0];
    const turns: number[] = [];
    let n = 0;
    while (h.updates().length === 1 && n < 10_000) {
      h.runQueued(1);
      turns.push(n++);
    }
    const drawn = h.updates()[1];
    assert.ok(turns.length > 1, `drawn over ${turns.length} turns`);
    assert.ok(first.boundary === null || first.neuronMaps === null || drawn, "pictures came later");
    assert.ok(drawn?.boundary && drawn.boundary.resolution >= 8, "the boundary arrives when drawn");
    assert.ok(drawn?.neuronMaps, "and the units' pictures");
  });
});

describe("one clock for the whole session", () => {
  // Predicted at over 100 ms to draw still (2 → 256 → 256 → 2 at a 64 × 64 boundary), so drawn over turns.
  const MEDIUM = JSON.stringify({
    name: "medium, two inputs",
    data: { source: "xor", samples: 8 },
    layers: [{ units: 2 }, { units: 256, activation: "relu" }, { units: 256, activation: "relu" }, { units: 2 }],
    training: { epochs: 5, batchSize: 8 },
  });

  it("still pictures progress on the session's clock: a fake one, far from the machine's, moving 1 ms a reading", () => {
    const events: RunEvent[] = [];
    const queue: (() => void)[] = [];
    let time = 1e12;
    const session = new TrainingSession(
      { ...SETTINGS, boundaryResolution: 64 },
      (e) => events.push(e),
      (work) => queue.push(work),
      () => time++,
    );
    session.start(MEDIUM, noFiles(), false);
    const updates = () => events.filter((e): e is Extract<RunEvent, { type: "metrics" }> => e.type === "metrics");
    let turns = 0;
    while (updates().length < 2 && queue.length > 0 && turns < 1000) {
      queue.shift()?.();
      turns++;
    }
    const drawn = updates()[1]?.update as MetricsUpdate | undefined;
    assert.ok(drawn, `the still pictures arrived (after ${turns} turns)`);
    assert.ok(turns >= 1, "drawn over turns, not at once");
    assert.equal(drawn.boundary?.resolution, 64);
    assert.ok(drawn.neuronMaps, "and the units' pictures");
  });
});

describe("the sample card, the loss along a weight and hand edits, through the session", () => {
  const DOG_CAT = () => {
    const h = harness();
    h.session.start(readExample("dog-cat.nnspec.json"), memoryFiles({ "dog-cat.weights.json": readExample("dog-cat.weights.json") }), false);
    return h;
  };

  it("the card of the dog photo: the lesson's [0.8, 0.2] and MAE 0.2, its bias written out, and the training's gradients left as they were", () => {
    const h = DOG_CAT();
    h.session.handle({ type: "step", unit: "epoch" });
    const before = h.session.weights();
    const gradientsBefore = h.updates().at(-1)?.weights.gradients;
    const card = h.session.card(0, { layer: 1, unit: 0 }, { layer: 1, from: "bias", to: 0 });
    assert.deepEqual(card.trace.classNames, ["dog", "cat"]);
    assert.ok(card.unit?.formula.startsWith("z = "));
    assert.ok(card.step?.formula.startsWith("∂L/∂b = δ"));
    h.session.handle({ type: "pause" });
    assert.deepEqual(h.updates().at(-1)?.weights.gradients ?? gradientsBefore, gradientsBefore, "the diagram's last gradients are the training's");
    assert.deepEqual(h.session.weights(), before, "a card changes no weight");
    const fresh = harness();
    fresh.session.start(readExample("dog-cat.nnspec.json"), memoryFiles({ "dog-cat.weights.json": readExample("dog-cat.weights.json") }), false);
    const first = fresh.session.card(0, null, null).trace;
    assert.deepEqual(
      first.output.map((p) => Number(p.toFixed(12))),
      [0.8, 0.2],
    );
    assert.equal(first.formula, "MAE = (|0.8 − 1| + |0.2 − 0|) / 2 = 0.2");
  });

  it("a bias set by hand while paused: the update that follows says the loss and accuracy now; while training it is refused", () => {
    const h = DOG_CAT();
    h.session.setParameter({ layer: 1, from: "bias", to: 0 }, 2);
    const edited = h.updates().at(-1)?.edited;
    const p = Math.exp(2) / (Math.exp(2) + Math.exp(-1.6094379124341003));
    assert.ok(edited && Math.abs(edited.loss - (1 - p)) < 1e-12, `MAE of [p, 1 − p] against [1, 0] is 1 − p: ${edited?.loss}`);
    assert.equal(edited?.accuracy, 1);
    assert.equal(h.updates().at(-1)?.epoch, 0, "nothing was trained");
    assert.equal(h.session.weights().layers[0].biases[0], 2, "Export Weights saves the edit");
    h.session.handle({ type: "resume" });
    assert.throws(() => h.session.setParameter({ layer: 1, from: "bias", to: 0 }, 1), /pause training first/);
  });

  it("the loss along a weight: one curve per loss that suits the output, the spec's loss first", () => {
    const h = DOG_CAT();
    const along = h.session.lossAlong({ layer: 1, from: "bias", to: 0 });
    assert.deepEqual(
      along.curves.map((c) => c.loss),
      ["mae", "crossEntropy", "mse", "huber"],
    );
    assert.ok(Math.abs(along.curves[0].current - 0.2) < 1e-12);
  });
});
