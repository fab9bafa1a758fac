/**
 * A run in its real worker thread (dist/worker.js): messages tagged with the run, dispose stops
 * the worker, a worker that dies is reported while the host lives on, and checks have answers.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { SpecChecker } from "../../src/extension/specChecker";
import { TrainingRun } from "../../src/extension/trainingRun";
import type { WorkerToHost } from "../../src/protocol";
import { EXAMPLES_DIR, readExample } from "../helpers/examples";

const WORKER = join(import.meta.dirname, "..", "..", "dist", "worker.js");
const SETTINGS = { updateIntervalMs: 50, boundaryResolution: 16 };
const source = (name: string) => ({ text: readExample(name), path: join(EXAMPLES_DIR, name), allowedRoot: EXAMPLES_DIR });

function collect() {
  const messages: WorkerToHost[] = [];
  const crashes: string[] = [];
  let notify = () => {};
  const listener = {
    message: (_run: TrainingRun, m: WorkerToHost) => {
      messages.push(m);
      notify();
    },
    crashed: (_run: TrainingRun, reason: string) => {
      crashes.push(reason);
      notify();
    },
  };
  const until = (ok: () => boolean, ms = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timed out")), ms);
      notify = () => {
        if (ok()) {
          clearTimeout(timer);
          resolve();
        }
      };
      notify();
    });
  return { messages, crashes, listener, until };
}

describe("a training run in its worker", () => {
  it("trains an example to the end, every message tagged with the run", async () => {
    const c = collect();
    const run = new TrainingRun({ path: WORKER }, source("xor.nnspec.json"), SETTINGS, true, c.listener);
    try {
      await c.until(() => run.status === "done");
      assert.ok(c.messages.every((m) => "runId" in m && m.runId === run.runId));
      assert.equal(run.history.at(-1)?.epoch, 200);
      assert.equal(run.summary?.name, "XOR");
    } finally {
      run.dispose();
    }
  });

  it("reports a divergence in the language of the translations it is given", async () => {
    const korean = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "l10n", "bundle.l10n.ko.json"), "utf8"));
    const c = collect();
    const diverging = source("xor.nnspec.json");
    diverging.text = `{ "data": { "source": "plane" }, "layers": [{ "units": 2 }, { "units": 8, "activation": "relu" }, { "units": 1 }],
      "optimizer": { "learningRate": 100 }, "training": { "epochs": 50 } }`;
    const run = new TrainingRun({ path: WORKER, translations: korean }, diverging, SETTINGS, true, c.listener);
    try {
      await c.until(() => run.status === "error");
      assert.match(run.failure ?? "", /^에포크 \d+에서 학습이 발산했습니다: layers\[\d\]/);
    } finally {
      run.dispose();
    }
  });

  it("a disposed run stops its worker and reports nothing more", async () => {
    const c = collect();
    const long = source("spiral.nnspec.json");
    long.text = long.text.replace('"epochs": 500', '"epochs": 100000');
    const run = new TrainingRun({ path: WORKER }, long, SETTINGS, true, c.listener);
    await c.until(() => run.history.length > 0);
    run.dispose();
    const count = c.messages.length;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(c.messages.length, count);
    assert.equal(c.crashes.length, 0, "a deliberate stop is not a crash");
    await assert.rejects(run.requestWeights(), /ended/);
  });

  it("exports weights at full precision on request", async () => {
    const c = collect();
    const run = new TrainingRun({ path: WORKER }, source("xor.nnspec.json"), SETTINGS, false, c.listener);
    try {
      await c.until(() => run.summary !== null);
      const w = await run.requestWeights();
      assert.equal(w.layers.length, 2);
      assert.equal(w.layers[1].biases.length, 2);
    } finally {
      run.dispose();
    }
  });

  it("a worker that dies is reported as a crash, and the host goes on", async () => {
    const broken = join(tmpdir(), `nnspec-broken-worker-${process.pid}.js`);
    writeFileSync(broken, "setTimeout(() => { throw new Error('out of cheese'); }, 50);");
    const c = collect();
    const run = new TrainingRun({ path: broken }, source("xor.nnspec.json"), SETTINGS, true, c.listener);
    await c.until(() => c.crashes.length > 0);
    assert.match(c.crashes[0], /out of cheese/);
    assert.equal(run.status, "error");
    assert.match(run.failure ?? "", /stopped unexpectedly .*Press Train to start again/);
  });
});

describe("the spec checker worker", () => {
  it("writes its diagnostics in the language of the translations it is given", async () => {
    const korean = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "l10n", "bundle.l10n.ko.json"), "utf8"));
    const checker = new SpecChecker({ path: WORKER, translations: korean });
    try {
      const [d] = await checker.check({
        text: `{ "layers": [{ "units": 2 }, { "units": 2, "activation": "relux" }] }`,
        path: join(EXAMPLES_DIR, "x.nnspec.json"),
        allowedRoot: EXAMPLES_DIR,
      });
      assert.match(d.message, /^layers\[1\]\.activation: "relux": 알 수 없는 활성화 함수입니다\./);
    } finally {
      checker.dispose();
    }
  });

  it("answers with diagnostics, and keeps answering", async () => {
    const checker = new SpecChecker({ path: WORKER });
    try {
      const bad = await checker.check({
        text: `{ "layers": [{ "units": 3 }, { "units": 2 }] }`,
        path: join(EXAMPLES_DIR, "x.nnspec.json"),
        allowedRoot: EXAMPLES_DIR,
      });
      assert.equal(bad.length, 1);
      assert.match(bad[0].message, /set "units": 2/);
      assert.deepEqual(await checker.check(source("spiral.nnspec.json")), []);
    } finally {
      checker.dispose();
    }
  });
});
