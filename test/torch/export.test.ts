/**
 * The exported PyTorch script against NNSpec's own training: the same spec trained 20 epochs by
 * the Trainer and by the script (run with a real Python and PyTorch), every epoch's JSON line
 * compared field by field within 1e-9 relative, and the final weights too. Prints the worst
 * relative difference seen for each field. The script prints every field NNSpec's lines have,
 * but those NOT_PRINTED names with its reason.
 *
 * Needs a Python that imports torch (see python.ts); without one it fails, saying how to get one.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { main } from "../../src/cli/main";
import { exportPyTorch, type PyTorchOptions, SCRIPT_FILE } from "../../src/core/export/pytorch";
import { loadSpec } from "../../src/core/spec/load";
import type { EpochMetrics } from "../../src/core/train/metrics";
import { Trainer } from "../../src/core/train/trainer";
import type { WeightsJson } from "../../src/core/weights/weightsFile";
import { EXAMPLES_DIR } from "../helpers/examples";
import { type Case, exampleCases, specCases } from "./cases";
import { findTorchPython, runScript, runTorchrun, type TorchPython } from "./python";

const EPOCHS = 20;
const TOLERANCE = 1e-9;
/** Under torchrun: the gradients are averaged over the processes, whose sums add in another order. */
const DISTRIBUTED_TOLERANCE = 1e-12;
/**
 * Under torchrun, the figures that are small differences of nearly equal numbers, which the
 * last bits of the weights move most: the spread of outputs that all but tie (zero weights at the
 * start), the log of a step a millionth of its weight, the cosine of two nearly equal steps, and
 * the bias gradient of a run stalled on a flat place, a mean of per-sample δ that all but cancel
 * (xor-stall: 3.6e-5 from terms near 0.1, so the last bit of each term is 1e-12 of the mean).
 * Measured at worst 5.3e-11 (outputSpread, zeros init), 3.2e-12 (updateRatio, softplus) and
 * 1.2e-12 (the bias gradient, xor-stall).
 */
const ILL_CONDITIONED: Record<string, number> = {
  outputSpread: 1e-10,
  "gradients.updateRatio": 1e-10,
  stepCosine: 1e-10,
  "gradients.biasMeanAbs": 1e-10,
  "gradients.biasMaxAbs": 1e-10,
  "gradients.biasRms": 1e-10,
};

let python: TorchPython;

before(() => {
  const found = findTorchPython();
  if ("error" in found) assert.fail(found.error);
  python = found;
  console.log(`PyTorch ${python.torchVersion} (${python.command})`);
});

/** Worst relative difference per field, over every case. */
const worst = new Map<string, { diff: number; where: string }>();

after(() => {
  const rows = [...worst.entries()].sort(([a], [b]) => a.localeCompare(b));
  console.log(`worst relative difference per field (PyTorch ${python?.torchVersion}):`);
  for (const [field, { diff, where }] of rows) console.log(`  ${field.padEnd(28)} ${diff.toExponential(2)}  ${diff > 0 ? where : ""}`);
});

const parse = (line: string): unknown => JSON.parse(line);

/**
 * The fields of "nnspec train --json"'s lines (`gradients[].x`: a field of each entry) that the
 * script prints, as NNSpec does.
 */
const PRINTED = [
  "epoch",
  "loss",
  "accuracy",
  "valLoss",
  "valAccuracy",
  "gradients",
  "gradients[].layer",
  "gradients[].meanAbs",
  "gradients[].maxAbs",
  "gradients[].rms",
  "gradients[].biasMeanAbs",
  "gradients[].biasMaxAbs",
  "gradients[].biasRms",
  "gradients[].deadShare",
  "gradients[].saturatedShare",
  "gradients[].updateRatio",
  "outputSpread",
  "stepCosine",
];

/** The fields of NNSpec's lines the script leaves out (with whatever is inside them), and why. */
const NOT_PRINTED: Record<string, string> = {
  findings: "NNSpec's readings of the numbers (findings.ts), in its words and translations; the script prints the numbers they read",
};

