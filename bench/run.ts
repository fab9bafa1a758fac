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
 * work is timed on its own and printed in milliseconds per update.
 */
import { join } from "node:path";
import { Optimizer } from "../src/core/nn/optimizers";
import { DistributionRecorder } from "../src/core/train/distributions";
import { findings } from "../src/core/train/findings";
import { StepTracker } from "../src/core/train/steps";
import { Trainer } from "../src/core/train/trainer";
import { UnitActivity } from "../src/core/train/unitActivity";
import { weightHistograms } from "../src/core/train/weightHistograms";
import { drawnUnits } from "../src/diagramUnits";
import { type BenchCase, mnistShapedCase, spiralCase } from "./cases";
import { density, mnistShaped } from "./data";
import { measureHostLag } from "./hostLag";
import { tfjsExamplesPerSecond, useBackend } from "./tfjsRunner";

const json = process.argv.includes("--json");
const SECONDS = Number(process.env.NNSPEC_BENCH_SECONDS ?? 3);

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

function nnspecExamplesPerSecond(c: BenchCase, seconds: number): number {
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
  const started = performance.now();
  let epochs = 0;
  while (performance.now() - started < seconds * 1000) {
    epoch();
    epochs++;
  }
  if (trainer.failure) throw new Error(trainer.failure.message);
  return (epochs * c.trainRows) / ((performance.now() - started) / 1000);
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
  return {
    "training batch (all of it)": batch,
    "per batch: unit activity (dead, saturated, output spread, unit |δ|)": time(() => {
      activity.afterForward(rows);
      activity.afterBackward(rows, 0);
    }),
    "per batch: Σ step² in the optimizer (whole update, for scale)": time(() => {
      for (let k = 0; k < copy.length; k++) optimizer.update(copy[k], net.gradWeights[k]);
    }),
    "per batch while sampling: distribution sample": time(() => {
      recorder.beginEpoch(1);
      recorder.take(rows);
    }),
    "per epoch: update ratios and step direction": time(() => {
      steps.beginEpoch();
      steps.endEpoch();
    }),
    "per kept epoch: percentiles of the sample": time(() => recorder.endEpoch(), 200),
    "per epoch: findings": time(() => findings(trainer.history, context)),
  };
}

type Impl = "nnspec" | "tfjs-cpu" | "tfjs-wasm";
const results: { case: string; impl: Impl; examplesPerSec: number }[] = [];

async function measure(): Promise<void> {
  for (const c of [spiralCase(), mnistShapedCase()]) {
    const record = (impl: Impl, examplesPerSec: number) => {
      results.push({ case: c.name, impl, examplesPerSec });
      if (json) console.log(JSON.stringify({ case: c.name, impl, examplesPerSec: Math.round(examplesPerSec) }));
      else console.error(`  ${c.name.padEnd(13)} ${impl.padEnd(10)} ${Math.round(examplesPerSec).toLocaleString("en").padStart(10)} examples/s`);
    };
    record("nnspec", nnspecExamplesPerSecond(c, SECONDS));
    await useBackend("cpu");
    record("tfjs-cpu", await tfjsExamplesPerSecond(c, SECONDS));
    await useBackend("wasm");
    record("tfjs-wasm", await tfjsExamplesPerSecond(c, SECONDS));
  }
}

function printTable(): void {
  const speed = (name: string, impl: Impl) => results.find((r) => r.case === name && r.impl === impl)?.examplesPerSec ?? Number.NaN;
  const targets: Record<string, Partial<Record<Impl, number>>> = { spiral: { "tfjs-cpu": 10 }, "mnist-shaped": { "tfjs-cpu": 4, "tfjs-wasm": 1 } };
  console.log(
    `\nTraining speed, examples per second (2-core machine, ${SECONDS} s per measurement; mnist-shaped inputs ${(density(mnistShaped()) * 100).toFixed(0)}% non-zero)\n`,
  );
  console.log("case           nnspec      tfjs-cpu    tfjs-wasm   nnspec÷cpu     nnspec÷wasm");
  for (const name of ["spiral", "mnist-shaped"]) {
    const ours = speed(name, "nnspec");
    const ratio = (impl: Impl) => {
      const r = ours / speed(name, impl);
      const target = targets[name][impl];
      return `${r.toFixed(1)}×${target === undefined ? "" : r >= target ? ` (≥${target}× ✓)` : ` (<${target}× ✗)`}`.padEnd(15);
    };
    const n = (v: number) => Math.round(v).toLocaleString("en").padEnd(12);
    console.log(`${name.padEnd(15)}${n(ours)}${n(speed(name, "tfjs-cpu"))}${n(speed(name, "tfjs-wasm"))}${ratio("tfjs-cpu")}${ratio("tfjs-wasm")}`);
  }
}

async function hostLag(): Promise<void> {
  const lag = await measureHostLag(join(process.cwd(), "dist", "worker.js"), SECONDS * 2);
  if (json) console.log(JSON.stringify({ case: "host-event-loop", impl: "nnspec", ...lag }));
  else
    console.log(
      `\nExtension host while 784→128→64→10 trains in its worker (${lag.seconds.toFixed(1)} s, ${lag.updates} updates relayed):` +
        ` event-loop delay p50 ${lag.p50Ms.toFixed(2)} ms, p99 ${lag.p99Ms.toFixed(2)} ms, max ${lag.maxMs.toFixed(2)} ms`,
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

measure()
  .then(() => {
    if (!json) printTable();
    costs();
  })
  .then(hostLag);
