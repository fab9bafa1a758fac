/** The headless CLI, run in-process: output formats, exit codes, weights files. */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCli } from "../helpers/cli";
import { EXAMPLES_DIR } from "../helpers/examples";

const run = runCli;

const tempDir = () => mkdtempSync(join(tmpdir(), "nnspec-cli-"));
const example = (name: string) => join(EXAMPLES_DIR, name);

describe("nnspec train", () => {
  it("prints progress and a summary with the final accuracy", async () => {
    const r = await run("train", example("xor.nnspec.json"), "--epochs", "20");
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^XOR: 2 in → 4 tanh → 2 softmax, crossEntropy, momentum lr 0.1/);
    assert.match(r.out, /epoch 20\/20 █+ loss/);
    assert.match(r.out, /accuracy {2}train \d+\.\d% · validation \d+\.\d%/);
  });

  it("prints the confusion matrix and the largest weight, as the panel shows them", async () => {
    const r = await run("train", example("fruit.nnspec.json"));
    assert.equal(r.code, 0, r.err);
    const [, right, total] = /confusion \(validation\): (\d+) of (\d+) samples in the right class/.exec(r.out) ?? [];
    const validation = /accuracy {2}train [\d.]+% · validation ([\d.]+)%/.exec(r.out)?.[1];
    assert.equal(((100 * Number(right)) / Number(total)).toFixed(1), validation);
    const header = r.lines.findIndex((l) => l.includes("true ↓ predicted →"));
    assert.match(r.lines[header], /apple +lemon +orange$/);
    const rows = r.lines.slice(header + 1, header + 4).map((l) => l.trim().split(/ +/));
    assert.deepEqual(
      rows.map((row) => row[0]),
      ["apple", "lemon", "orange"],
    );
    assert.equal(
      rows.flatMap((row) => row.slice(1).map(Number)).reduce((a, b) => a + b, 0),
      Number(total),
    );
    assert.match(r.out, /^weights {3}largest \|w\| \d+(\.\d{1,4})?$/m);
  });

  it("--json prints one object a line per epoch with the documented fields", async () => {
    const r = await run("train", example("spiral.nnspec.json"), "--epochs", "3", "--json");
    assert.equal(r.code, 0, r.err);
    assert.equal(r.lines.length, 3);
    const m = JSON.parse(r.lines[2]);
    for (const key of ["epoch", "loss", "accuracy", "valLoss", "valAccuracy", "gradients"]) assert.ok(key in m, key);
    assert.equal(m.epoch, 3);
    assert.deepEqual(
      m.gradients.map((g: { layer: number }) => g.layer),
      [1, 2, 3],
    );
    for (const key of ["layer", "meanAbs", "maxAbs"]) assert.ok(key in m.gradients[0], key);
  });

  it("--json lines carry each layer's update ratio and the epoch's findings, with ids from the documented list", async () => {
    const r = await run("train", example("number-guessing.nnspec.json"), "--loss", "mse", "--epochs", "8", "--json");
    assert.equal(r.code, 0, r.err);
    const lines = r.lines.map((l) => JSON.parse(l));
    // Epoch 1 steps w and b by 10 each towards the answer, weights of about their own size.
    assert.equal(typeof lines[0].gradients[0].updateRatio, "number");
    for (const line of lines) assert.ok("updateRatio" in line.gradients[0] && Array.isArray(line.findings));
    assert.deepEqual(
      lines.map((l) => l.findings.map((f: { id: string }) => f.id).join()),
      ["", "", "", "", "", "", "bouncing", "bouncing"],
      "a finding appears on the line of every epoch where it holds",
    );
    const [finding] = lines[7].findings;
    assert.deepEqual(Object.keys(finding), ["id", "layer", "message", "fix"]);
    assert.equal(finding.layer, null);
    assert.match(finding.message, /^The loss is bouncing/);
  });

  it("the summary prints the last epoch's findings with their fixes", async () => {
    const r = await run("train", example("number-guessing.nnspec.json"));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^ {2}! The training loss is 0: every training answer is exactly right, so there is nothing left to learn/m);
    assert.doesNotMatch(r.out, /vanish(ed|ing) gradient|has vanished;/);
    const bouncing = await run("train", example("number-guessing.nnspec.json"), "--loss", "mse", "--epochs", "8");
    assert.match(bouncing.out, /^ {2}! The loss is bouncing: .* \(fix: Set the learning rate to 1\)$/m);
  });

  it("--loss switches the loss: the lesson's dog/cat example measures MSE 0.04", async () => {
    const r = await run("train", example("dog-cat.nnspec.json"), "--epochs", "1", "--json", "--loss", "mse");
    assert.ok(Math.abs(JSON.parse(r.lines[0]).loss - 0.04) < 1e-12);
  });

  it("--save-weights then --init resumes from exactly those weights, and leaves no temporary file", async () => {
    const dir = tempDir();
    const saved = join(dir, "w.json");
    assert.equal((await run("train", example("xor.nnspec.json"), "--epochs", "5", "--json", "--save-weights", saved)).code, 0);
    assert.deepEqual(readdirSync(dir), ["w.json"]);
    const weights = JSON.parse(readFileSync(saved, "utf8"));
    assert.equal(weights.layers.length, 2);
    assert.equal(weights.layers[0].weights.length, 2, "Keras layout: [in][out]");
    assert.equal(weights.layers[0].weights[0].length, 4);
    const a = await run("train", example("xor.nnspec.json"), "--epochs", "1", "--json", "--init", saved);
    const b = await run("train", example("xor.nnspec.json"), "--epochs", "1", "--json", "--init", saved);
    assert.equal(a.code, 0, a.err);
    assert.equal(a.out, b.out);
    const fresh = await run("train", example("xor.nnspec.json"), "--epochs", "1", "--json");
    assert.notEqual(JSON.parse(a.lines[0]).loss, JSON.parse(fresh.lines[0]).loss);
  });

  it("a diverging run ends with a message naming the layer and epoch, and exit code 3", async () => {
    const dir = tempDir();
    const spec = join(dir, "diverge.nnspec.json");
    writeFileSync(spec, `{ "data": { "source": "plane" }, "layers": [{ "units": 2 }, { "units": 8 }, { "units": 1 }], "optimizer": { "learningRate": 100 } }`);
    const r = await run("train", spec);
    assert.equal(r.code, 3);
    assert.match(r.err, /nnspec: Training diverged in epoch \d+: at layers\[\d\]/);
    assert.doesNotMatch(r.err, /at .*\.ts:\d+/, "no stack trace");
  });
});