/** The fields of an epoch's line, as PRINTED names them; those in `leftOut` with whatever is inside them left out. */
function fieldsOf(value: unknown, leftOut: readonly string[] = [], prefix = ""): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => fieldsOf(v, leftOut, `${prefix}[].`)))];
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const field = prefix + key;
    return leftOut.includes(field) ? [] : [field, ...fieldsOf(v, leftOut, field)];
  });
}

/**
 * That NNSpec's lines have exactly the fields PRINTED and NOT_PRINTED name (a field added to
 * "nnspec train --json" fails here until the script prints it or NOT_PRINTED says why not), and
 * that the script's lines have exactly those PRINTED.
 */
function assertFields(ours: readonly unknown[], theirs: readonly unknown[], where: string): void {
  const expected = [...PRINTED].sort();
  const notPrinted = Object.keys(NOT_PRINTED);
  const unlisted = "; print it in the export (src/core/export) and add it to PRINTED, or add it to NOT_PRINTED with the reason";
  ours.forEach((line, i) => {
    assert.deepEqual(fieldsOf(line, notPrinted).sort(), expected, `${where}, epoch ${i + 1}: NNSpec's fields${unlisted}`);
    for (const field of notPrinted) assert.ok(field in (line as object), `NNSpec no longer prints ${field}: remove it from NOT_PRINTED`);
  });
  theirs.forEach((line, i) => {
    assert.deepEqual(fieldsOf(line).sort(), expected, `${where}, epoch ${i + 1}: the script's fields`);
  });
}

function relative(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Compares NNSpec's value with the script's, recursively, over the fields both print
 * (assertFields checks which those are); records each number's relative difference and returns
 * the places where it exceeds the tolerance.
 */
function compare(ours: unknown, theirs: unknown, field: string, where: string, out: string[], tolerance: number | Record<string, number> = TOLERANCE): void {
  if (typeof ours === "number" && typeof theirs === "number") {
    const diff = relative(ours, theirs);
    const seen = worst.get(field);
    if (!seen || diff > seen.diff) worst.set(field, { diff, where });
    const allowed = typeof tolerance === "number" ? tolerance : (tolerance[field] ?? DISTRIBUTED_TOLERANCE);
    if (!(diff <= allowed)) out.push(`${where} ${field}: NNSpec ${ours}, PyTorch ${theirs} (relative ${diff.toExponential(2)})`);
  } else if (Array.isArray(ours) && Array.isArray(theirs)) {
    if (ours.length !== theirs.length) out.push(`${where} ${field}: ${ours.length} entries in NNSpec, ${theirs.length} in PyTorch`);
    else for (let i = 0; i < ours.length; i++) compare(ours[i], theirs[i], field, `${where}[${i}]`, out, tolerance);
  } else if (ours && theirs && typeof ours === "object" && typeof theirs === "object") {
    const o = ours as Record<string, unknown>;
    const t = theirs as Record<string, unknown>;
    for (const key of Object.keys(o)) if (key in t) compare(o[key], t[key], field ? `${field}.${key}` : key, where, out, tolerance);
  } else if (ours !== theirs) out.push(`${where} ${field}: NNSpec ${JSON.stringify(ours)}, PyTorch ${JSON.stringify(theirs)}`);
}

/** The differences beyond the tolerance between NNSpec's epoch lines and the script's. */
function compareLines(ours: readonly unknown[], theirs: readonly unknown[], where: string, tolerance: number | Record<string, number> = TOLERANCE): string[] {
  const out: string[] = [];
  if (ours.length !== theirs.length) out.push(`${where}: ${ours.length} epochs in NNSpec, ${theirs.length} in PyTorch`);
  for (let i = 0; i < ours.length; i++) compare(ours[i], theirs[i], "", `${where}, epoch ${i + 1}`, out, tolerance);
  return out;
}

function load(c: Case, epochs: number) {
  const result = loadSpec(c.text, c.files, { epochs });
  assert.ok(result.loaded, JSON.stringify(result.diagnostics.map((d) => d.message)));
  return result.loaded;
}

function nnspecRun(c: Case, epochs: number): { lines: EpochMetrics[]; weights: WeightsJson } {
  const trainer = new Trainer(load(c, epochs));
  const lines: EpochMetrics[] = [];
  while (!trainer.finished) {
    const m = trainer.stepEpoch();
    if (m) lines.push(m);
  }
  assert.equal(trainer.failure, null, trainer.failure?.message);
  return { lines, weights: trainer.weights() };
}

/** Writes the export of `c` into a new folder; returns the script's path. */
function exportCase(c: Case, epochs: number, options: PyTorchOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "nnspec-torch-"));
  const result = exportPyTorch(load(c, epochs), options);
  assert.deepEqual(
    result.problems.filter((p) => p.severity === "error"),
    [],
  );
  for (const file of result.files) writeFileSync(join(dir, file.name), file.text);
  return join(dir, SCRIPT_FILE);
}

