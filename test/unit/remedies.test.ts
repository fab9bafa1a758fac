/**
 * Dropout and early stopping in training: dropout's gradient with a fixed mask against finite
 * differences of an independent masked forward pass, rate 0 against no dropout, no masks outside
 * training batches; early stopping's stop and restored weights against a run without it.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { noFiles } from "../../src/core/base/files";
import { Rng } from "../../src/core/base/rng";
import type { ActivationName } from "../../src/core/nn/activations";
import { allocateMasks, drawMasks } from "../../src/core/nn/dropout";
import type { LossName } from "../../src/core/nn/losses";
import { Network } from "../../src/core/nn/network";
import { loadSpec } from "../../src/core/spec/load";
import { Trainer } from "../../src/core/train/trainer";
import { runCli } from "../helpers/cli";
import { readExample } from "../helpers/examples";
import { centralDifference, maxRelativeError, toReference } from "../helpers/gradcheck";
import { activate, sampleLoss } from "../helpers/reference";

function trainer(fields: Record<string, unknown>): Trainer {
  const spec = {
    data: { source: "circle", samples: 80, noise: 0.2 },
    layers: [{ units: 2 }, { units: 12, activation: "tanh", ...(fields.hidden as object) }, { units: 2 }],
    optimizer: { type: "adam", learningRate: 0.05 },
    training: { epochs: 30, batchSize: 16, seed: 5, ...(fields.training as object) },
  };
  const result = loadSpec(JSON.stringify(spec), noFiles());
  assert.ok(result.loaded, JSON.stringify(result.diagnostics));
  return new Trainer(result.loaded);
}

function runAll(t: Trainer): { valLosses: number[]; weights: number[][] } {
  const valLosses: number[] = [];
  const weights: number[][] = [];
  while (!t.finished) {
    const m = t.stepEpoch();
    if (!m) continue;
    valLosses.push(m.valLoss as number);
    weights.push([...t.net.weights.flatMap((w) => [...w]), ...t.net.biases.flatMap((b) => [...b])]);
  }
  return { valLosses, weights };
}

/** The mean loss of a masked network by plain arrays: a = f(z), then a·mask on the masked layers. */
function maskedLoss(net: Network, x: Float64Array, t: Float64Array, rows: number, masks: (Float64Array | null)[], loss: LossName): number {
  const ref = toReference(net);
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    let a = Array.from(x.subarray(r * net.inputSize, (r + 1) * net.inputSize));
    let z: number[] = [];
    for (let k = 0; k < net.layerCount; k++) {
      const below = a;
      z = ref.biases[k].map((b, j) => below.reduce((s, ai, i) => s + ai * ref.weights[k][i][j], b));
      a = activate(net.activations[k], z);
      const mask = masks[k];
      if (mask) a = a.map((v, j) => v * mask[r * net.sizes[k + 1] + j]);
    }
    sum += sampleLoss(loss, z, a, Array.from(t.subarray(r * net.outputSize, (r + 1) * net.outputSize)));
  }
  return sum / rows;
}

describe("dropout in the network", () => {
  for (const [activations, loss] of [
    [["relu", "tanh", "softmax"], "crossEntropy"],
    [["sigmoid", "gelu", "linear"], "mse"],
  ] as [ActivationName[], LossName][]) {
    it(`with a fixed mask, backward() is the gradient of the masked loss (${activations.join(", ")}; finite differences)`, () => {
      const sizes = [3, 6, 5, activations[2] === "softmax" ? 3 : 2];
      const net = new Network(sizes, activations);
      const rng = new Rng(9);
      for (const w of [...net.weights, ...net.biases]) for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-1, 1);
      const rows = 4;
      const x = net.inputBuffer(rows);
      for (let i = 0; i < rows * sizes[0]; i++) x[i] = rng.uniform(-2, 2);
      const input = Float64Array.from(x.subarray(0, rows * sizes[0]));
      const targets = new Float64Array(rows * sizes[3]);
      for (let r = 0; r < rows; r++) targets[r * sizes[3] + (r % sizes[3])] = 1;
      const rates = [0.5, 0.3, 0];
      const masks = allocateMasks(rates, sizes, rows);
      drawMasks(rng, rates, sizes, rows, masks);
      assert.ok(masks[0]?.includes(0) && masks[1]?.includes(0), "some outputs are dropped");
      net.forward(rows, masks);
      net.backward(loss, targets);
      const gradients = [...net.gradWeights, ...net.gradBiases];
      for (const [p, params] of [...net.weights, ...net.biases].entries()) {
        const analytic = gradients[p];
        const numeric = Array.from(params, (_, i) =>
          centralDifference((v) => {
            const saved = params[i];
            params[i] = saved + v;
            const l = maskedLoss(net, input, targets, rows, masks, loss);
            params[i] = saved;
            return l;
          }, 1e-5),
        );
        assert.ok(maxRelativeError(analytic, numeric) < 1e-6, `${maxRelativeError(analytic, numeric)}`);
      }
    });
  }

  it("a rate of 0 trains bitwise as no dropout does", () => {
    const without = runAll(trainer({}));
    const zero = runAll(trainer({ hidden: { dropout: 0 } }));
    assert.deepEqual(zero, without);
  });

  it("a rate above 0 changes training, but not validation: valLoss is the unmasked network's", () => {
    const plain = trainer({});
    const dropped = trainer({ hidden: { dropout: 0.2 } });
    const m1 = plain.stepEpoch();
    const m2 = dropped.stepEpoch();
    assert.notEqual(m2?.loss, m1?.loss);
    assert.equal(m2?.valLoss, dropped.evaluate("validation")?.loss);
    assert.equal(dropped.evaluate("validation")?.loss, dropped.evaluate("validation")?.loss, "no mask, so the same every time");
  });
});