describe("nnspec check", () => {
  it("prints path:line:col: severity: message and exits 1 on errors", async () => {
    const dir = tempDir();
    const spec = join(dir, "bad.nnspec.json");
    writeFileSync(spec, `{\n  "layers": [\n    { "units": 2 },\n    { "units": 2, "activation": "relux" }\n  ]\n}\n`);
    const r = await run("check", spec);
    assert.equal(r.code, 1);
    assert.equal(
      r.err,
      `${spec}:4:33: error: layers[1].activation: "relux" is not a valid activation; use one of: linear, relu, leakyRelu, elu, sigmoid, tanh, softplus, gelu, softmax. Did you mean "relu"?`,
    );
  });

  it("a file's control characters (a terminal's escape sequences) are shown escaped, never sent to the terminal", async () => {
    const dir = tempDir();
    const spec = join(dir, "escapes.nnspec.json");
    const data = { source: "csv", path: "d.csv", features: ["a", "b"], target: "k", validationSplit: 0 };
    writeFileSync(spec, JSON.stringify({ name: "clear\u001b[2J", data, layers: [{ units: 2 }, { units: 2, activation: "softmax" }] }));
    writeFileSync(join(dir, "d.csv"), "a,b,k\n1,2,title\u001b]0;owned\u0007\n3,4,y\n");
    const trained = await run("train", spec, "--epochs", "1");
    assert.equal(trained.code, 0, trained.err);
    writeFileSync(join(dir, "d.csv"), "a,b,k\n1,2\u001b[31m,x\n3,4,y\n");
    const checked = await run("check", spec);
    assert.equal(checked.code, 1);
    assert.match(checked.err, /column "b" is "2\\u001b\[31m", not a number/);
    for (const text of [trained.out, trained.err, checked.out, checked.err]) assert.deepEqual(text.match(/[^\P{Cc}\n]/gu), null, text);
    assert.match(trained.out, /^clear\\u001b\[2J: 2 in/);
  });

  it("exits 0 on a valid spec", async () => {
    const r = await run("check", example("spiral.nnspec.json"));
    assert.equal(r.code, 0);
    assert.match(r.out, /no problems/);
  });
});

describe("bad usage gets a clear message and exit code 2, never a stack trace", () => {
  for (const [why, argv, pattern] of [
    ["no command", [], /no command given/],
    ["unknown command", ["fit", "x"], /unknown command "fit"/],
    ["no spec", ["train"], /needs the path of a .nnspec.json file/],
    ["unknown flag", ["train", "x.nnspec.json", "--fast"], /Unknown option '--fast'/],
    ["bad epochs", ["train", example("xor.nnspec.json"), "--epochs", "ten"], /--epochs must be a whole number/],
    [
      "epochs in hex, as no CSV cell may be",
      ["train", example("xor.nnspec.json"), "--epochs", "0x10"],
      /--epochs must be a whole number from 1 to 1000000, not "0x10"/,
    ],
    ["epochs in exponent form", ["train", example("xor.nnspec.json"), "--epochs", "1e1"], /--epochs must be a whole number/],
    ["bad loss", ["train", example("xor.nnspec.json"), "--loss", "l3"], /--loss must be one of mae, mse/],
    ["missing file", ["train", "/nonexistent/x.nnspec.json"], /cannot read .*no such file/],
  ] as const) {
    it(why, async () => {
      const r = await run(...argv);
      assert.equal(r.code, 2);
      assert.match(r.err, pattern);
      assert.doesNotMatch(r.err, /\n\s+at /);
    });
  }

  it("a missing --init file is an error in the spec's terms, exit 1", async () => {
    const r = await run("train", example("xor.nnspec.json"), "--init", "/nonexistent/w.json");
    assert.equal(r.code, 1);
    assert.match(r.err, /init: .*does not exist/);
  });
});
