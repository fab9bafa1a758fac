/**
 * The panel's sample card (webview/sampleCard.ts) drawn from the core's traces on a small DOM:
 * where a unit saturates it shows no ∞, NaN or ln 0, the loss from the logits with why, and the
 * fused δ = p − t with why; Keep beside puts the lesson's two guesses side by side, the kept copy
 * without the live card's test ids.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { parameterStep, traceSample } from "../../src/core/train/sampleTrace";
import { Trainer } from "../../src/core/train/trainer";
import type { RunSummary, SampleCard } from "../../src/protocol/run";
import { readExample } from "../helpers/examples";
import { loadText } from "../helpers/load";
import { installMiniDom, type MiniElement } from "../helpers/miniDom";

/** The view's surface this test drives (webview/sampleCard.ts, typed against the DOM, which the unit tests' compiler settings leave out). */
interface SampleCardView {
  section: unknown;
  setRun(summary: RunSummary): void;
  pick(sample: number | null): void;
  show(card: SampleCard): void;
}
let View: new (handlers: { pick(sample: number | null): void }) => SampleCardView;
before(async () => {
  installMiniDom();
  // A path the compiler does not follow: the module is typed for the browser.
  const module = "../../webview/sampleCard";
  View = (await import(module)).SampleCardView;
});

/** The card of each sample of a spec, with the step of the first output's bias. */
function cards(spec: string, files: Record<string, string>): { summary: RunSummary; card: (sample: number) => SampleCard } {
  const loaded = loadText(spec, files);
  const trainer = new Trainer(loaded);
  const rows = loaded.dataset.rows;
  const summary = {
    sampleCount: rows,
    points: null,
    samples: Array.from({ length: rows }, (_, index) => ({ index, features: [1], answer: "", validation: false })),
  } as unknown as RunSummary;
  const layer = trainer.net.layerCount;
  return {
    summary,
    card: (sample) => {
      const trace = traceSample(trainer.net, trainer.loss, loaded.dataset, sample, loaded.rowOfSample);
      return { trace, unit: null, step: parameterStep(trainer.net, trainer.optimizer, trace, { layer, from: "bias", to: 0 }) };
    },
  };
}

function shown(summary: RunSummary, card: SampleCard): { view: SampleCardView; body: MiniElement } {
  const view = new View({ pick: () => undefined });
  view.setRun(summary);
  view.pick(card.trace.sample);
  view.show(card);
  return { view, body: view.section as unknown as MiniElement };
}

const BROKEN = /∞|NaN|ln 0(?![.\d])|ln\(1 − 1\)/;

describe("the panel's sample card", () => {
  it("softmax logits −400 and 400 against the first class: log-sum-exp, δ = p − t, each with why; no ∞, NaN or ln 0", () => {
    const spec = `{ "data": { "source": "inline", "task": "classification", "x": [[1]], "y": [0], "validationSplit": 0 },
      "layers": [{ "units": 1 }, { "units": 2, "activation": "softmax" }], "loss": "crossEntropy", "init": "w.json" }`;
    const { summary, card } = cards(spec, { "w.json": JSON.stringify({ layers: [{ weights: [[0, 0]], biases: [-400, 400] }] }) });
    const { body } = shown(summary, card(0));
    const text = body.textContent;
    assert.doesNotMatch(text, BROKEN);
    assert.equal(body.byTestId("card-loss")?.textContent, "CE = ln(e^−400 + e^400) − (−400) = 800");
    assert.match(body.byTestId("card-loss-note")?.textContent ?? "", /log-sum-exp/);
    assert.equal(body.byTestId("card-delta-fused")?.textContent, "δ = p − t = [0, 1] − [1, 0] = [−1, 1]");
    assert.match(body.byTestId("card-delta-note")?.textContent ?? "", /does not split it/);
    assert.equal(body.byTestId("card-dlda"), undefined, "∂L/∂a is not shown apart");
    assert.match(text, /\(taken with the loss: δ = p − t\)/);
    assert.equal(body.byTestId("card-loss-rule")?.textContent, "CE = −Σ y·ln ŷ · ŷ the output, y the target");
  });

  it("sigmoid at z = 40 against 0: softplus, and the step caption names SGD's step as if this sample were the whole batch", () => {
    const spec = `{ "data": { "source": "inline", "task": "classification", "x": [[1]], "y": [0], "validationSplit": 0 },
      "layers": [{ "units": 1 }, { "units": 1, "activation": "sigmoid" }], "loss": "binaryCrossEntropy", "init": "w.json" }`;
    const { summary, card } = cards(spec, { "w.json": JSON.stringify({ layers: [{ weights: [[0]], biases: [40] }] }) });
    const { body } = shown(summary, card(0));
    assert.doesNotMatch(body.textContent, BROKEN);
    assert.equal(body.byTestId("card-loss")?.textContent, "BCE = ln(1 + e^40) = 40");
    assert.equal(body.byTestId("card-delta-fused")?.textContent, "δ = p − t = 1 − 0 = 1");
    assert.match(body.byTestId("card-step-caption")?.textContent ?? "", /^The step SGD would take if this sample were the whole batch/);
  });

  it("Keep beside: the lesson's two guesses side by side, ∂L/∂a −0.25 beside +0.25", () => {
    const files = { "number-guessing-two-guesses.weights.json": readExample("number-guessing-two-guesses.weights.json") };
    const { summary, card } = cards(readExample("number-guessing-two-guesses.nnspec.json"), files);
    const { view, body } = shown(summary, card(0));
    const keep = body.byTestId("sample-keep");
    assert.equal(keep?.disabled, false);
    keep?.dispatch("click");
    view.pick(1);
    view.show(card(1));
    const kept = body.byTestId("card-kept");
    assert.equal(kept?.hidden, false);
    assert.match(kept?.textContent ?? "", /MAE = \(\|49 − 50\| \+ \|28 − 29\| \+ \|339 − 340\| \+ \|66 − 67\|\) \/ 4 = 1/);
    assert.match(kept?.textContent ?? "", /∂L\/∂a \(output\) = \[−0\.25, −0\.25, −0\.25, −0\.25\]/);
    assert.equal(kept?.querySelectorAll("[data-testid]").length, 0, "the kept copy has no test ids");
    assert.equal(body.byTestId("card-loss")?.textContent, "MAE = (|51 − 50| + |29 − 29| + |341 − 340| + |68 − 67|) / 4 = 0.75");
    assert.equal(body.byTestId("card-dlda")?.textContent, "∂L/∂a (output) = [0.25, 0, 0.25, 0.25]");
    // Closing the card lets the kept one go too.
    view.pick(null);
    assert.equal(kept?.hidden, true);
    assert.equal(keep?.disabled, true);
  });
});