describe("early stopping in training", () => {
  it("stops `patience` epochs after the lowest valLoss of the same run without it, and restores that epoch's weights", () => {
    const patience = 3;
    // Training.epochs high enough that the run overfits (80 samples, 12 units, adam at 0.05).
    const reference = runAll(trainer({ training: { epochs: 200 } }));
    // The rule, independently: the first epoch whose valLoss is lower than every earlier one's, until `patience` epochs pass without one.
    let best = 0;
    let stop = reference.valLosses.length;
    for (let e = 1; e < reference.valLosses.length; e++) {
      if (reference.valLosses[e] < reference.valLosses[best]) best = e;
      else if (e - best >= patience) {
        stop = e + 1;
        break;
      }
    }
    assert.ok(stop < 200, "the reference run overfits, so early stopping has something to stop");
    const t = trainer({ training: { epochs: 200, earlyStopping: { patience } } });
    const run = runAll(t);
    assert.equal(run.valLosses.length, stop);
    assert.deepEqual(run.valLosses, reference.valLosses.slice(0, stop));
    assert.deepEqual(t.earlyStopping?.report(), { bestEpoch: best + 1, bestValLoss: reference.valLosses[best], stoppedAt: stop, restored: true });
    const now = [...t.net.weights.flatMap((w) => [...w]), ...t.net.biases.flatMap((b) => [...b])];
    assert.deepEqual(now, reference.weights[best]);
    assert.equal(t.evaluate("validation")?.loss, reference.valLosses[best]);
  });

  it("with restoreBest false the weights are the last epoch's", () => {
    const t = trainer({ training: { epochs: 200, earlyStopping: { patience: 3, restoreBest: false } } });
    const run = runAll(t);
    const now = [...t.net.weights.flatMap((w) => [...w]), ...t.net.biases.flatMap((b) => [...b])];
    assert.deepEqual(now, run.weights[run.weights.length - 1]);
    assert.equal(t.earlyStopping?.report()?.restored, false);
  });
});

describe("nnspec train with early stopping", () => {
  it("says the best epoch, where it stopped and what the restored weights measure; the last progress line is the stop's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnspec-stop-"));
    const spec = {
      data: { source: "xor", samples: 40, noise: 0.3 },
      layers: [{ units: 2 }, { units: 32, activation: "relu", dropout: 0.1 }, { units: 2, activation: "softmax" }],
      optimizer: { type: "adam", learningRate: 0.1 },
      training: { epochs: 20, batchSize: 8, seed: 3, earlyStopping: { patience: 2 } },
    };
    const path = join(dir, "stop.nnspec.json");
    writeFileSync(path, JSON.stringify(spec));
    const t = new Trainer(loadSpec(JSON.stringify(spec), noFiles()).loaded as NonNullable<ReturnType<typeof loadSpec>["loaded"]>);
    runAll(t);
    const report = t.earlyStopping?.report() ?? null;
    assert.ok(report?.stoppedAt && report.stoppedAt < 20);
    const r = await runCli("train", path);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`early stop best epoch ${report.bestEpoch} \\(val loss [\\d.]+\\); stopped after epoch ${report.stoppedAt} of 20`));
    assert.match(r.out, new RegExp(`restored {2}the weights of epoch ${report.bestEpoch}: acc [\\d.]+% · val loss [\\d.]+`));
    assert.match(r.out, new RegExp(`epoch ${report.stoppedAt}/20 `));
    assert.match(r.out, new RegExp(`^${report.stoppedAt} epochs in`, "m"));
  });
});

