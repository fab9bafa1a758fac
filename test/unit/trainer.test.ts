/** The trainer's contract: metrics as Keras reports them, stepping, changes between steps, failures. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { memoryFiles, noFiles } from "../../src/core/base/files";
import { loadSpec } from "../../src/core/spec/load";
import type { Extent } from "../../src/core/train/boundary";
import { RECENT_EPOCHS, Trainer } from "../../src/core/train/trainer";
import { toReference } from "../helpers/gradcheck";
import { forwardFrom } from "../helpers/reference";

function trainer(text: string, files = noFiles(), now?: () => number): Trainer {
  const result = loadSpec(text, files);
  assert.ok(result.loaded, JSON.stringify(result.diagnostics));
  return new Trainer(result.loaded, { now });
}

const SPIRAL = (extra = "") =>
  `{ "data": { "source": "spiral", "samples": 100 }, "layers": [{ "units": 2 }, { "units": 8, "activation": "tanh" }, { "units": 2 }],
     "training": { "epochs": 5, "batchSize": 30, "shuffle": false }${extra} }`;

describe("epoch metrics", () => {
  it("validation metrics are measured after the epoch's last update", async () => {
    const t = trainer(SPIRAL());
    const m = t.stepEpoch();
    const now = t.evaluate("validation");
    assert.equal(m?.valLoss, now?.loss);
    assert.equal(m?.valAccuracy, now?.accuracy);
  });

  it("gradient statistics are consistent: mean |g| ≤ RMS ≤ max |g|, one entry per layer", async () => {
    const m = trainer(SPIRAL()).stepEpoch();
    assert.equal(m?.gradients.length, 2);
    for (const g of m?.gradients ?? []) {
      assert.ok(g.meanAbs > 0 && g.meanAbs <= g.rms + 1e-15 && g.rms <= g.maxAbs + 1e-15, JSON.stringify(g));
      assert.ok(g.biasMeanAbs > 0);
      assert.equal(g.deadShare, null, "only ReLU layers report dead units");
    }
  });

  it("a full batch's gradient statistics are those of its gradient", async () => {
    const t = trainer(SPIRAL().replace('"batchSize": 30', '"batchSize": "full"'));
    const m = t.stepEpoch();
    const g = t.net.gradWeights[0];
    const mean = g.reduce((s, v) => s + Math.abs(v), 0) / g.length;
    assert.ok(Math.abs((m?.gradients[0].meanAbs ?? 0) - mean) < 1e-15);
  });

  it("dead ReLU units are counted: a unit never above zero for any sample is dead", async () => {
    const spec = `{ "data": { "source": "xor", "samples": 40 }, "layers": [{ "units": 2 }, { "units": 4, "activation": "relu" }, { "units": 2 }], "init": "w.json",
      "optimizer": { "learningRate": 0.001 }, "training": { "epochs": 1 } }`;
    // Unit 3 has a bias of -100: no input in [-1.1, 1.1]² lifts it above zero.
    const w = `{ "layers": [ { "weights": [[1, -1, 0.5, 0], [1, 1, -0.5, 0]], "biases": [0, 0, 0, -100] }, { "weights": [[1, 0], [0, 1], [1, 1], [1, 1]], "biases": [0, 0] } ] }`;
    const m = trainer(spec, memoryFiles({ "w.json": w })).stepEpoch();
    assert.equal(m?.gradients[0].deadShare, 0.25);
  });

  it("the same spec trains to the same numbers (seeded)", async () => {
    const run = () => {
      const t = trainer(SPIRAL().replace('"shuffle": false', '"shuffle": true'));
      while (!t.finished) t.stepEpoch();
      return t.history.map((m) => m.loss);
    };
    assert.deepEqual(run(), run());
  });
});

describe("stepping and changes between steps", () => {
  it("steps one batch at a time and reports the epoch with its last batch", async () => {
    const t = trainer(SPIRAL());
    assert.equal(t.batchesPerEpoch, 3); // 80 training samples in batches of 30
    assert.equal(t.stepBatch(), null);
    assert.equal(t.stepBatch(), null);
    assert.equal(t.stepBatch()?.epoch, 1);
    assert.equal(t.epoch, 1);
  });

  it("runs to the configured epochs and stops", async () => {
    const t = trainer(SPIRAL());
    while (!t.finished) t.runUntil(performance.now() + 50);
    assert.equal(t.state, "done");
    assert.equal(t.history.length, 5);
    assert.equal(t.stepBatch(), null, "nothing happens after the end");
  });

  it("runUntil reads the clock the trainer was given, not the machine's: a fake one moving 1 ms a reading trains one batch a reading", () => {
    // Far from any time the machine's clock could read, before or after the deadline.
    const start = 1e12;
    let time = start;
    const t = trainer(SPIRAL(), noFiles(), () => time++);
    // SPIRAL: 80 training rows in batches of 30, so 3 batches an epoch. Seven readings are before the deadline.
    const epochs = t.runUntil(start + 7);
    assert.equal(t.epoch * t.batchesPerEpoch + t.batchInEpoch, 7);
    assert.deepEqual(
      epochs.map((m) => m.epoch),
      [1, 2],
    );
    assert.equal(time, start + 8, "one reading per batch and the one that ends it");
    // A deadline already passed on that clock trains nothing, whatever the machine's clock says.
    assert.deepEqual(t.runUntil(0), []);
    assert.equal(t.batchInEpoch, 1);
  });

  it(`a long run keeps a bounded history: at least the last ${RECENT_EPOCHS} epochs, never twice as many`, async () => {
    const t = trainer(`{ "data": { "source": "inline", "x": [[0], [1]], "y": [0, 1], "validationSplit": 0 },
      "layers": [{ "units": 1 }, { "units": 2, "activation": "softmax" }], "training": { "epochs": ${2 * RECENT_EPOCHS + 500} } }`);
    let longest = 0;
    while (!t.finished) {
      t.stepEpoch();
      longest = Math.max(longest, t.history.length);
    }
    assert.equal(t.state, "done");
    assert.ok(longest < 2 * RECENT_EPOCHS, `it held ${longest} epochs`);
    assert.ok(t.history.length >= RECENT_EPOCHS);
    assert.equal(t.history[t.history.length - 1].epoch, 2 * RECENT_EPOCHS + 500);
    assert.ok(
      t.history.every((m, i) => i === 0 || m.epoch === t.history[i - 1].epoch + 1),
      "consecutive epochs, the latest ones",
    );
  });

  it("the learning rate can be changed between steps", async () => {
    const a = trainer(SPIRAL());
    const b = trainer(SPIRAL());
    a.stepEpoch();
    b.stepEpoch();
    for (const bad of [0, -1, Number.NaN]) {
      assert.throws(() => {
        b.learningRate = bad;
      }, /positive/);
    }
    b.learningRate = 1e-12;
    const before = Array.from(b.net.weights[0]);
    b.stepEpoch();
    a.stepEpoch();
    assert.ok(Math.abs(b.net.weights[0][0] - before[0]) < 1e-9, "a tiny learning rate barely moves the weights");
    assert.notDeepEqual(Array.from(a.net.weights[0]), before);
  });
});

describe("watchers of training", () => {
  it("one registered with watch() sees every hook in loop order, after the built-in ones, with the epoch's metrics complete", () => {
    const t = trainer(SPIRAL());
    const seen: string[] = [];
    t.watch({
      beginEpoch: (epoch) => seen.push(`begin ${epoch}`),
      afterForward: (batch) => seen.push(`forward ${batch.index} ${batch.rows}`),
      afterBackward: (batch) => seen.push(`backward ${batch.index}`),
      afterStep: (batch) => seen.push(`step ${batch.index} ${batch.stepSquares.length}`),
      endEpoch: (metrics, history) => {
        assert.equal(history.at(-1), metrics);
        // Filled by the watchers registered before: the loss, the gradients' sizes, the update ratios.
        assert.ok(metrics.loss > 0 && metrics.gradients.every((g) => g.meanAbs > 0 && g.updateRatio !== null));
        seen.push(`end ${metrics.epoch}`);
      },
    });
    t.stepEpoch();
    // SPIRAL: 80 training rows in batches of 30.
    assert.deepEqual(seen, [
      "begin 1",
      "forward 0 30",
      "backward 0",
      "step 0 2",
      "forward 1 30",
      "backward 1",
      "step 1 2",
      "forward 2 20",
      "backward 2",
      "step 2 2",
      "end 1",
    ]);
  });

  it("a divergence a watcher reports at the end of an epoch stops the run there with the advice, the epoch's metrics still returned", () => {
    const t = trainer(SPIRAL());
    t.watch({ endEpoch: (m) => (m.epoch === 2 ? t.diverge({ what: "something", layer: 1 }) : undefined) });
    assert.equal(t.stepEpoch()?.epoch, 1);
    assert.equal(t.stepEpoch()?.epoch, 2);
    assert.equal(t.state, "error");
    // In the epoch it was seen in (the one that just ended), not the next.
    assert.deepEqual([t.failure?.epoch, t.failure?.layer], [2, 1]);
    assert.match(t.failure?.message ?? "", /in epoch 2:/);
    assert.match(t.failure?.message ?? "", /at layers\[1\] \(8 tanh units\) something\. Lower the learning rate/);
    assert.equal(t.stepEpoch(), null);
  });
});

describe("divergence", () => {
  it("a NaN or infinity stops the run with a message naming the layer and the epoch", async () => {
    const t = trainer(
      `{ "data": { "source": "plane" }, "layers": [{ "units": 2 }, { "units": 8, "activation": "relu" }, { "units": 1 }], "optimizer": { "learningRate": 100 }, "training": { "epochs": 50 } }`,
    );
    while (!t.finished) t.stepEpoch();
    assert.equal(t.state, "error");
    assert.ok(t.failure);
    assert.match(
      t.failure.message,
      /^Training diverged in epoch \d+: at layers\[\d\] \(\d+ \w+ units\) .*NaN or infinite\. Lower the learning rate \(now 100\)/,
    );
    assert.ok(t.failure.layer >= 1 && t.failure.layer <= 2);
  });

  it("infinite before any step: the advice is the initial weights, not the learning rate", async () => {
    const t = trainer(
      `{ "data": { "source": "plane" }, "layers": [{ "units": 2 }, { "units": 1, "activation": "linear" }], "init": "w.json" }`,
      memoryFiles({ "w.json": `{ "layers": [{ "weights": [[1e300], [1e300]], "biases": [0] }] }` }),
    );
    t.stepEpoch();
    assert.equal(t.state, "error");
    assert.match(t.failure?.message ?? "", /^Training diverged in epoch 1: at layers\[1\] \(1 linear units\) the loss became NaN or infinite before any step/);
    assert.match(t.failure?.message ?? "", /start from smaller weights/);
    assert.doesNotMatch(t.failure?.message ?? "", /learning rate/);
  });
});

describe("decision boundary", () => {
  /** Cell c of a grid: columns from xMin to xMax, rows from yMin to yMax, both ends included. */
  const gridPoint = (g: Extent, resolution: number, c: number) => [
    g.xMin + ((c % resolution) * (g.xMax - g.xMin)) / (resolution - 1),
    g.yMin + (Math.floor(c / resolution) * (g.yMax - g.yMin)) / (resolution - 1),
  ];
  /** The output at one point by the readable reference, with the trainer's current weights. */
  const outputAt = (t: Trainer, x: number[]) => forwardFrom(toReference(t.net), 0, x).a.at(-1) ?? [];

  it("covers the data's range at the requested resolution with the output's probabilities", async () => {
    const t = trainer(SPIRAL());
    const grid = t.boundary(32);
    assert.ok(grid);
    assert.equal(grid.predicted.length, 32 * 32);
    assert.equal(grid.classes, 2);
    assert.ok(grid.xMin < -0.9 && grid.xMax > 0.9);
    // Each cell: the readable reference's answer at that point, its argmax and that class's probability.
    for (let c = 0; c < 32 * 32; c++) {
      const out = outputAt(t, gridPoint(grid, 32, c));
      const best = out[1] > out[0] ? 1 : 0;
      assert.equal(grid.predicted[c], best);
      assert.ok(Math.abs(grid.probability[c] - out[best]) < 1e-6, `cell ${c}`);
    }
    assert.ok(new Set(grid.predicted).size === 2, "both classes appear");
  });

  it("is two numbers a cell however many classes: 1,000 classes at 64×64 cells are 24 KB", async () => {
    const t = trainer(
      JSON.stringify({
        data: {
          source: "inline",
          x: [
            [0, 0],
            [1, 1],
          ],
          y: [0, 999],
        },
        layers: [{ units: 2 }, { units: 1000, activation: "softmax" }],
      }),
    );
    const grid = t.boundary(64);
    assert.ok(grid);
    assert.equal(grid.classes, 1000);
    assert.equal(grid.predicted.byteLength + grid.probability.byteLength, 64 * 64 * 6);
  });

  it("one sigmoid output: class 1 where p > 0.5, with p; class 0 with 1 − p", async () => {
    const t = trainer(
      `{ "data": { "source": "circle", "samples": 40 }, "layers": [{ "units": 2 }, { "units": 1, "activation": "sigmoid" }], "training": { "seed": 3 } }`,
    );
    const grid = t.boundary(16);
    assert.ok(grid);
    assert.equal(grid.classes, 2);
    for (let c = 0; c < 256; c++) {
      const [p] = outputAt(t, gridPoint(grid, 16, c));
      assert.equal(grid.predicted[c], p > 0.5 ? 1 : 0);
      assert.ok(Math.abs(grid.probability[c] - (p > 0.5 ? p : 1 - p)) < 1e-6);
    }
  });

  it("is null for networks without two inputs", async () => {
    const t = trainer(`{ "data": { "source": "inline", "x": [[1, 2, 3]], "y": [0] }, "layers": [{ "units": 3 }, { "units": 2 }] }`);
    assert.equal(t.boundary(), null);
  });
});

