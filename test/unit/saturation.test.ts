/**
 * The sample card where a unit saturates: a sigmoid output at z = 40 against 0, softmax logits
 * −400 and 400 against the first class, a hidden layer pushed flat. Every card (the text of
 * `nnspec inspect`, its --json, and the trace the panel draws) is finite wherever its loss is:
 * no ∞, no NaN, no `ln 0`; each cross-entropy whose probability rounds to 0 or 1 is written from
 * its logits; a fused δ is p − t; and every δ shown beside ∂L/∂a and f'(z) is their product.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { inspect } from "../../src/cli/inspect";
import { formatNumber } from "../../src/core/base/format";
import { parameterStep, type SampleTrace, traceSample } from "../../src/core/train/sampleTrace";
import { Trainer } from "../../src/core/train/trainer";
import { loadText } from "../helpers/load";

interface Case {
  spec: string;
  weights: unknown;
}

const sigmoidBce = (bias: number, y: number): Case => ({
  spec: `{ "data": { "source": "inline", "task": "classification", "x": [[1]], "y": [${y}], "validationSplit": 0 },
    "layers": [{ "units": 1 }, { "units": 1, "activation": "sigmoid" }], "loss": "binaryCrossEntropy", "init": "w.json" }`,
  weights: { layers: [{ weights: [[0]], biases: [bias] }] },
});

const softmaxCe: Case = {
  spec: `{ "data": { "source": "inline", "task": "classification", "x": [[1]], "y": [0], "validationSplit": 0 },
    "layers": [{ "units": 1 }, { "units": 2, "activation": "softmax" }], "loss": "crossEntropy", "init": "w.json" }`,
  weights: { layers: [{ weights: [[0, 0]], biases: [-400, 400] }] },
};

/** Three tanh or sigmoid units driven to 1 (z = 50), under a softmax wrong by logits 0 and 300. */
const saturatedHidden = (loss: string, hidden: string): Case => ({
  spec: `{ "data": { "source": "inline", "task": "classification", "x": [[1]], "y": [0], "validationSplit": 0 },
    "layers": [{ "units": 1 }, { "units": 3, "activation": "${hidden}" }, { "units": 2, "activation": "softmax" }],
    "loss": "${loss}", "optimizer": { "type": "adam" }, "init": "w.json" }`,
  weights: {
    layers: [
      { weights: [[50, 50, 50]], biases: [0, 0, 0] },
      {
        weights: [
          [0, 100],
          [0, -100],
          [0, 100],
        ],
        biases: [0, 200],
      },
    ],
  },
});

function trace(c: Case): { trace: SampleTrace; trainer: Trainer } {
  const loaded = loadText(c.spec, { "w.json": JSON.stringify(c.weights) });
  const trainer = new Trainer(loaded);
  return { trainer, trace: traceSample(trainer.net, trainer.loss, loaded.dataset, 0, loaded.rowOfSample) };
}

function runInspect(c: Case, ...extra: string[]): { code: number; out: string } {
  const dir = mkdtempSync(join(tmpdir(), "nnspec-saturation-"));
  writeFileSync(join(dir, "s.nnspec.json"), c.spec);
  writeFileSync(join(dir, "w.json"), JSON.stringify(c.weights));
  const out: string[] = [];
  const err: string[] = [];
  const code = inspect(
    [join(dir, "s.nnspec.json"), "--sample", "0", ...extra],
    (s) => out.push(s),
    (s) => err.push(s),
  );
  assert.equal(code, 0, err.join("\n"));
  return { code, out: out.join("\n") };
}

/** What a card must never show beside a finite loss. */
const BROKEN = /∞|NaN|ln 0(?![.\d])|ln\(1 − 1\)|−ln 1(?![.\d])/;

/** Every number in a trace is finite, every string free of ∞, NaN and ln 0, and δ = ∂L/∂a · f'(z) wherever both are shown. */
function assertConsistent(t: SampleTrace, what: string): void {
  const walk = (v: unknown, path: string): void => {
    if (typeof v === "number") assert.ok(Number.isFinite(v), `${what}: ${path} is ${v}`);
    else if (typeof v === "string") assert.doesNotMatch(v, BROKEN, `${what}: ${path}`);
    else if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, `${path}[${i}]`);
    } else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(t, "trace");
  for (const layer of t.layers) {
    if (layer.dLda && layer.derivative) {
      layer.delta.forEach((d, j) => {
        const product = (layer.dLda?.[j] ?? Number.NaN) * (layer.derivative?.[j] ?? Number.NaN);
        assert.ok(Math.abs(d - product) <= 1e-12 * Math.max(1, Math.abs(d)), `${what}: layers[${layer.layer}] δ ${d} = ∂L/∂a · f'(z) ${product}`);
        // As the card shows them, too.
        assert.ok(formatNumber(d) === formatNumber(product), `${what}: shown δ ${formatNumber(d)} vs ${formatNumber(product)}`);
      });
    } else assert.ok(layer.fused || layer.activation === "softmax", `${what}: layers[${layer.layer}] shows δ without its factors`);
  }
}

