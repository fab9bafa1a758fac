/**
 * `npm run bench`: training speed of our core and TensorFlow.js (CPU and WASM backends) on the
 * same networks and data, in one run, as examples per second and ratios.
 * `npm run bench -- --json` prints one JSON object a line instead of the table.
 *
 * Our side runs with everything the training panel needs switched on: per-epoch loss and
 * accuracy on training and validation data, gradient statistics, update ratios, dead and
 * saturated unit counts, each unit's mean |δ|, the sampled distributions and their percentiles
 * over epochs, the findings, the confusion matrix, and every 100 ms (PANEL_WORK) a weights
 * snapshot, the weight histograms, the current distributions' histograms, the percentile
 * series, the per-unit gradients and (for 2-D data) a 64×64 decision-boundary grid and each
 * drawn unit's 20×20 picture, as the worker sends them. Afterwards each piece of the panel's
 * work and each statistic of the training loop is timed on its own.
 *
 * The machine is shared and its speed changes from second to second, so each implementation is
 * measured in ROUNDS turns, taking turns (ours, TensorFlow.js CPU, WASM, ours, …): the speeds
 * printed are the medians of the rounds, the ratios the medians of each round's ratios, so a
 * slow spell weighs on both sides of a ratio instead of on one. The spiral's turns are short
 * (a third of a second) and many, so that a spell of a second or two falls on few of them.
 *
 * Then data loading: an MNIST-shaped CSV loaded by our `check` path and by the fastest CSV
 * parser we found, each in its own process (bench/dataLoading.ts); last, the host's event loop.
 * `--landscape` measures only the loss landscape's cost (bench/landscape.ts); `--dropout` only
 * dropout's (bench/dropout.ts); `--split` only whether splitting a batch across two threads pays
 * (bench/batchSplit.ts).
 */
import { join } from "node:path";
import { Optimizer } from "../src/core/nn/optimizers";
import { DistributionRecorder } from "../src/core/train/distributions";
import { findings } from "../src/core/train/findings";
import { StepTracker } from "../src/core/train/steps";
import { Trainer } from "../src/core/train/trainer";
import { UnitActivity } from "../src/core/train/unitActivity";
import { weightHistograms } from "../src/core/train/weightHistograms";
import { drawnUnits } from "../src/protocol/diagramUnits";
import { measureBatchSplit } from "./batchSplit";
import { isSplitWorker, runSplitWorker } from "./batchSplitShared";
import { type BenchCase, digitsCase, mnistShapedCase, spiralCase } from "./cases";
import { density, mnistShaped } from "./data";
import { loadInChild, measureDataLoading } from "./dataLoading";
import { dropoutCost, dropoutLine } from "./dropout";
import { measureHostLag } from "./hostLag";
import { FILES, imageLoading } from "./imageLoading";
import { landscapeCost, landscapeLines } from "./landscape";
import { plainLoopRunner } from "./plainLoop";
import { tfjsIdxEpochInChild } from "./tfjsEpoch";
import { tfjsExamplesPerSecond, useBackend } from "./tfjsRunner";

const json = process.argv.includes("--json");
const SECONDS = Number(process.env.NNSPEC_BENCH_SECONDS ?? 3);
/**
 * Turns each implementation takes per case, SECONDS / ROUNDS each (a TensorFlow.js turn trains
 * whole epochs, which for mnist-shaped take longer than a turn: more turns would only lengthen it).
 */
const ROUNDS: Record<BenchCase["name"], number> = { spiral: 9, "mnist-shaped": 3, digits: 3 };

/** What the worker computes for each panel update (every 100 ms), piece by piece. */
const PANEL_WORK: Record<string, (trainer: Trainer) => unknown> = {
  boundary: (trainer) => trainer.boundary(64),
  "unit pictures": (trainer) => trainer.neuronMaps(20, (k) => drawnUnits(trainer.spec.sizes[k])),
  "weight histograms": (trainer) => weightHistograms(trainer.net.weights),
  distributions: (trainer) => trainer.distributions(),
  "percentile series": (trainer) => trainer.distributionHistory(),
  "unit gradients": (trainer) => trainer.unitGradients(),
  confusion: (trainer) => trainer.confusion(),
  weights: (trainer) => trainer.weights(),
};

