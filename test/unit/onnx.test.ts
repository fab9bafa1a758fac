/**
 * `nnspec export --onnx`: the model NNSpec writes, run by an independent runtime
 * (onnxruntime-web, ONNX Runtime compiled to WebAssembly, running in Node), gives NNSpec's
 * outputs within float32's precision, for every activation and output and for images.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import * as ort from "onnxruntime-web";
import { memoryFiles } from "../../src/core/base/files";
import { copyFeatureRows, type Dataset } from "../../src/core/data/dataset";
import { onnxModel } from "../../src/core/export/onnx";
import type { ActivationName } from "../../src/core/nn/activations";
import { type LoadedSpec, loadSpec } from "../../src/core/spec/load";
import { Trainer } from "../../src/core/train/trainer";
import type { WeightsJson } from "../../src/core/weights/weightsFile";
import { TrainingRun } from "../../src/extension/trainingRun";
import { nodeFiles } from "../../src/node/nodeFiles";
import { runCli } from "../helpers/cli";
import { EXAMPLES_DIR } from "../helpers/examples";
import { collectRunEvents } from "../helpers/runEvents";

ort.env.wasm.numThreads = 1;
/** float32 against float64: a few units in float32's last place, through a few layers. */
const TOLERANCE = 1e-6;

/** The runtime's outputs for all of `d`'s rows, and NNSpec's, from the same weights. */
async function bothOutputs(loaded: LoadedSpec, weights: WeightsJson, d: Dataset): Promise<{ theirs: Float32Array; ours: Float64Array }> {
  const session = await ort.InferenceSession.create(onnxModel(loaded.spec, weights, "test"));
  const f = loaded.spec.sizes[0];
  const x = new Float64Array(d.rows * f);
  copyFeatureRows(d, 0, d.rows, x);
  const result = await session.run({ x: new ort.Tensor("float32", Float32Array.from(x), [d.rows, f]) });
  const trainer = new Trainer({ ...loaded, initialWeights: weights });
  trainer.net.inputBuffer(d.rows).set(x);
  return { theirs: result.y.data as Float32Array, ours: trainer.net.forward(d.rows).slice() };
}

function assertClose(theirs: Float32Array, ours: Float64Array, what: string): number {
  assert.equal(theirs.length, ours.length, what);
  let worst = 0;
  for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(theirs[i] - ours[i]) / Math.max(1, Math.abs(ours[i])));
  assert.ok(worst <= TOLERANCE, `${what}: worst difference ${worst.toExponential(2)}`);
  return worst;
}

const HIDDEN: ActivationName[] = ["linear", "relu", "leakyRelu", "elu", "sigmoid", "tanh", "softplus", "gelu"];

describe("ONNX models NNSpec writes, run by onnxruntime-web", () => {
  for (const hidden of HIDDEN) {
    for (const [output, units, task] of [
      ["softmax", 3, "classification"],
      ["sigmoid", 1, "classification"],
      ["linear", 2, "regression"],
    ] as const) {
      it(`${hidden} hidden layers, a ${output} output`, async () => {
        const x = Array.from({ length: 30 }, (_, i) => [Math.sin(i), Math.cos(1.7 * i) * 2, (i % 7) / 3 - 1]);
        const y =
          task === "regression" ? x.map(([a, b]) => [a * b, a - b]) : x.map(([a, b]) => (units === 1 ? Number(a > b) : Math.round(Math.abs(a + b) * 2) % 3));
        const text = JSON.stringify({
          data: { source: "inline", task, x, y, validationSplit: 0 },
          layers: [{ units: 3 }, { units: 5, activation: hidden }, { units: 4, activation: hidden }, { units, activation: output }],
          init: "xavier",
          training: { seed: 4 },
        });
        const r = loadSpec(text, memoryFiles({}));
        assert.ok(r.loaded, JSON.stringify(r.diagnostics));
        const trainer = new Trainer(r.loaded);
        for (let e = 0; e < 5; e++) trainer.stepEpoch();
        const { theirs, ours } = await bothOutputs(r.loaded, trainer.weights(), r.loaded.dataset);
        assertClose(theirs, ours, `${hidden} → ${output}`);
      });
    }
  }

  it("an image spec: 784 bundled-digit pixels in, ten probabilities out", async () => {
    const text = JSON.stringify({
      data: { source: "digits", samples: 300 },
      layers: [{ shape: [28, 28, 1] }, { units: 32, activation: "relu" }, { units: 10, activation: "softmax" }],
      optimizer: { type: "adam", learningRate: 0.01 },
      training: { epochs: 3 },
    });
    const r = loadSpec(text, nodeFiles(join(EXAMPLES_DIR, "digits.nnspec.json")));
    assert.ok(r.loaded, JSON.stringify(r.diagnostics));
    const trainer = new Trainer(r.loaded);
    while (!trainer.finished) trainer.stepEpoch();
    const { theirs, ours } = await bothOutputs(r.loaded, trainer.weights(), r.loaded.validation);
    assertClose(theirs, ours, "digits");
  });
});

