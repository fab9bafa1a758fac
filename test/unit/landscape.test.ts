/**
 * The loss landscape: every point against a forward pass written here (not the Network class),
 * the path's projection against the path, the directions' normalisation, and the bounds.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Rng } from "../../src/core/base/rng";
import { copyFeatureRows } from "../../src/core/data/dataset";
import { pathDirections, projectOntoPlane, randomDirections } from "../../src/core/landscape/directions";
import { landscapeOf, WeightPath } from "../../src/core/landscape/landscape";
import { dot, parameterVector } from "../../src/core/landscape/parameterVector";
import { gridValues, landscapeRows, MAX_GRID, planeRows } from "../../src/core/landscape/plane";
import { Trainer } from "../../src/core/train/trainer";
import { runCli } from "../helpers/cli";
import { EXAMPLES_DIR } from "../helpers/examples";
import { loadText } from "../helpers/load";

type Layers = { weights: number[][]; biases: number[] }[];

/** tanh hidden layers and a softmax or sigmoid output, written out for one row. */
function forwardRow(layers: Layers, activations: readonly string[], input: number[]): number[] {
  let a = input;
  layers.forEach((layer, k) => {
    const z = layer.biases.map((b, j) => b + a.reduce((s, x, i) => s + x * layer.weights[i][j], 0));
    const f = activations[k];
    if (f === "softmax") {
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const sum = e.reduce((s, v) => s + v, 0);
      a = e.map((v) => v / sum);
    } else if (f === "tanh") a = z.map(Math.tanh);
    else if (f === "sigmoid") a = z.map((v) => 1 / (1 + Math.exp(-v)));
    else if (f === "relu") a = z.map((v) => Math.max(0, v));
    else throw new Error(`no reference for ${f}`);
  });
  return a;
}

const plus = (w: Layers, d1: Layers, d2: Layers, alpha: number, beta: number): Layers =>
  w.map((layer, k) => ({
    weights: layer.weights.map((row, i) => row.map((v, j) => v + alpha * d1[k].weights[i][j] + beta * d2[k].weights[i][j])),
    biases: layer.biases.map((v, j) => v + alpha * d1[k].biases[j] + beta * d2[k].biases[j]),
  }));

const XOR = `{
  "name": "XOR", "data": { "source": "xor", "samples": 120, "noise": 0.05, "validationSplit": 0.2 },
  "layers": [ { "units": 2 }, { "units": 4, "activation": "tanh" }, { "units": 2, "activation": "softmax" } ],
  "loss": "crossEntropy", "optimizer": { "type": "momentum", "learningRate": 0.1, "momentum": 0.9 },
  "training": { "epochs": 30, "batchSize": 10, "seed": 3 }
}`;

