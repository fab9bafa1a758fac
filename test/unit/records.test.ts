/**
 * Each loss, optimizer and activation is one record that every room asks (issue: "each rule in one
 * place"). A loss that exists only in this test is registered and then trains, passes a
 * finite-difference check, gets its card and exports, with nothing else changed; and no id is
 * written as a string literal in more than three source files.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { num } from "../../src/core/base/formulaText";
import { exportPyTorch, SCRIPT_FILE } from "../../src/core/export/pytorch";
import { ACTIVATIONS } from "../../src/core/nn/activations";
import { isLoss, type LossRecord, lossNames, registerLoss } from "../../src/core/nn/losses";
import type { Network } from "../../src/core/nn/network";
import { OPTIMIZERS } from "../../src/core/nn/optimizers";
import { lossFormula } from "../../src/core/train/formulas";
import { traceSample } from "../../src/core/train/sampleTrace";
import { Trainer } from "../../src/core/train/trainer";
import { loadText } from "../helpers/load";

/** ln cosh e, written so that cosh never overflows: |e| + ln(1 + e^−2|e|) − ln 2. */
const logCosh = (e: number) => Math.abs(e) + Math.log1p(Math.exp(-2 * Math.abs(e))) - Math.LN2;

/** Log-cosh: like MSE/2 near the target, like MAE far from it; its slope is tanh e. Not one of NNSpec's losses. */
const LOG_COSH: LossRecord = {
  id: "logCoshForTest",
  label: "Log-cosh",
  description: "The mean of ln cosh(prediction − target).",
  symbol: "LogCosh",
  rule: "LogCosh = (1/n)·Σ ln cosh(ŷ − y)",
  meanOverOutputs: true,
  suits: { tasks: ["regression", "classification"] },
  value(_z, a, t, offset, width) {
    let sum = 0;
    for (let j = 0; j < width; j++) sum += logCosh(a[offset + j] - t[offset + j]);
    return sum / width;
  },
  outputSlope: (a, t, width) => Math.tanh(a - t) / width,
  formula: (output, target, value) => ({
    text: `LogCosh = ${output.map((a, j) => `ln cosh(${num(a - target[j])})`).join(" + ")} = ${num(value)}`,
    fromLogits: false,
  }),
  pytorch: {
    module: "LogCoshLoss()",
    comment: "mean ln cosh(output - target) over samples and outputs",
    definition: [
      "class LogCoshLoss(nn.Module):",
      "    def forward(self, output, target):",
      "        e = (output - target).abs()",
      "        return (e + torch.log1p(torch.exp(-2 * e)) - math.log(2)).mean()",
    ].join("\n"),
  },
};

if (!isLoss(LOG_COSH.id)) registerLoss(LOG_COSH);

const SPEC = (loss: string) =>
  JSON.stringify({
    data: { source: "plane", samples: 120 },
    layers: [{ units: 2 }, { units: 6, activation: "tanh" }, { units: 1 }],
    loss,
    optimizer: { type: "adam", learningRate: 0.02 },
    training: { epochs: 40, batchSize: 16 },
  });