describe("the overfitting examples, over several seeds", () => {
  const SEEDS = [1, 2, 3, 4, 5];
  const train = (file: string, seed: number, edit: (spec: { training: { earlyStopping?: unknown } }) => void = () => {}) => {
    const spec = JSON.parse(readExample(file).replace(/^\s*\/\/.*$/gm, ""));
    spec.training.seed = seed;
    edit(spec);
    const t = new Trainer(loadSpec(JSON.stringify(spec), noFiles()).loaded as NonNullable<ReturnType<typeof loadSpec>["loaded"]>);
    while (!t.finished) t.stepEpoch();
    const h = t.history;
    return { t, h, last: h[h.length - 1], bestVal: Math.min(...h.map((m) => m.valLoss ?? Number.POSITIVE_INFINITY)) };
  };

  for (const seed of SEEDS) {
    it(`training.seed ${seed}: overfits without the remedies, is stopped near its best epoch with them, and dropout alone lowers the final validation loss`, () => {
      const plain = train("overfitting.nnspec.json", seed);
      assert.equal(plain.last.accuracy, 1, "100% training accuracy");
      assert.ok((plain.last.valLoss ?? 0) > 1, `the validation loss climbs above 1: ${plain.last.valLoss}`);
      assert.ok(
        plain.h.some((m) => m.findings.some((f) => f.id === "overfitting")),
        "the overfitting finding fires",
      );

      const cured = train("overfitting-stopped.nnspec.json", seed);
      const report = cured.t.earlyStopping?.report() ?? null;
      assert.ok(report && report.stoppedAt !== null && report.stoppedAt < 40, `stops before epoch 40 of 600: ${JSON.stringify(report)}`);
      assert.equal(report.stoppedAt, report.bestEpoch + 20, "patience 20");
      const now = cured.t.evaluateNow().validation;
      assert.ok(now && now.loss < 0.1 && now.loss < (plain.last.valLoss ?? 0) / 10, `restored validation loss ${now?.loss}`);
      assert.equal(now.accuracy, 1, "100% validation accuracy with the best epoch's weights");
      assert.ok((plain.last.valAccuracy ?? 1) < 1, "where the overfit network ends below 100%");

      const dropoutOnly = train("overfitting-stopped.nnspec.json", seed, (spec) => {
        delete spec.training.earlyStopping;
      });
      assert.equal(dropoutOnly.h.length, 600);
      assert.ok((dropoutOnly.last.valLoss ?? 9) < (plain.last.valLoss ?? 0), `dropout alone: ${dropoutOnly.last.valLoss} < ${plain.last.valLoss}`);
    });
  }
});

it("walkthrough 6's remedies paragraph states the example's own figures, in English and Korean", () => {
  const run = (text: string) => {
    const t = new Trainer(loadSpec(text, noFiles()).loaded as NonNullable<ReturnType<typeof loadSpec>["loaded"]>);
    while (!t.finished) t.stepEpoch();
    return t;
  };
  const stopped = readExample("overfitting-stopped.nnspec.json");
  const cured = run(stopped);
  const dropoutOnly = run(stopped.replace(/, "earlyStopping": \{[^}]*\}/, ""));
  const plain = run(readExample("overfitting.nnspec.json"));
  const r = cured.earlyStopping?.report() ?? null;
  assert.deepEqual([r?.bestEpoch, r?.stoppedAt], [8, 28]);
  const figures = [
    (plain.history.at(-1)?.valLoss ?? 0).toFixed(2),
    (dropoutOnly.history.at(-1)?.valLoss ?? 0).toFixed(2),
    (r?.bestValLoss ?? 0).toFixed(2),
    `${Math.round((plain.history.at(-1)?.valAccuracy ?? 0) * 100)}%`,
  ];
  assert.deepEqual(figures, ["1.22", "1.01", "0.04", "90%"]);
  assert.equal(cured.evaluateNow().validation?.accuracy, 1);
  const root = join(import.meta.dirname, "..", "..");
  for (const page of ["media/walkthrough/6-overfitting.md", "media/walkthrough/ko/6-overfitting.md", "examples/overfitting-stopped.nnspec.json"]) {
    const text = readFileSync(join(root, page), "utf8").replace(/\s+/g, " ");
    for (const figure of [...figures.slice(0, 3), "28", "100%"]) assert.ok(text.includes(figure), `${page} says ${figure}`);
  }
});