describe("the loss landscape", () => {
  it("gives at every point the losses and accuracy of the network at w + α·d1 + β·d2, from the CLI's JSON (1e-9)", async () => {
    const r = await runCli("landscape", `${EXAMPLES_DIR}/xor.nnspec.json`, "--epochs", "40", "--grid", "7", "--json");
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.lines[0]);
    assert.deepEqual(Object.keys(j), ["weights", "directions", "explained", "d1", "d2", "alphas", "betas", "rows", "totalRows", "losses", "accuracy", "path"]);
    assert.deepEqual(Object.keys(j.losses), ["crossEntropy", "mae", "mse", "huber"]);
    // The rows the landscape measured: all the training rows (160 < 500), in their order.
    const trainer = new Trainer(loadText(readFileSync(`${EXAMPLES_DIR}/xor.nnspec.json`, "utf8")));
    const train = trainer.trainData;
    assert.equal(j.rows, train.rows);
    const x = new Float64Array(train.rows * 2);
    copyFeatureRows(train, 0, train.rows, x);
    const labels = train.labels as Int32Array;
    let checked = 0;
    for (const [b, beta] of j.betas.entries()) {
      for (const [a, alpha] of j.alphas.entries()) {
        if ((a + b) % 2) continue; // half the points keep the test quick; the others are computed alike
        const w = plus(j.weights, j.d1, j.d2, alpha, beta);
        let ce = 0;
        let mae = 0;
        let mse = 0;
        let huber = 0;
        let correct = 0;
        for (let r = 0; r < train.rows; r++) {
          const y = forwardRow(w, ["tanh", "softmax"], [x[2 * r], x[2 * r + 1]]);
          const t = [labels[r] === 0 ? 1 : 0, labels[r] === 1 ? 1 : 0];
          ce += -Math.log(y[labels[r]]);
          const e = y.map((v, i) => Math.abs(v - t[i]));
          mae += (e[0] + e[1]) / 2;
          mse += (e[0] ** 2 + e[1] ** 2) / 2;
          huber += e.reduce((s, v) => s + (v <= 1 ? 0.5 * v * v : v - 0.5), 0) / 2;
          if ((y[1] > y[0] ? 1 : 0) === labels[r]) correct++;
        }
        const n = train.rows;
        const near = (got: number, want: number, what: string) =>
          assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${what} at α ${alpha}, β ${beta}: ${got} vs ${want}`);
        near(j.losses.crossEntropy[b][a], ce / n, "cross-entropy");
        near(j.losses.mae[b][a], mae / n, "MAE");
        near(j.losses.mse[b][a], mse / n, "MSE");
        near(j.losses.huber[b][a], huber / n, "Huber");
        assert.equal(j.accuracy[b][a], correct / n);
        checked++;
      }
    }
    assert.equal(checked, 25);
    // The middle point is the trained weights; the path ends there and starts at epoch 0.
    assert.equal(j.alphas[3], 0);
    assert.deepEqual(j.path[j.path.length - 1].epoch, 40);
    assert.ok(Math.abs(j.path[j.path.length - 1].alpha) < 1e-9 && Math.abs(j.path[j.path.length - 1].beta) < 1e-9);
    assert.equal(j.path[0].epoch, 0);
  });

  it("with random directions through a sigmoid output: binary cross-entropy, MAE, MSE and accuracy at w + α·d1 + β·d2 (1e-9), directions as the weights file lays them out", async () => {
    const r = await runCli(
      "landscape",
      `${EXAMPLES_DIR}/xor-stall.nnspec.json`,
      "--epochs",
      "300",
      "--grid",
      "5",
      "--span",
      "2",
      "--directions",
      "random",
      "--json",
    );
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.lines[0]);
    assert.equal(j.directions, "random");
    assert.deepEqual(j.alphas, [-2, -1, 0, 1, 2]);
    // Each unit's incoming weights in d1 and d2 have the norm of that unit's weights; biases 0.
    for (const d of [j.d1, j.d2] as Layers[]) {
      d.forEach((layer, k) => {
        layer.biases.forEach((b, unit) => {
          assert.equal(b, 0);
          const norm = (rows: number[][]) => Math.hypot(...rows.map((row) => row[unit]));
          assert.ok(Math.abs(norm(layer.weights) - norm(j.weights[k].weights)) < 1e-12, `layer ${k}, unit ${unit}`);
        });
      });
    }
    const x = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ];
    const y = [0, 1, 1, 0];
    for (const [b, beta] of j.betas.entries()) {
      for (const [a, alpha] of j.alphas.entries()) {
        const w = plus(j.weights, j.d1, j.d2, alpha, beta);
        const p = x.map((row) => forwardRow(w, ["sigmoid", "sigmoid"], row)[0]);
        const mean = (f: (p: number, t: number) => number) => p.reduce((s, v, i) => s + f(v, y[i]), 0) / 4;
        const near = (got: number, want: number) =>
          assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `α ${alpha}, β ${beta}: ${got} vs ${want}`);
        near(
          j.losses.binaryCrossEntropy[b][a],
          mean((v, t) => -(t * Math.log(v) + (1 - t) * Math.log(1 - v))),
        );
        near(
          j.losses.mae[b][a],
          mean((v, t) => Math.abs(v - t)),
        );
        near(
          j.losses.mse[b][a],
          mean((v, t) => (v - t) ** 2),
        );
        assert.equal(
          j.accuracy[b][a],
          mean((v, t) => ((v > 0.5 ? 1 : 0) === t ? 1 : 0)),
        );
      }
    }
  });

  it("projects a path that lies in a plane onto points that reproduce its weights", () => {
    const rng = new Rng(7);
    const size = 50;
    const random = () => Float64Array.from({ length: size }, () => rng.normal());
    const center = random();
    const u = random();
    const v = random();
    const coefficients = Array.from({ length: 30 }, (_, i) => [Math.cos(i / 5) * (30 - i), Math.sin(i / 3) * (30 - i) * 0.4]);
    const path = coefficients.map(([a, b]) => center.map((c, p) => c + a * u[p] + b * v[p]));
    path.push(Float64Array.from(center));
    const directions = pathDirections(path, center);
    assert.ok(directions);
    assert.ok(Math.abs(dot(directions.d1, directions.d1) - 1) < 1e-12 && Math.abs(dot(directions.d2, directions.d2) - 1) < 1e-12);
    assert.ok(Math.abs(dot(directions.d1, directions.d2)) < 1e-9, "orthogonal");
    const explained = directions.explained as [number, number];
    assert.ok(Math.abs(explained[0] + explained[1] - 1) < 1e-9 && explained[0] >= explained[1], `${explained}`);
    const projected = projectOntoPlane(path, center, directions.d1, directions.d2);
    projected.forEach(({ alpha, beta }, i) => {
      for (let p = 0; p < size; p++) {
        const back = center[p] + alpha * directions.d1[p] + beta * directions.d2[p];
        assert.ok(Math.abs(back - path[i][p]) < 1e-9, `point ${i}, parameter ${p}: ${back} vs ${path[i][p]}`);
      }
    });
    // A straight path has no second direction: the caller falls back to random ones.
    assert.equal(pathDirections([center.map((c, p) => c + u[p]), center], center), null);
  });

  it("scales each unit's part of a random direction to the norm of its incoming weights, and leaves biases at 0", () => {
    const trainer = new Trainer(loadText(XOR));
    const net = trainer.net;
    const { d1, d2 } = randomDirections(net, 5);
    for (const d of [d1, d2]) {
      let at = 0;
      for (let k = 0; k < net.layerCount; k++) {
        const inDim = net.sizes[k];
        const outDim = net.sizes[k + 1];
        for (let j = 0; j < outDim; j++) {
          let w = 0;
          let dn = 0;
          for (let i = 0; i < inDim; i++) {
            w += net.weights[k][i * outDim + j] ** 2;
            dn += d[at + i * outDim + j] ** 2;
          }
          assert.ok(Math.abs(Math.sqrt(dn) - Math.sqrt(w)) < 1e-12, `layer ${k}, unit ${j}`);
        }
        at += inDim * outDim;
        for (let j = 0; j < outDim; j++) assert.equal(d[at + j], 0, "bias");
        at += outDim;
      }
    }
    assert.notDeepEqual(Array.from(d1), Array.from(d2));
  });

  it("keeps its bounds, and leaves the weights as they were, also when cancelled part way", () => {
    assert.equal(gridValues(400, 1).length, MAX_GRID);
    assert.equal(gridValues(4, 1).length, 5);
    assert.deepEqual(gridValues(5, 2), [-2, -1, 0, 1, 2]);
    assert.equal(landscapeRows(10_000, 41 * 41, 100), 500);
    assert.ok(landscapeRows(10_000, 101 * 101, 100_000) < 5);
    const trainer = new Trainer(loadText(XOR));
    const path = new WeightPath(trainer.net.parameterCount);
    path.record(0, trainer.net);
    for (let e = 1; e <= 5; e++) path.record(trainer.stepEpoch()?.epoch ?? e, trainer.net);
    const before = parameterVector(trainer.net);
    const l = landscapeOf(trainer, path, { grid: 5 });
    assert.deepEqual(parameterVector(trainer.net), before);
    assert.equal(l.surfaces[0].values[12], trainer.evaluate("train")?.loss, "the middle is the current loss");
    const { d1, d2 } = randomDirections(trainer.net, 1);
    const rows = planeRows(trainer.net, trainer.trainData, { center: before, d1, d2, grid: 9, span: 1, losses: ["mse"], tolerance: 0 });
    assert.equal(rows.next().value, 1 / 81);
    rows.return(undefined as never);
    assert.deepEqual(parameterVector(trainer.net), before);
  });

  it("names the option and the fix for bad input", async () => {
    const spec = `${EXAMPLES_DIR}/xor.nnspec.json`;
    for (const [args, says] of [
      [["--grid", "4"], "--grid must be an odd whole number from 3 to 101"],
      [["--span", "-1"], "--span must be a positive number"],
      [["--directions", "pca"], "--directions must be path or random"],
      [["--loss", "hinge"], "--loss must be one of"],
    ] as const) {
      const r = await runCli("landscape", spec, ...args);
      assert.equal(r.code, 2);
      assert.match(r.err, new RegExp(says.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    }
    const missing = await runCli("landscape", "no-such.nnspec.json");
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read no-such\.nnspec\.json: no such file/);
  });
});
