/** `nnspec inspect`: the card of one sample in the terminal, as text and as the documented JSON. */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { featureRow } from "../../src/core/data/dataset";
import { Network } from "../../src/core/nn/network";
import { Trainer } from "../../src/core/train/trainer";
import { copyWeightsIntoNetwork } from "../../src/core/weights/weightsFile";
import { runCli } from "../helpers/cli";
import { EXAMPLES_DIR } from "../helpers/examples";
import { maxRelativeError, numericGradient } from "../helpers/gradcheck";
import { loadText } from "../helpers/load";

const run = runCli;

const example = (name: string) => join(EXAMPLES_DIR, name);
const json = async (...argv: string[]) => {
  const r = await run("inspect", ...argv, "--json");
  assert.equal(r.code, 0, r.err);
  assert.equal(r.lines.length, 1, "one JSON object");
  return JSON.parse(r.lines[0]);
};

describe("nnspec inspect --json", () => {
  it("prints exactly the documented fields, with the lesson's numbers for dog-cat", async () => {
    const card = await json(example("dog-cat.nnspec.json"), "--sample", "0");
    assert.deepEqual(Object.keys(card), ["sample", "input", "layers", "output", "target", "loss", "formula", "gradients"]);
    assert.equal(card.sample, 0);
    assert.deepEqual(card.input, [1]);
    assert.deepEqual(Object.keys(card.layers[0]), ["layer", "z", "a"]);
    assert.equal(card.layers[0].layer, 1);
    assert.ok(Math.abs(card.output[0] - 0.8) < 1e-12 && Math.abs(card.output[1] - 0.2) < 1e-12);
    assert.deepEqual(card.target, [1, 0]);
    assert.ok(Math.abs(card.loss - 0.2) < 1e-12);
    assert.equal(card.formula, "MAE = (|0.8 − 1| + |0.2 − 0|) / 2 = 0.2");
    assert.deepEqual(Object.keys(card.gradients[0]), ["layer", "weights", "biases"]);
    const mse = await json(example("dog-cat.nnspec.json"), "--sample", "0", "--loss", "mse");
    assert.ok(Math.abs(mse.loss - 0.04) < 1e-12);
    assert.equal(mse.formula, "MSE = (0.2² + 0.2²) / 2 = 0.04");
    const ce = await json(example("dog-cat.nnspec.json"), "--sample", "0", "--loss", "crossEntropy");
    assert.ok(Math.abs(ce.loss - 0.2231435513) < 1e-9);
    assert.equal(ce.formula, "CE = −ln 0.8 = 0.2231");
    const wrong = await json(example("dog-cat-wrong.nnspec.json"), "--sample", "0");
    assert.deepEqual(wrong.target, [0, 1]);
    assert.ok(Math.abs(wrong.loss - 0.8) < 1e-12);
  });

  it("the gradients are the spec's initial network's, against finite differences of the reference; weights[i][j] from unit i below to unit j", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnspec-inspect-"));
    const text = `{ "data": { "source": "gaussian", "samples": 40 }, "layers": [{ "units": 2 }, { "units": 3, "activation": "elu" }, { "units": 2 }],
      "init": "he", "training": { "seed": 9 } }`;
    const path = join(dir, "g.nnspec.json");
    writeFileSync(path, text);
    const card = await json(path, "--sample", "17");
    const loaded = loadText(text);
    const net = new Network(loaded.spec.sizes, loaded.spec.activations);
    copyWeightsIntoNetwork(new Trainer(loaded).weights(), net);
    const row = loaded.rowOfSample[17];
    const x = featureRow(loaded.dataset, row);
    assert.deepEqual(card.input, Array.from(x));
    const target = Float64Array.from(card.target);
    assert.equal(
      card.target.reduce((a: number, b: number) => a + b, 0),
      1,
      "one-hot",
    );
    card.gradients.forEach((g: { layer: number; weights: number[][]; biases: number[] }, k: number) => {
      assert.equal(g.layer, k + 1);
      assert.equal(g.weights.length, loaded.spec.sizes[k]);
      assert.equal(g.weights[0].length, loaded.spec.sizes[k + 1]);
      const numericW = numericGradient(net, net.weights[k], x, 1, loaded.spec.loss, target);
      const numericB = numericGradient(net, net.biases[k], x, 1, loaded.spec.loss, target);
      assert.ok(maxRelativeError(g.weights.flat(), numericW) < 1e-6, `layers[${k + 1}] weights`);
      assert.ok(maxRelativeError(g.biases, numericB) < 1e-6, `layers[${k + 1}] biases`);
    });
  });

  it("--weight adds the parameter's gradient, the optimizer's step and the loss along it", async () => {
    const card = await json(example("number-guessing.nnspec.json"), "--sample", "0", "--weight", "1,b,2", "--range", "20");
    assert.equal(card.weight.gradient, card.gradients[0].biases[2]);
    assert.deepEqual(card.weight.stepFormula, ["b ← b − lr·g = 330 − 2·(−0.25) = 330.5"]);
    assert.deepEqual([card.weight.along.values[0], card.weight.along.values.at(-1)], [310, 350]);
  });
});

