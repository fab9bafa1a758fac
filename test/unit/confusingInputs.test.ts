/**
 * Inputs that used to give a silent wrong result or a confusing answer: each now a clear error
 * or warning that names the field and the fix (each test fails on the code before it).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { excerpt } from "../../src/core/base/diagnostics";
import { memoryFiles, noFiles } from "../../src/core/base/files";
import { Rng } from "../../src/core/base/rng";
import { loadSpec } from "../../src/core/spec/load";
import { Trainer } from "../../src/core/train/trainer";
import { runCli } from "../helpers/cli";
import { EXAMPLES_DIR } from "../helpers/examples";
import { loadText } from "../helpers/load";

const diagnostics = (spec: object, files: Record<string, string> = {}) =>
  loadSpec(JSON.stringify(spec), Object.keys(files).length ? memoryFiles(files) : noFiles()).diagnostics;
const XOR = { data: { source: "xor" }, layers: [{ units: 2 }, { units: 4, activation: "tanh" }, { units: 2 }] };

describe("seeds", () => {
  it("0, 2³², −2³², 2⁵³ and 1e300 give one run: the four that are not 0 are warned about, with seed 0 as the fix", () => {
    const firstDraws = (seed: number) =>
      Array.from(
        { length: 4 },
        (
          (r) => () =>
            r.next()
        )(new Rng(seed)),
      );
    for (const seed of [2 ** 32, -(2 ** 32), 2 ** 53, 1e300]) {
      assert.deepEqual(firstDraws(seed), firstDraws(0), `seed ${seed} is seed 0's stream`);
      const [d] = diagnostics({ ...XOR, training: { seed } }).filter((x) => x.path.join(".") === "training.seed");
      assert.equal(d?.severity, "warning", String(seed));
      assert.match(d.message, /^training\.seed: .* gives exactly the run of seed 0: seeds count from 0 to 4294967295/);
      assert.equal(d.fix?.value, 0);
    }
    const [minusOne] = diagnostics({ ...XOR, data: { source: "xor", seed: -1 } });
    assert.match(minusOne.message, /^data\.seed: -1 gives exactly the run of seed 4294967295/);
    assert.deepEqual(firstDraws(-1), firstDraws(4294967295));
    assert.deepEqual(
      diagnostics({ ...XOR, training: { seed: 4294967295 } }).filter((x) => x.path[1] === "seed"),
      [],
      "every seed from 0 to 2³² − 1 is its own run",
    );
  });
});

describe("regularization.rate", () => {
  it("1e10 is a warning naming the rate and a usual one; 0.01 is not", () => {
    const [d] = diagnostics({ ...XOR, regularization: { type: "l1", rate: 1e10 } });
    assert.equal(d.severity, "warning");
    assert.deepEqual(d.path, ["regularization", "rate"]);
    assert.match(d.message, /^regularization\.rate: 1e\+10 makes the penalty outweigh the loss/);
    assert.equal(d.fix?.value, 0.001);
    assert.deepEqual(diagnostics({ ...XOR, regularization: { type: "l2", rate: 0.01 } }), []);
  });

  it("a run that diverges from L2 alone names regularization.rate, in scientific form", () => {
    const trainer = new Trainer(
      loadText(JSON.stringify({ ...XOR, regularization: { type: "l2", rate: 1e10 }, optimizer: { type: "sgd", learningRate: 0.1 } })),
    );
    while (!trainer.finished) trainer.stepEpoch();
    assert.match(trainer.failure?.message ?? "", /lower regularization\.rate \(now 1e\+10\), e\.g\. to 0\.05/);
  });
});

describe("numbers in messages", () => {
  it("data reaching 1e308 is written 1e+308, not a 309-digit number", () => {
    const trainer = new Trainer(loadText(JSON.stringify({ data: { source: "inline", x: [[0], [1]], y: [1e308, 0] }, layers: [{ units: 1 }, { units: 1 }] })));
    while (!trainer.finished) trainer.stepEpoch();
    assert.match(trainer.failure?.message ?? "", /The data reaches 1e\+308 in size/);
    assert.doesNotMatch(trainer.failure?.message ?? "", /\d{12}/);
  });
});

describe("class indices and classes", () => {
  it("y: [0, -1] under a softmax: −1 is not a class index, at data.y[1]", () => {
    const d = diagnostics({ data: { source: "inline", x: [[0], [1]], y: [0, -1] }, layers: [{ units: 1 }, { units: 2, activation: "softmax" }] });
    assert.equal(d.length, 1, JSON.stringify(d));
    assert.deepEqual(d[0].path, ["data", "y", 1]);
    assert.match(d[0].message, /^data\.y\[1\]: −1 is not a class index; class indices count from 0/);
  });

  it("a data set of one class gets one answer whatever the output size, not 'set units 1' and 'use units 2' in turn", () => {
    const files = { "c.csv": "a,b,kind\n1,2,cat\n0,1,cat\n" };
    for (const units of [1, 2]) {
      const d = diagnostics(
        { data: { source: "csv", path: "c.csv", features: ["a", "b"], target: "kind" }, layers: [{ units: 2 }, { units, activation: "softmax" }] },
        files,
      ).filter((x) => x.severity === "error");
      assert.equal(d.length, 1, JSON.stringify(d));
      assert.match(d[0].message, /^data: every sample has the same class \("cat"\), and a classifier needs samples of at least two classes/);
    }
  });
});

describe("text from files", () => {
  it("bidirectional and zero-width controls are shown as escapes in messages and in the CLI's output", async () => {
    assert.equal(excerpt("gnp\u202e.exe\u200b"), "gnp\\u202e.exe\\u200b");
    const dir = mkdtempSync(join(tmpdir(), "nnspec-text-"));
    writeFileSync(join(dir, "s.nnspec.json"), JSON.stringify({ ...XOR, name: "ab\u202ecd\u200bx" }));
    const r = await runCli("train", join(dir, "s.nnspec.json"), "--epochs", "1");
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^ab\\u202ecd\\u200bx: /);
    assert.doesNotMatch(r.out + r.err, /[\u202e\u200b]/);
  });
});

describe("the command line", () => {
  it("--sample -1 and --epochs -5 say what is wrong with the number", async () => {
    const inspect = await runCli("inspect", join(EXAMPLES_DIR, "xor.nnspec.json"), "--sample", "-1");
    assert.equal(inspect.code, 2);
    assert.match(inspect.err, /--sample must be a whole number from 0 to \d+ .*not "-1"/);
    const train = await runCli("train", join(EXAMPLES_DIR, "xor.nnspec.json"), "--epochs", "-5");
    assert.match(train.err, /--epochs must be a whole number from 1 to 1000000, not "-5"/);
  });

  it("`nnspec train … | head -1`: the reader gone, the command ends at once and says nothing", async () => {
    const cli = resolve(import.meta.dirname, "..", "..", "dist", "cli.js");
    // A million epochs of the spiral would take many minutes; the pipe closes after the first line.
    const child = spawn(process.execPath, [cli, "train", join(EXAMPLES_DIR, "spiral.nnspec.json"), "--epochs", "1000000", "--json"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (s) => (stderr += s));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on("exit", (c) => done(c)));
    assert.equal(code, 141);
    assert.equal(stderr, "");
  });
});
