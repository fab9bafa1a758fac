/**
 * A run in its real worker thread (dist/runWorker.js), and the spec checker in its own
 * (dist/checkerWorker.js): dispose stops the worker, a worker that dies is reported while the
 * host lives on, requests are answered, and the checker's queue keeps the newest text per file.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { EpochMetrics } from "../../src/core/train/metrics";
import type { WeightsJson } from "../../src/core/weights/weightsFile";
import { SpecChecker } from "../../src/extension/specChecker";
import { type RunSource, TrainingRun } from "../../src/extension/trainingRun";
import type { Envelope, Port } from "../../src/protocol/messaging";
import { readExample } from "../helpers/examples";
import { collectRunEvents } from "../helpers/runEvents";

const DIST = join(import.meta.dirname, "..", "..", "dist");
const RUN_WORKER = join(DIST, "runWorker.js");
const CHECKER_WORKER = join(DIST, "checkerWorker.js");
const SETTINGS = { updateIntervalMs: 50, boundaryResolution: 16, pace: "max" as const };
const KOREAN = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "l10n", "bundle.l10n.ko.json"), "utf8"));

function source(name: string, files: RunSource["files"] = {}): RunSource {
  return { text: readExample(name), version: 1, specName: name, files };
}

describe("a training run in its worker", () => {
  it("trains an example to the end from the files the host read", async () => {
    const c = collectRunEvents();
    const bytes = new TextEncoder().encode(readExample("dog-cat.weights.json"));
    const run = new TrainingRun({ path: RUN_WORKER }, source("dog-cat.nnspec.json", { "dog-cat.weights.json": bytes }), SETTINGS, true, c.listener);
    try {
      await c.until(() => run.status === "done");
      assert.equal(run.history.last?.epoch, 100);
      assert.equal(run.summary?.name, "Dog or cat: the photo is a dog");
      assert.equal(bytes.byteLength, 0, "the file's bytes moved to the worker instead of being copied");
    } finally {
      run.dispose();
    }
  });

  it("reports a divergence in the language of the translations it is given", async () => {
    const c = collectRunEvents();
    const diverging = source("xor.nnspec.json");
    diverging.text = `{ "data": { "source": "plane" }, "layers": [{ "units": 2 }, { "units": 8, "activation": "relu" }, { "units": 1 }],
      "optimizer": { "learningRate": 100 }, "training": { "epochs": 50 } }`;
    const run = new TrainingRun({ path: RUN_WORKER, translations: KOREAN }, diverging, SETTINGS, true, c.listener);
    try {
      await c.until(() => run.status === "error");
      assert.match(run.failure ?? "", /^에포크 \d+에서 학습이 발산했습니다: layers\[\d\]/);
    } finally {
      run.dispose();
    }
  });

  it("a disposed run stops its worker and reports nothing more", async () => {
    const c = collectRunEvents();
    const long = source("spiral.nnspec.json");
    long.text = long.text.replace('"epochs": 500', '"epochs": 100000');
    const run = new TrainingRun({ path: RUN_WORKER }, long, SETTINGS, true, c.listener);
    await c.until(() => run.history.length > 0);
    run.dispose();
    const count = c.events.length;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(c.events.length, count);
    assert.equal(c.crashes.length, 0, "a deliberate stop is not a crash");
    await assert.rejects(run.requestWeights(), /ended/);
  });

  it("answers requests: the weights at full precision, the epochs for Export Metrics", async () => {
    const c = collectRunEvents();
    const run = new TrainingRun({ path: RUN_WORKER }, source("xor.nnspec.json"), SETTINGS, true, c.listener);
    try {
      await c.until(() => run.status === "done");
      // The files come made by the worker: the host only writes their bytes.
      const w = JSON.parse(new TextDecoder().decode((await run.requestWeights()).file)) as WeightsJson;
      assert.equal(w.layers.length, 2);
      assert.equal(w.layers[1].biases.length, 2);
      assert.ok(
        w.layers.flatMap((l) => l.biases).some((b) => String(b).replace(/^-?0\./, "").length > 12),
        "full precision, not the panel's rounding",
      );
      const metrics = await run.requestMetrics();
      const lines = new TextDecoder().decode(metrics.file).trimEnd().split("\n");
      assert.deepEqual(
        lines.map((l) => (JSON.parse(l) as EpochMetrics).epoch),
        Array.from({ length: 200 }, (_, i) => i + 1),
        "every epoch, though updates carried only some",
      );
      assert.equal(metrics.count, 200);
      assert.equal(metrics.keepsOneIn, 1);
      assert.equal(metrics.last?.epoch, 200);
      assert.deepEqual(
        metrics.curve.epochs,
        Array.from({ length: 200 }, (_, i) => i + 1),
      );
    } finally {
      run.dispose();
    }
  });

  it("a learning rate of 0 sent to the worker is ignored, and the worker goes on", async () => {
    const c = collectRunEvents();
    const run = new TrainingRun({ path: RUN_WORKER }, source("xor.nnspec.json"), SETTINGS, false, c.listener);
    try {
      await c.until(() => run.summary !== null);
      run.control({ type: "setLearningRate", value: 0 });
      run.control({ type: "resume" });
      await c.until(() => run.status === "done");
      assert.equal(c.crashes.length, 0);
      assert.ok((await run.requestWeights()).file.length > 0, "the worker still answers");
    } finally {
      run.dispose();
    }
  });

  it("a worker that dies is reported as a crash, and the host goes on", async () => {
    const broken = join(tmpdir(), `nnspec-broken-worker-${process.pid}.js`);
    writeFileSync(broken, "setTimeout(() => { throw new Error('out of cheese'); }, 50);");
    const c = collectRunEvents();
    const run = new TrainingRun({ path: broken }, source("xor.nnspec.json"), SETTINGS, true, c.listener);
    await c.until(() => c.crashes.length > 0);
    assert.match(c.crashes[0], /out of cheese/);
    assert.equal(run.status, "error");
    assert.match(run.failure ?? "", /stopped unexpectedly .*Press Train to start again/);
    await assert.rejects(run.requestWeights(), /ended|out of cheese/);
  });
});

describe("the spec checker worker", () => {
  const INVALID = `{ "layers": [{ "units": 3 }, { "units": 2 }] }`;

  it("writes its diagnostics in the language of the translations it is given", async () => {
    const checker = SpecChecker.forWorker({ path: CHECKER_WORKER, translations: KOREAN });
    try {
      const found = await checker.check("a", { specText: `{ "layers": [{ "units": 2 }, { "units": 2, "activation": "relux" }] }`, files: {} });
      assert.match(found?.[0].message ?? "", /^layers\[1\]\.activation: "relux": 알 수 없는 활성화 함수입니다\./);
    } finally {
      checker.dispose();
    }
  });

  it("answers with diagnostics, and keeps answering", async () => {
    const checker = SpecChecker.forWorker({ path: CHECKER_WORKER });
    try {
      const bad = await checker.check("a", { specText: INVALID, files: {} });
      assert.equal(bad?.length, 1);
      assert.match(bad?.[0].message ?? "", /set "units": 2/);
      assert.deepEqual(await checker.check("b", { specText: readExample("spiral.nnspec.json"), files: {} }), []);
    } finally {
      checker.dispose();
    }
  });

  it("says which losses suit a spec, on its task as loaded (inline numbers inferred as regression), and nothing for a spec with errors", async () => {
    const checker = SpecChecker.forWorker({ path: CHECKER_WORKER });
    try {
      const regression = `{ "data": { "source": "inline", "x": [[1], [2]], "y": [0.5, 1.5] }, "layers": [{ "units": 1 }, { "units": 1, "activation": "linear" }] }`;
      assert.deepEqual(await checker.losses("r", { specText: regression, files: {} }), { suitable: ["mse", "mae", "huber"], current: "mse" });
      assert.deepEqual(
        (
          await checker.losses("s", {
            specText: readExample("dog-cat.nnspec.json"),
            files: { "dog-cat.weights.json": new TextEncoder().encode(readExample("dog-cat.weights.json")) },
          })
        )?.suitable,
        ["crossEntropy", "mae", "mse", "huber"],
      );
      assert.equal(await checker.losses("x", { specText: INVALID, files: {} }), null);
    } finally {
      checker.dispose();
    }
  });

  it("20 checks at once: the newest per file answered, the replaced ones resolve to null, none rejected", async () => {
    const checker = SpecChecker.forWorker({ path: CHECKER_WORKER });
    try {
      const asked = Array.from({ length: 20 }, (_, i) => checker.check(`file-${i % 5}`, { specText: i < 15 ? "{" : INVALID, files: {} }));
      const answers = await Promise.all(asked);
      // The first goes to the worker at once; of the rest, each still waiting is replaced by its file's next.
      assert.equal(answers.filter((a) => a === null).length, 14);
      // The last request of each file is the one answered last for it: the invalid units.
      for (let f = 0; f < 5; f++) assert.match(answers[15 + f]?.[0].message ?? "", /set "units": 2/);
    } finally {
      checker.dispose();
    }
  });
});

describe("the checker's queue, with a worker that hangs", () => {
  /** A fake checker worker: answers each check by its text ("hang" never answers). */
  function fakeWorkers() {
    const made: { terminated: boolean }[] = [];
    const factory = () => {
      let listener: (m: Envelope) => void = () => {};
      const state = { terminated: false };
      made.push(state);
      const port: Port = {
        postMessage: (m) => {
          if (m.kind !== "request" || state.terminated) return;
          const text = (m.params as { specText: string }).specText;
          if (text === "hang") return;
          setTimeout(
            () => listener({ kind: "reply", id: m.id, result: [{ severity: "error", message: text, line: 1, column: 1, endLine: 1, endColumn: 2 }] }),
            5,
          );
        },
      };
      return {
        port,
        onMessage: (l: (m: Envelope) => void) => {
          listener = l;
        },
        onExit: () => undefined,
        terminate: () => {
          state.terminated = true;
        },
      };
    };
    return { made, factory };
  }

  it("times a check from when the worker is given it, and a hung check does not sink the other files' checks", async () => {
    const { made, factory } = fakeWorkers();
    const checker = new SpecChecker(factory, 200);
    try {
      const hung = checker.check("a", { specText: "hang", files: {} });
      const others = Array.from({ length: 5 }, (_, i) => checker.check(`b${i}`, { specText: `b${i}`, files: {} }));
      await assert.rejects(hung, /no answer/);
      const answers = await Promise.all(others);
      assert.deepEqual(
        answers.map((a) => a?.[0].message),
        ["b0", "b1", "b2", "b3", "b4"],
        "queued behind the hung check, each still answered, in a new worker",
      );
      assert.equal(made.length, 2);
      assert.ok(made[0].terminated, "the hung worker was replaced");
    } finally {
      checker.dispose();
    }
  });
});