async function pytorchRun(script: string, args: string[] = [], processes = 1): Promise<{ lines: unknown[]; weights: unknown }> {
  const weightsFile = join(script, "..", "trained.json");
  const all = [...args, "--save-weights", weightsFile];
  const r = processes === 1 ? await runScript(python.command, script, all) : await runTorchrun(python.command, script, processes, all);
  assert.equal(r.code, 0, `${script} failed:\n${r.stderr}`);
  const lines = r.stdout.trim().split("\n").map(parse);
  return { lines, weights: JSON.parse(readFileSync(weightsFile, "utf8")) };
}

async function assertSameTraining(c: Case, processes = 1, tolerance: number | Record<string, number> = TOLERANCE): Promise<void> {
  const ours = nnspecRun(c, EPOCHS);
  const theirs = await pytorchRun(exportCase(c, EPOCHS), [], processes);
  assertFields(ours.lines, theirs.lines, c.name);
  const problems = compareLines(ours.lines, theirs.lines, c.name, tolerance);
  // The weights are no epoch figure: a weight near 0 that Adam moves keeps its absolute error,
  // so its relative one is large; they are held to the single process's tolerance.
  compare(ours.weights, theirs.weights, "final weights", `${c.name}, final`, problems);
  assert.deepEqual(problems.slice(0, 10), [], `${problems.length} differences`);
}

describe(`the exported script trains as NNSpec does, ${EPOCHS} epochs, within ${TOLERANCE} relative`, { concurrency: 2 }, () => {
  for (const c of [...exampleCases(), ...specCases()]) it(c.name, () => assertSameTraining(c));
});

/**
 * Every case again on two processes, each with half of every batch: among them batches that do
 * not divide by 2 (a 7-row batch, short last batches, one of a single row), the full batch,
 * regularization and clipping (applied to the averaged gradients), and images.
 */
describe(`under torchrun --nproc_per_node=2 (gloo, CPU): every example and coverage spec, every epoch figure within ${DISTRIBUTED_TOLERANCE} relative (the ill-conditioned ones 1e-10)`, () => {
  for (const c of [...exampleCases(), ...specCases()]) it(c.name, () => assertSameTraining(c, 2, ILL_CONDITIONED));
});