describe("nnspec inspect, the card as text", () => {
  it("reads as the lesson writes it, with the class names", async () => {
    const r = await run("inspect", example("dog-cat.nnspec.json"), "--sample", "0");
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Dog or cat: the photo is a dog: sample 0 of 1, class dog$/m);
    assert.match(r.out, /^ {2}input {6}x1 = 1$/m);
    assert.match(r.out, /^ {2}output {5}dog 0\.8 · cat 0\.2$/m);
    assert.match(r.out, /^ {2}target {5}dog 1 · cat 0$/m);
    assert.match(r.out, /^loss {9}MAE = \(\|0\.8 − 1\| \+ \|0\.2 − 0\|\) \/ 2 = 0\.2$/m);
    assert.match(r.out, /^ {4}∂L\/∂w {4}from x1: −0\.16 {2}0\.16$/m);
  });

  it("shows ReLU's derivative as 0 and 1", async () => {
    const r = await run("inspect", example("spiral.nnspec.json"), "--sample", "5");
    assert.equal(r.code, 0, r.err);
    const derivatives = r.lines.filter((l) => l.startsWith("    f'(z)"));
    assert.ok(derivatives.length > 0);
    const relu = r.lines.indexOf("  layers[1]  relu", r.lines.indexOf("backward (this sample's loss, no regularization)"));
    assert.match(r.lines[relu + 2], /^ {4}f'\(z\) {4}([01] {2})*[01…]/);
  });

  it("the Korean copy names its classes in Korean", async () => {
    const r = await run("inspect", example("ko/dog-cat.nnspec.json"), "--sample", "0");
    assert.match(r.out, /^ {2}output {5}강아지 0\.8 · 고양이 0\.2$/m);
  });
});

describe("nnspec inspect: bad usage is a clear message and exit code 2", () => {
  for (const [why, argv, pattern] of [
    ["no --sample", [example("xor.nnspec.json")], /inspect needs --sample N/],
    [
      "a sample past the data",
      [example("dog-cat.nnspec.json"), "--sample", "1"],
      /--sample must be a whole number from 0 to 0 \(the data has 1 row\), not "1"/,
    ],
    [
      "a sample that is no number",
      [example("xor.nnspec.json"), "--sample", "first"],
      /--sample must be a whole number from 0 to 199 \(the data has 200 rows\)/,
    ],
    [
      "a sample number in hex",
      [example("xor.nnspec.json"), "--sample", "0x1"],
      /--sample must be a whole number from 0 to 199 \(the data has 200 rows\), not "0x1"/,
    ],
    ["a bad --weight", [example("xor.nnspec.json"), "--sample", "0", "--weight", "1-0-0"], /--weight must be LAYER,FROM,TO/],
    [
      "a weight that is not there",
      [example("xor.nnspec.json"), "--sample", "0", "--weight", "3,0,0"],
      /--weight: layer 3 is not one of the network's layers 1 to 2/,
    ],
    ["--range without --weight", [example("xor.nnspec.json"), "--sample", "0", "--range", "2"], /--range needs --weight/],
    ["an unknown option", [example("xor.nnspec.json"), "--sample", "0", "--epochs", "3"], /Unknown option '--epochs'/],
    ["no spec", [], /inspect needs the path of a .nnspec.json file/],
    ["a missing file", ["/nonexistent/x.nnspec.json", "--sample", "0"], /cannot read .*no such file/],
  ] as const) {
    it(why, async () => {
      const r = await run("inspect", ...argv);
      assert.equal(r.code, 2, r.out);
      assert.match(r.err, pattern);
      assert.doesNotMatch(r.err, /\n\s+at /);
    });
  }

  it("a spec with errors exits 1 with its problems", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnspec-inspect-"));
    const path = join(dir, "bad.nnspec.json");
    writeFileSync(path, `{ "layers": [{ "units": 3 }, { "units": 2 }] }`);
    const r = await run("inspect", path, "--sample", "0");
    assert.equal(r.code, 1);
    assert.match(r.err, /layers\[0\]\.units: the input layer has 3 units but the data has 2 features/);
  });

  it("the usage text names inspect", async () => {
    assert.match((await run("--help")).out, /nnspec inspect SPEC --sample N/);
  });
});
