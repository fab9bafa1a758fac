/**
 * The worker's image views, on real digits: the gallery's images and guesses (the same counts as
 * the confusion matrix), the unit pictures (the weights within one step of their rounding), the
 * draw pad's image followed as a sample, and every update under 1 MB.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { serialize } from "node:v8";
import { loadSpec } from "../../src/core/spec/load";
import { Trainer } from "../../src/core/train/trainer";
import { nodeFiles } from "../../src/node/nodeFiles";
import { parseWebviewMessage } from "../../src/protocol/panelValidation";
import type { MetricsUpdate, RunEvent, RunSummary } from "../../src/protocol/run";
import { ImageViews } from "../../src/worker/imageViews";
import { TrainingSession } from "../../src/worker/session";
import { EXAMPLES_DIR, readExample } from "../helpers/examples";

function digitsSession(samples: number, epochs: number) {
  const text = readExample("digits.nnspec.json").replace('"samples": 10000', `"samples": ${samples}`).replace('"epochs": 15', `"epochs": ${epochs}`);
  const events: RunEvent[] = [];
  const session = new TrainingSession(
    { updateIntervalMs: 100, boundaryResolution: 16, pace: "max" },
    (e) => events.push(e),
    () => undefined,
  );
  session.start(text, nodeFiles(join(EXAMPLES_DIR, "x.nnspec.json")), false);
  const summary = (events.find((e) => e.type === "started") as Extract<RunEvent, { type: "started" }>).summary;
  const last = () => (events.filter((e) => e.type === "metrics").pop() as Extract<RunEvent, { type: "metrics" }>).update;
  return { session, summary, last, events };
}

describe("image views in the worker", () => {
  it("the gallery: every validation digit (100 of 500), its pixels and label, and guesses that agree with the confusion matrix", () => {
    const { session, summary, last } = digitsSession(500, 3);
    const images = summary.images as NonNullable<RunSummary["images"]>;
    assert.deepEqual(images.shape, [28, 28, 1]);
    assert.equal(images.samples.length, 100);
    assert.ok(images.validation.every(Boolean), "validation samples, as the confusion matrix counts");
    assert.equal(images.pixels.length, 100 * 784);
    // The first image's pixels are the data's (÷ 255 is the input the card shows).
    const card = session.card(images.samples[0], null, null);
    assert.deepEqual(
      Array.from(images.pixels.subarray(0, 784), (b) => b * images.scale + images.offset),
      card.trace.input,
    );
    assert.equal(card.trace.label, images.labels[0]);
    for (let e = 0; e < 3; e++) session.handle({ type: "step", unit: "epoch" });
    const update = last() as Required<MetricsUpdate>;
    const gallery = update.gallery;
    assert.ok(gallery && update.confusion);
    assert.equal(gallery.epoch, 3);
    let right = 0;
    for (let i = 0; i < 100; i++) if (gallery.predicted[i] === images.labels[i]) right++;
    const { classes, counts } = update.confusion;
    let diagonal = 0;
    for (let k = 0; k < classes; k++) diagonal += counts[k * classes + k];
    assert.equal(right, diagonal, "the gallery covers all validation digits, so its right guesses are the matrix's diagonal");
    assert.ok(right > 50, `after 3 epochs most are right (${right})`);
    for (const p of gallery.probability) assert.ok(p >= 0.1 && p <= 1, String(p));
  });

  it("unit pictures: the first 64 of 128 units, each weight within half a step of its rounding", () => {
    const { session, last } = digitsSession(200, 1);
    session.handle({ type: "step", unit: "epoch" });
    const units = last().unitImages;
    assert.ok(units);
    assert.equal(units.units, 64);
    assert.equal(units.of, 128);
    assert.equal(units.weights.length, 64 * 784);
    const full = session.weights();
    const w = full.layers[0].weights as number[][];
    for (const j of [0, 17, 63])
      for (const i of [0, 300, 407, 783]) {
        const shown = (units.weights[j * 784 + i] / 127) * units.scales[j];
        assert.ok(Math.abs(shown - w[i][j]) <= units.scales[j] / 254 + 1e-7, `unit ${j} input ${i}: ${shown} against ${w[i][j]}`);
      }
  });

  it("the draw pad's image is followed as a sample: the same numbers as that sample, sample −1, the loss under each loss", () => {
    const { session, summary } = digitsSession(200, 1);
    session.handle({ type: "step", unit: "epoch" });
    const images = summary.images as NonNullable<RunSummary["images"]>;
    const pixels = Array.from(images.pixels.subarray(784 * 5, 784 * 6));
    const drawn = session.card(0, null, null, { pixels, label: images.labels[5] });
    const same = session.card(images.samples[5], null, null);
    assert.equal(drawn.trace.sample, -1);
    assert.deepEqual(drawn.trace.output, same.trace.output);
    assert.deepEqual(drawn.trace.inputGradient, same.trace.inputGradient);
    assert.deepEqual(
      drawn.losses?.map((l) => l.loss),
      ["crossEntropy", "mae", "mse", "huber"],
    );
    assert.equal(drawn.losses?.[0].value, drawn.trace.loss);
    // The weight gradients travel only for the rows the diagram draws.
    assert.equal(drawn.trace.gradients[0].weights.filter((row) => row.length > 0).length, 10);
    assert.throws(() => session.card(0, null, null, { pixels: pixels.slice(1), label: 0 }), /783 pixels, but the input has 784/);
    assert.throws(() => session.card(0, null, null, { pixels, label: 10 }), /classes 0 to 9/);
  });

  it("while training, the guesses are recomputed at most once a second and the unit pictures twice; at once when not training", () => {
    const text = readExample("digits.nnspec.json").replace('"samples": 10000', '"samples": 200');
    const result = loadSpec(text, nodeFiles(join(EXAMPLES_DIR, "x.nnspec.json")));
    assert.ok(result.loaded);
    const trainer = new Trainer(result.loaded);
    const views = new ImageViews(result.loaded);
    const at = (ms: number, training = true) => {
      const { gallery, unitImages } = views.forUpdate(trainer, training, ms);
      return [gallery?.version, unitImages?.version];
    };
    const [g0, u0] = at(0);
    assert.deepEqual(at(400), [g0, u0], "within both intervals: the same ones repeated");
    const [g1, u1] = at(600);
    assert.equal(g1, g0);
    assert.ok((u1 ?? 0) > (u0 ?? 0), "the unit pictures after 500 ms");
    const [g2] = at(1000);
    assert.ok((g2 ?? 0) > (g0 ?? 0), "the guesses after a second");
    const [g3, u3] = at(1001, false);
    assert.ok((g3 ?? 0) > (g2 ?? 0) && (u3 ?? 0) > (u1 ?? 0), "paused: both at once");
  });

  it("every update stays under 1 MB (the summary with its images too)", () => {
    const { session, events } = digitsSession(2000, 1);
    session.handle({ type: "step", unit: "epoch" });
    session.handle({ type: "step", unit: "batch" });
    const sizes = events.map((e) => serialize(e).length);
    assert.ok(sizes.length >= 3);
    for (const size of sizes) assert.ok(size < 1024 * 1024, `${size} bytes`);
    const started = serialize(events[0]).length;
    assert.ok(started < 300 * 1024, `the summary with 256 images: ${started} bytes`);
  });
});

describe("the draw pad's message, as the host checks it", () => {
  it("takes whole bytes and a class index; refuses anything else", () => {
    const card = (drawn: unknown) => parseWebviewMessage({ type: "card", sample: 0, unit: null, parameter: null, drawn });
    assert.deepEqual(card({ pixels: [0, 255, 7], label: 3 }), {
      type: "card",
      sample: 0,
      unit: null,
      parameter: null,
      drawn: { pixels: [0, 255, 7], label: 3 },
    });
    assert.deepEqual(parseWebviewMessage({ type: "card", sample: 2, unit: null, parameter: null }), { type: "card", sample: 2, unit: null, parameter: null });
    for (const bad of [
      { pixels: [256], label: 0 },
      { pixels: [1.5], label: 0 },
      { pixels: ["1"], label: 0 },
      { pixels: [], label: 0 },
      { pixels: [1], label: -1 },
      { pixels: new Array(5000).fill(0), label: 0 },
      null,
      "x",
    ])
      assert.equal(card(bad), undefined, JSON.stringify(bad)?.slice(0, 40));
  });
});