describe("saturated units", () => {
  it("counts the hidden tanh outputs beyond ±0.99, checked by hand from the initial weights", async () => {
    const x = [
      [0.1, 0.2],
      [-0.3, 0.5],
      [1, 1],
      [0.05, 0.02],
    ];
    const W = [
      [4, -0.5, 30],
      [3, 0.5, -10],
    ];
    const b = [0, 0.1, 2];
    const weights = {
      layers: [
        { weights: W, biases: b },
        { weights: [[1], [1], [1]], biases: [0] },
      ],
    };
    const t = trainer(
      JSON.stringify({
        data: { source: "inline", task: "regression", x, y: [0, 1, 0, 1], validationSplit: 0 },
        layers: [{ units: 2 }, { units: 3, activation: "tanh" }, { units: 1 }],
        training: { epochs: 1, batchSize: "full" },
        init: "w.json",
      }),
      memoryFiles({ "w.json": JSON.stringify(weights) }),
    );
    t.stepEpoch();
    let flat = 0;
    for (const [x1, x2] of x) for (let j = 0; j < 3; j++) if (Math.abs(Math.tanh(x1 * W[0][j] + x2 * W[1][j] + b[j])) > 0.99) flat++;
    assert.equal(flat, 5, "the hand count itself: unit 2 on every sample, unit 0 on one");
    const [hidden, output] = t.history[0].gradients;
    assert.equal(hidden.saturatedShare, flat / (4 * 3));
    assert.equal(output.saturatedShare, null, "the output layer is not counted");
  });

  it("is null for ReLU layers, which have dead units instead", async () => {
    const t = trainer(SPIRAL().replace('"tanh"', '"relu"'));
    t.stepEpoch();
    assert.ok(t.history[0].gradients.every((g) => g.saturatedShare === null));
    assert.notEqual(t.history[0].gradients[0].deadShare, null);
  });
});