/** Our trainer with the panel's work; each call trains on for `seconds` (one run across rounds). */
function nnspecRunner(c: BenchCase): (seconds: number) => number {
  const trainer = new Trainer(c.loaded);
  let lastPanelUpdate = 0;
  const epoch = () => {
    trainer.stepEpoch();
    const now = performance.now();
    if (now - lastPanelUpdate >= 100) {
      for (const work of Object.values(PANEL_WORK)) work(trainer);
      lastPanelUpdate = now;
    }
  };
  epoch(); // warm-up, as for TensorFlow.js
  return (seconds) => {
    const started = performance.now();
    let epochs = 0;
    while (performance.now() - started < seconds * 1000) {
      epoch();
      epochs++;
    }
    if (trainer.failure) throw new Error(trainer.failure.message);
    return (epochs * c.trainRows) / ((performance.now() - started) / 1000);
  };
}

/** Milliseconds per panel update of each piece of PANEL_WORK, after `epochs` epochs of training. */
function panelWorkMs(c: BenchCase, epochs = 50, repeats = 50): Record<string, number> {
  const trainer = new Trainer(c.loaded);
  for (let e = 0; e < epochs; e++) trainer.stepEpoch();
  const out: Record<string, number> = {};
  for (const [name, work] of Object.entries(PANEL_WORK)) {
    work(trainer);
    const started = performance.now();
    for (let i = 0; i < repeats; i++) work(trainer);
    out[name] = (performance.now() - started) / repeats;
  }
  return out;
}

/**
 * Microseconds each statistic of the training loop costs, timed on its own on the network's
 * buffers as training leaves them (a throughput difference between runs with and without it
 * would drown in the machine's noise): per batch, and per epoch for what runs once an epoch.
 * A training batch and epoch are timed alongside for scale.
 */
function statisticsCostUs(c: BenchCase, repeats = 2000): Record<string, number> {
  const trainer = new Trainer(c.loaded);
  for (let e = 0; e < 20; e++) trainer.stepEpoch();
  const time = (work: () => void, n = repeats) => {
    work();
    const started = performance.now();
    for (let i = 0; i < n; i++) work();
    return ((performance.now() - started) / n) * 1000;
  };
  const batch = time(() => trainer.stepBatch(), repeats);
  trainer.stepBatch(); // the buffers now hold a training batch's passes (not the last of its epoch)
  const rows = c.batchSize;
  const net = trainer.net;
  const activity = new UnitActivity(net, c.batchSize, trainer.batchesPerEpoch);
  const steps = new StepTracker(net.weights);
  const recorder = new DistributionRecorder(net);
  const optimizer = new Optimizer({ ...trainer.spec.optimizer });
  const context = {
    task: trainer.spec.task,
    activations: trainer.spec.activations,
    loss: trainer.loss,
    optimizer: trainer.spec.optimizer.type,
    learningRate: trainer.learningRate,
    clipNorm: null,
    init: null,
    regularized: false,
    chanceLoss: 0.69,
    targetSpread: 0.5,
    initialLoss: 0.7,
    bestValidation: null,
  };
  const copy = net.weights.map((w) => w.slice());
  let kept = 0;
  return {
    "a training batch, all of it": batch,
    "per batch: the dead and saturated counts that were there before, and on counted batches (every k-th) the output spread": time(() =>
      activity.afterForward(rows, 0),
    ),
    "per counted batch: each unit's |δ|": time(() => activity.afterBackward(rows, 0)),
    "per batch: the optimizer's whole update, Σ step² included": time(() => {
      for (let k = 0; k < copy.length; k++) optimizer.update(copy[k], net.gradWeights[k]);
    }),
    "per sampled batch (until 32 samples: the first batch of each epoch here): the distribution sample": time(() => {
      recorder.beginEpoch(1);
      recorder.take(rows);
    }),
    "per epoch: update ratios and step direction": time(() => {
      steps.beginEpoch();
      steps.endEpoch();
    }),
    // Epoch numbers that are multiples of every stride the series reaches, so each one is kept.
    "per kept epoch: the sample and its percentiles": time(() => {
      kept += 2 ** 20;
      recorder.beginEpoch(kept);
      recorder.take(rows);
      recorder.endEpoch();
    }, 500),
    "per epoch: findings": time(() => findings(trainer.history, context)),
  };
}

type Impl = "nnspec" | "tfjs-cpu" | "tfjs-wasm" | "plain-loop";
/** Per case and implementation, the examples per second of each round. */
const results: { case: string; impl: Impl; round: number; examplesPerSec: number }[] = [];