describe("the card where a unit saturates", () => {
  it("sigmoid + BCE at z = 40 against 0: the loss as softplus, δ = p − t, no ∞", () => {
    const { trace: t, trainer } = trace(sigmoidBce(40, 0));
    assert.equal(t.loss, 40);
    assert.equal(t.formula, "BCE = ln(1 + e^40) = 40");
    assert.ok(t.lossNote?.includes("softplus"), String(t.lossNote));
    const out = t.layers[0];
    assert.equal(out.dLda, null);
    assert.equal(out.derivative, null);
    assert.equal(out.fused?.formula, "δ = p − t = 1 − 0 = 1");
    assert.deepEqual(out.delta, [1]);
    assertConsistent(t, "sigmoid z = 40");
    const step = parameterStep(trainer.net, trainer.optimizer, t, { layer: 1, from: "bias", to: 0 });
    assert.equal(step.formula, "∂L/∂b = δ = 1");

    const text = runInspect(sigmoidBce(40, 0), "--weight", "1,b,0").out;
    assert.doesNotMatch(text, BROKEN);
    assert.match(text, /^loss {9}BCE = ln\(1 \+ e\^40\) = 40$/m);
    assert.match(text, /^ {13}δ = p − t = 1 − 0 = 1$/m);
    assert.doesNotMatch(text, /^ {4}(∂L\/∂a|f'\(z\)) /m, "the two factors are not shown apart");
    const json = JSON.parse(runInspect(sigmoidBce(40, 0), "--json").out);
    assert.equal(json.formula, "BCE = ln(1 + e^40) = 40");
    assert.equal(json.loss, 40);
  });

  it("sigmoid + BCE where p only shows as 1 (z = 10) or is tiny but shown (z = −40 against 1)", () => {
    const near = trace(sigmoidBce(10, 0)).trace;
    assert.equal(near.formula, `BCE = ln(1 + e^10) = ${formatNumber(10 + Math.log1p(Math.exp(-10)))}`);
    assertConsistent(near, "sigmoid z = 10");
    // σ(−40) = 4.25e−18 is shown as such, so ln of it is true as written.
    const tiny = trace(sigmoidBce(-40, 1)).trace;
    assert.equal(tiny.formula, "BCE = −ln 4.25e−18 = 40");
    assert.equal(tiny.lossNote, null);
    assertConsistent(tiny, "sigmoid z = −40");
  });

  it("softmax + CE with logits −400 and 400 against the first class: log-sum-exp, no ln 0", () => {
    const { trace: t } = trace(softmaxCe);
    assert.equal(t.loss, 800);
    assert.equal(t.formula, "CE = ln(e^−400 + e^400) − (−400) = 800");
    assert.ok(t.lossNote?.includes("log-sum-exp"), String(t.lossNote));
    assert.equal(t.layers[0].fused?.formula, "δ = p − t = [0, 1] − [1, 0] = [−1, 1]");
    assertConsistent(t, "softmax ±400");
    const text = runInspect(softmaxCe, "--weight", "1,b,0").out;
    assert.doesNotMatch(text, BROKEN);
    assert.match(text, /^loss {9}CE = ln\(e\^−400 \+ e\^400\) − \(−400\) = 800$/m);
    const json = runInspect(softmaxCe, "--json").out;
    assert.doesNotMatch(json, BROKEN);
    assert.doesNotMatch(json, /null/, "no number JSON cannot write");
  });

  for (const hidden of ["tanh", "sigmoid"]) {
    for (const loss of ["crossEntropy", "mse", "mae"]) {
      it(`a saturated ${hidden} hidden layer under a softmax with ${loss}: f'(z) 0, δ 0, all finite`, () => {
        const c = saturatedHidden(loss, hidden);
        const { trace: t, trainer } = trace(c);
        const layer = t.layers[0];
        assert.deepEqual(layer.derivative, [0, 0, 0], `${hidden} at z = ±50 is flat`);
        assert.ok(layer.dLda?.every(Number.isFinite));
        assert.deepEqual(
          layer.delta.map((d) => Math.abs(d)),
          [0, 0, 0],
        );
        assertConsistent(t, `${hidden} hidden, ${loss}`);
        for (const from of [0, "bias"] as const)
          assertConsistent({ ...t, ...{ step: parameterStep(trainer.net, trainer.optimizer, t, { layer: 1, from, to: 1 }) } }, "step");
        const text = runInspect(c, "--weight", "2,0,1").out;
        assert.doesNotMatch(text, BROKEN);
        assert.match(text, /^ {4}f'\(z\) {4}0 {2}0 {2}0$/m);
      });
    }
  }

  it("the lesson's cards are unchanged: the factors shown apart where nothing is fused", () => {
    const { trace: t } = trace({
      ...softmaxCe,
      spec: softmaxCe.spec.replace('"crossEntropy"', '"mae"'),
      weights: { layers: [{ weights: [[0, 0]], biases: [Math.log(0.8), Math.log(0.2)] }] },
    });
    assert.equal(t.formula, "MAE = (|0.8 − 1| + |0.2 − 0|) / 2 = 0.2");
    assert.deepEqual(t.layers[0].dLda, [-0.5, 0.5]);
    assert.equal(t.layers[0].fused, null);
    assert.equal(t.lossNote, null);
  });
});