describe("the exported script's other ways to run", { concurrency: 2 }, () => {
  const spiral = exampleCases().find((c) => c.name.includes("spiral"));
  assert.ok(spiral);

  it("nnspec export's files, run with no arguments, print what nnspec train --json prints (dog-cat, all 100 epochs)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnspec-torch-cli-"));
    const spec = join(EXAMPLES_DIR, "dog-cat.nnspec.json");
    const messages: string[] = [];
    assert.equal(
      await main(
        ["export", spec, "--pytorch", "-o", dir],
        (s) => messages.push(s),
        (s) => messages.push(s),
        false,
      ),
      0,
      messages.join("\n"),
    );
    const out: string[] = [];
    assert.equal(
      await main(
        ["train", spec, "--json"],
        (s) => out.push(s),
        () => {},
        false,
      ),
      0,
    );
    const r = await runScript(python.command, join(dir, SCRIPT_FILE));
    assert.equal(r.code, 0, r.stderr);
    const theirs = r.stdout.trim().split("\n");
    assert.equal(theirs.length, 100);
    assertFields(out.map(parse), theirs.map(parse), "dog-cat");
    assert.deepEqual(compareLines(out.map(parse), theirs.map(parse), "dog-cat").slice(0, 10), []);
  });

  it("--dtype float32 trains in single precision: close to NNSpec's numbers, not equal", async () => {
    const ours = nnspecRun(spiral, 5);
    const theirs = await pytorchRun(exportCase(spiral, 5), ["--dtype", "float32"]);
    const loss = (theirs.lines as EpochMetrics[]).map((l) => l.loss);
    ours.lines.forEach((line, i) => {
      assert.ok(relative(line.loss, loss[i]) < 1e-4, `epoch ${i + 1}: ${line.loss} vs ${loss[i]}`);
    });
    assert.ok(
      ours.lines.some((line, i) => relative(line.loss, loss[i]) > 1e-12),
      "float32 should not reproduce float64 to the last digits",
    );
  });

  it("--device cuda on a machine whose PyTorch sees no GPU says so and trains on the CPU, to NNSpec's numbers", async (t) => {
    const gpu = spawnSync(python.command, ["-c", "import torch; print(torch.cuda.is_available())"], { encoding: "utf8" }).stdout.trim();
    if (gpu === "True") return t.skip("this machine has a CUDA GPU; the fallback is for those without");
    const script = exportCase(spiral, 3);
    const r = await runScript(python.command, script, ["--device", "cuda"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /--device cuda: this PyTorch sees no CUDA GPU, so it trains on the CPU/);
    const lines = r.stdout.trim().split("\n").map(parse);
    assert.deepEqual(compareLines(nnspecRun(spiral, 3).lines, lines, "cuda fallback"), []);
  });

  it("--dataloader trains on PyTorch's shuffled batches: the same data, another order", async () => {
    const ours = nnspecRun(spiral, 5);
    const theirs = await pytorchRun(exportCase(spiral, 5), ["--dataloader"]);
    const lines = theirs.lines as EpochMetrics[];
    assert.equal(lines.length, 5);
    for (const line of lines) assert.ok(Number.isFinite(line.loss) && line.accuracy >= 0 && line.accuracy <= 1);
    assert.notEqual(lines[0].loss, ours.lines[0].loss);
  });

  it("exported with --dataloader and float32 as defaults, the script takes them back with --no-dataloader --dtype float64", async () => {
    const ours = nnspecRun(spiral, 3);
    const script = exportCase(spiral, 3, { dataLoader: true, dtype: "float32" });
    const theirs = await pytorchRun(script, ["--no-dataloader", "--dtype", "float64"]);
    assert.deepEqual(compareLines(ours.lines, theirs.lines, "spiral"), []);
  });

  it("--onnx writes the trained model as ONNX", async (t) => {
    const check = await runScriptCode(
      "import torch, importlib.util; print(torch.__version__.startswith('1.') or importlib.util.find_spec('onnxscript') is not None)",
    );
    if (check.trim() !== "True") {
      t.skip(`PyTorch ${python.torchVersion} writes ONNX with the onnx and onnxscript packages, which this Python lacks`);
      return;
    }
    const script = exportCase(spiral, 2);
    const onnx = join(script, "..", "model.onnx");
    const r = await runScript(python.command, script, ["--onnx", onnx]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(readdirSync(join(script, "..")).includes("model.onnx"));
    const bytes = readFileSync(onnx);
    assert.ok(bytes.length > 500, `${bytes.length} bytes`);
    assert.ok(bytes.includes(Buffer.from("pytorch")), "an ONNX model names its producer");
  });
});

async function runScriptCode(code: string): Promise<string> {
  const r = await runScript(python.command, "-c", [code]);
  return r.stdout;
}