async function measure(): Promise<void> {
  for (const c of [spiralCase(), mnistShapedCase(), digitsCase()]) {
    const ours = nnspecRunner(c);
    // The scalar limit, for the spiral only: plain unrolled loops without a single statistic.
    const plain = c.name === "spiral" ? plainLoopRunner(c) : null;
    const seconds = SECONDS / ROUNDS[c.name];
    // Round 0 is not counted: first turns run slower (the JIT's tiers, TensorFlow.js's kernels
    // and memory); counted, the spiral's first ratio came out up to twice the median.
    for (let round = 0; round <= ROUNDS[c.name]; round++) {
      const record = (impl: Impl, examplesPerSec: number) => {
        if (round === 0) return;
        results.push({ case: c.name, impl, round, examplesPerSec });
        if (json) console.log(JSON.stringify({ case: c.name, impl, round, examplesPerSec: Math.round(examplesPerSec) }));
        else
          console.error(`  ${c.name.padEnd(13)} ${impl.padEnd(10)} round ${round} ${Math.round(examplesPerSec).toLocaleString("en").padStart(10)} examples/s`);
      };
      record("nnspec", ours(seconds));
      if (plain) record("plain-loop", plain(seconds));
      await useBackend("cpu");
      record("tfjs-cpu", await tfjsExamplesPerSecond(c, seconds));
      await useBackend("wasm");
      record("tfjs-wasm", await tfjsExamplesPerSecond(c, seconds));
    }
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function printTable(): void {
  const rounds = (name: string, impl: Impl) => results.filter((r) => r.case === name && r.impl === impl).map((r) => r.examplesPerSec);
  const speed = (name: string, impl: Impl) => median(rounds(name, impl));
  const targets: Record<string, Partial<Record<Impl, number>>> = {
    spiral: { "tfjs-cpu": 10 },
    "mnist-shaped": { "tfjs-cpu": 4, "tfjs-wasm": 2 },
    digits: { "tfjs-cpu": 4, "tfjs-wasm": 2 },
  };
  console.log(
    `\nTraining speed, examples per second (2-core machine, ${SECONDS} s per implementation in ${ROUNDS.spiral} turns for the spiral and ${ROUNDS["mnist-shaped"]} for mnist-shaped, medians; mnist-shaped inputs ${(density(mnistShaped()) * 100).toFixed(0)}% non-zero)\n`,
  );
  console.log("case           nnspec      tfjs-cpu    tfjs-wasm   nnspec÷cpu     nnspec÷wasm");
  for (const name of ["spiral", "mnist-shaped", "digits"]) {
    const ours = speed(name, "nnspec");
    const ratio = (impl: Impl) => {
      const theirs = rounds(name, impl);
      const r = median(rounds(name, "nnspec").map((v, i) => v / theirs[i]));
      const target = targets[name][impl];
      return `${r.toFixed(1)}×${target === undefined ? "" : r >= target ? ` (≥${target}× ✓)` : ` (<${target}× ✗)`}`.padEnd(15);
    };
    const n = (v: number) => Math.round(v).toLocaleString("en").padEnd(12);
    console.log(`${name.padEnd(15)}${n(ours)}${n(speed(name, "tfjs-cpu"))}${n(speed(name, "tfjs-wasm"))}${ratio("tfjs-cpu")}${ratio("tfjs-wasm")}`);
  }
  for (const name of ["spiral", "mnist-shaped", "digits"]) {
    const byRound = (impl: Impl) => {
      const theirs = rounds(name, impl);
      return rounds(name, "nnspec")
        .map((v, i) => `${(v / theirs[i]).toFixed(1)}×`)
        .join(" ");
    };
    const wasmTarget = targets[name]["tfjs-wasm"];
    const slowest = Math.min(...rounds(name, "nnspec").map((v, i) => v / rounds(name, "tfjs-wasm")[i]));
    const everyRound = wasmTarget === undefined ? "" : slowest >= wasmTarget ? ` (every round ≥${wasmTarget}× ✓)` : ` (a round <${wasmTarget}× ✗)`;
    console.log(`  ${name}, round by round: nnspec÷cpu ${byRound("tfjs-cpu")}, nnspec÷wasm ${byRound("tfjs-wasm")}${everyRound}`);
  }
  const plainRounds = rounds("spiral", "plain-loop");
  const plainRatio = median(rounds("spiral", "nnspec").map((v, i) => v / plainRounds[i]));
  console.log(
    `  spiral beside plain 4×-unrolled Float64 loops without statistics (${Math.round(speed("spiral", "plain-loop")).toLocaleString("en")} examples/s):` +
      ` nnspec÷plain ${plainRatio.toFixed(2)}×${plainRatio >= 0.9 ? " (≥0.9× ✓)" : " (<0.9× ✗)"}, rounds ${rounds("spiral", "nnspec")
        .map((v, i) => `${(v / plainRounds[i]).toFixed(2)}×`)
        .join(" ")}`,
  );
}

async function hostLag(): Promise<void> {
  const lag = await measureHostLag(join(process.cwd(), "dist", "runWorker.js"), SECONDS * 2);
  if (json) console.log(JSON.stringify({ case: "host-event-loop", impl: "nnspec", ...lag }));
  else
    console.log(
      `\nExtension host while 784→128→64→10 trains in its worker (${lag.seconds.toFixed(1)} s, ${lag.updates} updates relayed):` +
        ` event-loop delay p50 ${lag.p50Ms.toFixed(2)} ms, p99 ${lag.p99Ms.toFixed(2)} ms, max ${lag.maxMs.toFixed(2)} ms`,
    );
}

function dataLoading(): void {
  const { fileBytes, float64Bytes, results } = measureDataLoading(process.argv[1]);
  const best = (impl: "nnspec" | "udsv") => {
    const runs = results.filter((r) => r.impl === impl);
    return { ms: Math.min(...runs.map((r) => r.ms)), peakBytes: Math.min(...runs.map((r) => r.peakBytes)) };
  };
  const ours = best("nnspec");
  const peer = best("udsv");
  if (json) {
    for (const [impl, b] of [
      ["nnspec", ours],
      ["udsv", peer],
    ] as const)
      console.log(JSON.stringify({ case: "csv-loading", impl, ms: Math.round(b.ms), peakMB: Math.round(b.peakBytes / 1e6) }));
    return;
  }
  const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
  console.log(
    `\nLoading an MNIST-shaped CSV (10,000 × 785, ${mb(fileBytes)}; its numbers as Float64: ${mb(float64Bytes)}), best of ${results.length / 2} runs each in its own process:`,
  );
  console.log(`  nnspec check  ${ours.ms.toFixed(0).padStart(6)} ms, peak ${mb(ours.peakBytes)} (${(ours.peakBytes / float64Bytes).toFixed(1)}× the data)`);
  console.log(`  uDSV          ${peer.ms.toFixed(0).padStart(6)} ms, peak ${mb(peer.peakBytes)} (${(peer.peakBytes / float64Bytes).toFixed(1)}× the data)`);
  const faster = peer.ms / ours.ms;
  console.log(
    `  nnspec is ${faster.toFixed(1)}× as fast${faster >= 1 ? " (≥1× ✓)" : " (<1× ✗)"}, peak memory ${(ours.peakBytes / float64Bytes).toFixed(1)}× the data${ours.peakBytes <= 3 * float64Bytes ? " (≤3× ✓)" : " (>3× ✗)"}`,
  );
}

function costs(): void {
  for (const c of [spiralCase(), mnistShapedCase()]) {
    const panel = panelWorkMs(c);
    const stats = statisticsCostUs(c);
    if (json) {
      console.log(JSON.stringify({ case: c.name, panelWorkMs: panel, statisticsUs: stats }));
      continue;
    }
    console.log(
      `\n${c.name}: the panel's work per update, ms: ${Object.entries(panel)
        .map(([k, v]) => `${k} ${v.toFixed(3)}`)
        .join(" · ")}`,
    );
    console.log(
      `${c.name}: statistics, µs: ${Object.entries(stats)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(" · ")}`,
    );
  }
}

function landscape(): void {
  const m = landscapeCost(spiralCase());
  if (json) console.log(JSON.stringify({ case: "spiral-landscape", impl: "nnspec", ...m }));
  else for (const line of landscapeLines("spiral", m)) console.log(line);
}

function dropout(): void {
  for (const c of [spiralCase(), mnistShapedCase()]) {
    const m = dropoutCost(c);
    if (json) console.log(JSON.stringify({ case: `${c.name}-dropout`, impl: "nnspec", ...m }));
    else console.log(dropoutLine(c.name, m));
  }
}

const loadCsv = process.argv.indexOf("--load-csv");
const tfjsEpoch = process.argv.indexOf("--tfjs-idx-epoch");
if (isSplitWorker()) runSplitWorker();
else if (process.argv.includes("--split")) void measureBatchSplit(process.argv[1], json);
else if (process.argv.includes("--landscape")) landscape();
else if (process.argv.includes("--dropout")) dropout();
else if (tfjsEpoch !== -1) void tfjsIdxEpochInChild(process.argv[tfjsEpoch + 1], FILES);
else if (loadCsv !== -1) loadInChild(process.argv[loadCsv + 1] as "nnspec" | "udsv", process.argv[loadCsv + 2]);
else
  measure()
    .then(() => {
      if (!json) printTable();
      costs();
      landscape();
      dropout();
    })
    .then(dataLoading)
    .then(() => imageLoading(json))
    .then(hostLag);
