/**
 * `npm run bench`: training speed of our core and TensorFlow.js (CPU and WASM backends) on the
 * same networks and data, in one run, as examples per second and ratios.
 * `npm run bench -- --json` prints one JSON object a line instead of the table.
 *
 * Our side runs with everything the training panel needs switched on: per-epoch loss and
 * accuracy on training and validation data, gradient statistics, dead and saturated unit
 * counts, the confusion matrix, and every 100 ms a weights snapshot, the weight histograms and
 * (for 2-D data) a 64×64 decision-boundary grid and each drawn unit's 20×20 picture, as the
 * worker sends them.
 *
 * Then data loading: an MNIST-shaped CSV loaded by our `check` path and by the fastest CSV
 * parser we found, each in its own process (bench/dataLoading.ts); last, the host's event loop.
 */
import { join } from "node:path";
import { Trainer } from "../src/core/train/trainer";
import { weightHistograms } from "../src/core/train/weightHistograms";
import { drawnUnits } from "../src/diagramUnits";
import { type BenchCase, mnistShapedCase, spiralCase } from "./cases";
import { density, mnistShaped } from "./data";
import { loadInChild, measureDataLoading } from "./dataLoading";
import { measureHostLag } from "./hostLag";
import { tfjsExamplesPerSecond, useBackend } from "./tfjsRunner";

const json = process.argv.includes("--json");
const SECONDS = Number(process.env.NNSPEC_BENCH_SECONDS ?? 3);

function nnspecExamplesPerSecond(c: BenchCase, seconds: number): number {
  const trainer = new Trainer(c.loaded);
  let lastPanelUpdate = 0;
  const epoch = () => {
    trainer.stepEpoch();
    const now = performance.now();
    if (now - lastPanelUpdate >= 100) {
      trainer.boundary(64);
      trainer.neuronMaps(20, (k) => drawnUnits(trainer.spec.sizes[k]));
      weightHistograms(trainer.net.weights);
      trainer.confusion();
      trainer.weights();
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

const loadCsv = process.argv.indexOf("--load-csv");
if (loadCsv !== -1) loadInChild(process.argv[loadCsv + 1] as "nnspec" | "udsv", process.argv[loadCsv + 2]);
else
  measure()
    .then(() => {
      if (!json) printTable();
    })
    .then(dataLoading)
    .then(hostLag);