describe("a loss defined only in this test, registered", () => {
  it("is accepted by the spec and listed with the others", () => {
    assert.ok(lossNames().includes(LOG_COSH.id));
    const loaded = loadText(SPEC(LOG_COSH.id));
    assert.equal(loaded.spec.loss, LOG_COSH.id);
  });

  it("trains: the loss falls, and the epoch's loss is the record's mean over the samples", () => {
    const trainer = new Trainer(loadText(SPEC(LOG_COSH.id)));
    const first = trainer.stepEpoch();
    let last = first;
    while (!trainer.finished) last = trainer.stepEpoch() ?? last;
    assert.ok(first && last);
    assert.ok(last.loss < first.loss / 3, `${first.loss} → ${last.loss}`);
    // Validation loss by hand with the trained network: the mean of ln cosh(a − t).
    const { validation } = trainer;
    const net = trainer.net;
    let sum = 0;
    for (let r = 0; r < validation.rows; r++) {
      net.inputBuffer(1).set(validation.x.subarray(r * 2, r * 2 + 2) as Float64Array);
      const a = net.forward(1)[0];
      sum += logCosh(a - (validation.targets?.[r] ?? Number.NaN));
    }
    assert.ok(Math.abs((last.valLoss ?? Number.NaN) - sum / validation.rows) < 1e-12);
  });

  it("backpropagates: every weight's and bias's gradient matches a central difference of the loss", () => {
    const loaded = loadText(SPEC(LOG_COSH.id));
    const trainer = new Trainer(loaded);
    const net: Network = trainer.net;
    const rows = 7;
    const x = (loaded.train.x as Float64Array).slice(0, rows * 2);
    const targets = (loaded.train.targets as Float64Array).slice(0, rows);
    const meanLoss = () => {
      net.inputBuffer(rows).set(x);
      net.forward(rows);
      return net.lossSum(LOG_COSH.id, targets) / rows;
    };
    meanLoss();
    net.backward(LOG_COSH.id, targets);
    const analytic = [...net.gradWeights, ...net.gradBiases].map((g) => Float64Array.from(g));
    const h = 1e-6;
    [...net.weights, ...net.biases].forEach((params, p) => {
      for (let i = 0; i < params.length; i++) {
        const keep = params[i];
        params[i] = keep + h;
        const up = meanLoss();
        params[i] = keep - h;
        const down = meanLoss();
        params[i] = keep;
        const numeric = (up - down) / (2 * h);
        assert.ok(Math.abs(numeric - analytic[p][i]) < 1e-8 * Math.max(1, Math.abs(numeric)), `parameter ${p}[${i}]: ${numeric} vs ${analytic[p][i]}`);
      }
    });
  });

  it("has its card: the sample's formula, the rule, and ∂L/∂a = tanh(a − t) / n", () => {
    const loaded = loadText(SPEC(LOG_COSH.id));
    const trainer = new Trainer(loaded);
    const trace = traceSample(trainer.net, LOG_COSH.id, loaded.train, 0);
    const a = trace.output[0];
    const t = trace.target[0];
    assert.equal(trace.lossRule, LOG_COSH.rule);
    assert.ok(Math.abs(trace.loss - logCosh(a - t)) < 1e-15);
    assert.equal(trace.formula, `LogCosh = ln cosh(${num(a - t)}) = ${num(logCosh(a - t))}`);
    assert.equal(lossFormula(LOG_COSH.id, [a], [t], trace.loss), trace.formula);
    const output = trace.layers[trace.layers.length - 1];
    assert.ok(output.dLda && Math.abs(output.dLda[0] - Math.tanh(a - t)) < 1e-15);
  });

  it("exports: train.py defines the module and trains with it", () => {
    const { files, problems } = exportPyTorch(loadText(SPEC(LOG_COSH.id)));
    assert.deepEqual(problems, []);
    const script = files.find((f) => f.name === SCRIPT_FILE)?.text ?? "";
    assert.ok(script.includes("class LogCoshLoss(nn.Module):"));
    assert.ok(script.includes("    loss_fn = LogCoshLoss()"));
    assert.ok(script.indexOf("class LogCoshLoss") < script.indexOf("def main():"));
  });
});

/** Every .ts file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/**
 * Lines where an id's word means something else: Chart.js's linear scale type, and the
 * generated data set called "linear" (a line separates its classes).
 */
const otherMeaning = (id: string, path: string, line: string) =>
  id === "linear" && (/type: "linear"|"logarithmic"/.test(line) || path === "src/core/data/generators.ts");

describe("each id in one place", () => {
  const root = join(import.meta.dirname, "..", "..");
  const files = [...sourceFiles(join(root, "src")), ...sourceFiles(join(root, "webview"))].map((path) => ({
    path: path.slice(root.length + 1),
    lines: readFileSync(path, "utf8").split("\n"),
  }));
  for (const id of [...lossNames().filter((l) => l !== LOG_COSH.id), ...OPTIMIZERS, ...ACTIVATIONS]) {
    it(`"${id}" is written as a string literal in at most three source files`, () => {
      const literal = new RegExp(`["'\`]${id}["'\`]`);
      const found = files.filter(({ path, lines }) => lines.some((line) => literal.test(line) && !otherMeaning(id, path, line))).map((f) => f.path);
      assert.ok(found.length <= 3, `${id}: ${found.join(", ")}`);
    });
  }
});
