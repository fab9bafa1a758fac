/** "Loss along this weight": its slope at the current value is the reported gradient, and it shows what the lesson says. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { featureRow } from "../../src/core/data/dataset";
import { suitableLosses } from "../../src/core/spec/lossRules";
import { lossAlongWeight } from "../../src/core/train/lossAlongWeight";
import { Trainer } from "../../src/core/train/trainer";
import { readExample } from "../helpers/examples";
import { meanLoss } from "../helpers/gradcheck";
import { loadText } from "../helpers/load";

const SPIRAL = (extra = "") =>
  `{ "data": { "source": "spiral", "samples": 60 }, "layers": [{ "units": 2 }, { "units": 6, "activation": "tanh" }, { "units": 2 }],
     "init": "uniform", "optimizer": { "type": "adam", "learningRate": 0.01 }${extra} }`;

const numberGuessing = () =>
  new Trainer(loadText(readExample("number-guessing.nnspec.json"), { "number-guessing.weights.json": readExample("number-guessing.weights.json") }));

describe("lossAlongWeight", () => {
  it("the slope of each curve at the current value is its reported gradient (1e-6 relative)", () => {
    const trainer = new Trainer(loadText(SPIRAL()));
    trainer.stepEpoch(); // Adam with some state, so the step is Adam's own
    for (const ref of [
      { layer: 1, from: 0, to: 3 },
      { layer: 2, from: 5, to: 1 },
      { layer: 2, from: "bias", to: 0 },
    ] as const) {
      const h = 1e-5;
      const { values, curves, value } = lossAlongWeight(trainer, ref, { points: 3, halfWidth: h });
      assert.deepEqual(values, [value - h, value, value + h]);
      for (const c of curves) {
        const slope = (c.losses[2] - c.losses[0]) / (values[2] - values[0]);
        assert.ok(
          Math.abs(slope - c.gradient) <= 1e-6 * Math.max(Math.abs(c.gradient), 1e-4),
          `${c.loss} ${JSON.stringify(ref)}: slope ${slope}, gradient ${c.gradient}`,
        );
        assert.equal(c.step.rule, "adam");
        assert.equal(c.step.gradient, c.gradient);
      }
    }
  });

  it("each curve is the mean loss the readable reference gives over the training rows with the parameter at each value", () => {
    const trainer = new Trainer(loadText(SPIRAL()));
    trainer.stepEpoch();
    const { trainData: train } = trainer;
    const input = Float64Array.from({ length: train.rows * 2 }, (_, i) => featureRow(train, Math.floor(i / 2))[i % 2]);
    const oneHot = Float64Array.from({ length: train.rows * 2 }, (_, i) => (train.labels?.[Math.floor(i / 2)] === i % 2 ? 1 : 0));
    const ref = { layer: 1, from: 1, to: 4 } as const;
    const along = lossAlongWeight(trainer, ref, { points: 5, halfWidth: 2 });
    assert.equal(along.rows, train.rows, "a small data set is measured whole");
    along.values.forEach((value, i) => {
      trainer.setParameter(ref, value);
      for (const c of along.curves) {
        const expected = meanLoss(trainer.net, input, train.rows, c.loss, oneHot);
        assert.ok(Math.abs(c.losses[i] - expected) <= 1e-12 * expected, `${c.loss} at ${value}: ${c.losses[i]}, reference ${expected}`);
      }
    });
    trainer.setParameter(ref, along.value);
  });

  it("measures the epoch loss's kind: at the current value, the loss evaluateNow reports; the weights are left as they were", () => {
    const trainer = new Trainer(loadText(SPIRAL()));
    const before = JSON.stringify(trainer.weights());
    const along = lossAlongWeight(trainer, { layer: 1, from: 1, to: 2 });
    assert.equal(JSON.stringify(trainer.weights()), before);
    assert.equal(along.rows, trainer.trainData.rows);
    assert.deepEqual(
      along.curves.map((c) => c.loss),
      ["crossEntropy", "mae", "mse", "huber"],
    );
    const now = trainer.evaluateNow().train.loss;
    assert.ok(Math.abs(along.curves[0].current - now) < 1e-12, `${along.curves[0].current} vs ${now}`);
    assert.equal(along.values.length, 61);
    assert.equal(along.values[30], along.value);
    assert.ok(along.values.every((v, i) => i === 0 || v > along.values[i - 1]));
  });

  it("the next step lands where the optimizer puts it, at the loss measured there", () => {
    const trainer = new Trainer(loadText(SPIRAL(', "training": { "batchSize": "full", "shuffle": false }').replace("adam", "sgd").replace("0.01", "0.5")));
    const ref = { layer: 2, from: 3, to: 0 } as const;
    const along = lossAlongWeight(trainer, ref);
    const ce = along.curves[0];
    assert.equal(ce.step.next, along.value - 0.5 * ce.gradient);
    trainer.setParameter(ref, ce.step.next);
    assert.ok(Math.abs(trainer.evaluateNow().train.loss - ce.nextLoss) < 1e-12);
  });

  it("number guessing: MAE's slope is the same all the way to the answer, MSE's shrinks near it", () => {
    const trainer = numberGuessing();
    const along = lossAlongWeight(trainer, { layer: 1, from: "bias", to: 0 }); // the first guess, 40; the answer 50
    assert.deepEqual([along.values[0], along.values[60]], [0, 80]);
    const slopes = (loss: string) => {
      const c = along.curves.find((x) => x.loss === loss);
      assert.ok(c);
      return c.losses.slice(1).map((l, i) => (l - c.losses[i]) / (along.values[i + 1] - along.values[i]));
    };
    // Below the answer (the first 37 intervals end at 49.33): MAE falls by 1/4 per unit all the way.
    for (const s of slopes("mae").slice(0, 37)) assert.ok(Math.abs(s + 0.25) < 1e-9, `MAE slope ${s}`);
    const mse = slopes("mse").slice(0, 37);
    assert.ok(
      mse.every((s, i) => s < 0 && (i === 0 || Math.abs(s) < Math.abs(mse[i - 1]))),
      "MSE's slope shrinks towards the answer",
    );
    const minimum = (loss: string) =>
      along.values[along.curves.find((c) => c.loss === loss)?.losses.reduce((best, l, i, all) => (l < all[best] ? i : best), 0) ?? -1];
    assert.ok(Math.abs(minimum("mae") - 50) < 1 && Math.abs(minimum("mse") - 50) < 1, "both lowest at the answer, 50");
    const mae = along.curves.find((c) => c.loss === "mae");
    assert.equal(mae?.gradient, -0.25);
    assert.equal(mae?.step.next, 40.5);
  });

  it("costs a bounded amount: at most maxRows rows, fewer for a large network", () => {
    const big = new Trainer(loadText(`{ "data": { "source": "circle", "samples": 3000 }, "layers": [{ "units": 2 }, { "units": 4 }, { "units": 2 }] }`));
    assert.equal(lossAlongWeight(big, { layer: 1, from: 0, to: 0 }).rows, 500);
    assert.equal(lossAlongWeight(big, { layer: 1, from: 0, to: 0 }, { maxRows: 100, points: 5 }).rows, 100);
    const wide = new Trainer(
      loadText(`{ "data": { "source": "circle", "samples": 3000 }, "layers": [{ "units": 2 }, { "units": 300 }, { "units": 300 }, { "units": 2 }] }`),
    );
    const along = lossAlongWeight(wide, { layer: 3, from: 0, to: 0 });
    assert.ok(along.rows > 1 && along.rows < 500, `${along.rows} rows`);
    assert.ok(along.rows * along.values.length * wide.net.parameterCount <= 5e7, `${along.rows} rows`);
  });

  it("names no parameter that is not there", () => {
    const trainer = numberGuessing();
    assert.throws(() => lossAlongWeight(trainer, { layer: 2, from: 0, to: 0 }), /layers 1 to 1/);
    assert.throws(() => lossAlongWeight(trainer, { layer: 1, from: 1, to: 0 }), /units 0 to 0/);
    assert.throws(() => lossAlongWeight(trainer, { layer: 1, from: "bias", to: 4 }), /units 0 to 3/);
  });
});

describe("suitableLosses, the one home of which loss suits which output", () => {
  it("the usual loss first, then the ones that measure any output", () => {
    assert.deepEqual(suitableLosses("classification", "softmax", 3), ["crossEntropy", "mae", "mse", "huber"]);
    assert.deepEqual(suitableLosses("classification", "sigmoid", 1), ["binaryCrossEntropy", "mae", "mse", "huber"]);
    assert.deepEqual(suitableLosses("classification", undefined, 1), ["binaryCrossEntropy", "mae", "mse", "huber"]);
    assert.deepEqual(suitableLosses("classification", undefined, 2), ["crossEntropy", "mae", "mse", "huber"]);
    assert.deepEqual(suitableLosses("classification", "linear", 2), ["mse", "mae", "huber"]);
    assert.deepEqual(suitableLosses("regression", undefined, 4), ["mse", "mae", "huber"]);
    assert.deepEqual(suitableLosses("regression", "sigmoid", 1), ["mse", "mae", "huber"]);
  });

  it("a spec without a loss gets the first", () => {
    assert.equal(loadText(`{ "data": { "source": "xor" }, "layers": [{ "units": 2 }, { "units": 1 }] }`).spec.loss, "binaryCrossEntropy");
    assert.equal(loadText(`{ "data": { "source": "plane" }, "layers": [{ "units": 2 }, { "units": 1 }] }`).spec.loss, "mse");
  });
});