describe("nnspec export --onnx", () => {
  it("trains the spec as `nnspec train` does and writes model.onnx into a folder it makes; the runtime's outputs on the validation data are NNSpec's", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "nnspec-onnx-")), "out");
    const spec = join(EXAMPLES_DIR, "xor.nnspec.json");
    const weights = join(dir, "..", "w.json");
    assert.equal((await runCli("train", spec, "--json", "--save-weights", weights)).code, 0);
    const r = await runCli("export", spec, "--onnx", "-o", dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^trained 200 epochs: loss .*\nwrote .*model\.onnx \(2 → 4 → 2, input "x" of 2 floats a sample, output "y"\)$/);
    const loaded = loadSpec(readFileSync(spec, "utf8"), nodeFiles(spec)).loaded as LoadedSpec;
    const trained = JSON.parse(readFileSync(weights, "utf8")) as WeightsJson;
    const session = await ort.InferenceSession.create(readFileSync(join(dir, "model.onnx")));
    const v = loaded.validation;
    const x = new Float64Array(v.rows * 2);
    copyFeatureRows(v, 0, v.rows, x);
    const theirs = (await session.run({ x: new ort.Tensor("float32", Float32Array.from(x), [v.rows, 2]) })).y.data as Float32Array;
    const { ours } = await bothOutputs(loaded, trained, v);
    assertClose(theirs, ours, "the exported model against the weights `train --save-weights` wrote");
  });

  it("with --init, those weights, no training; a weights file of the wrong shape is an error at its entry; a folder whose parent is missing is refused before anything", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnspec-onnx-"));
    const spec = join(EXAMPLES_DIR, "xor.nnspec.json");
    writeFileSync(
      join(dir, "bad.json"),
      JSON.stringify({
        layers: [
          { weights: [[1, 2]], biases: [0, 0, 0, 0] },
          { weights: [], biases: [] },
        ],
      }),
    );
    const bad = await runCli("export", spec, "--onnx", "--init", join(dir, "bad.json"), "-o", join(dir, "out"));
    assert.equal(bad.code, 1);
    assert.match(bad.err, /bad\.json.*layers\[0\]\.weights: must have 2 rows/);
    assert.ok(!existsSync(join(dir, "out")), "nothing made");
    const missing = await runCli("export", spec, "--onnx", "-o", join(dir, "no", "such"));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /its folder .*no does not exist either; create it first/);
    assert.equal(missing.out, "", "refused before training");
  });
});

describe("Export as ONNX in the editor: the run's worker makes the model", () => {
  it("a finished run's model, run by onnxruntime-web, gives the run's own outputs", async () => {
    const c = collectRunEvents();
    const text = readFileSync(join(EXAMPLES_DIR, "xor.nnspec.json"), "utf8");
    const run = new TrainingRun(
      { path: join(import.meta.dirname, "..", "..", "dist", "runWorker.js") },
      { text, version: 1, specName: "xor.nnspec.json", files: {} },
      { updateIntervalMs: 50, boundaryResolution: 16, pace: "max" },
      true,
      c.listener,
    );
    try {
      await c.until(() => run.status === "done");
      const { file } = await run.request("onnx", null);
      const weights = JSON.parse(new TextDecoder().decode((await run.requestWeights()).file)) as WeightsJson;
      const loaded = loadSpec(text, memoryFiles({})).loaded as LoadedSpec;
      const session = await ort.InferenceSession.create(file);
      const v = loaded.validation;
      const x = new Float64Array(v.rows * 2);
      copyFeatureRows(v, 0, v.rows, x);
      const theirs = (await session.run({ x: new ort.Tensor("float32", Float32Array.from(x), [v.rows, 2]) })).y.data as Float32Array;
      const { ours } = await bothOutputs(loaded, weights, v);
      assertClose(theirs, ours, "the worker's model against its weights file");
    } finally {
      run.dispose();
    }
  });
});
