/**
 * The host stays responsive and the workers within their memory at the limits: the spec checker
 * and training runs, driven by the extension's own host-side classes (SpecChecker, TrainingRun and
 * the host's file reading) with the real workers (dist/), fed the largest input each limit allows:
 * the longest spec text, a CSV just under the file-size limit with the most rows, the most
 * parameters (with two inputs, so the pictures are drawn too). The host's event-loop delay is
 * watched throughout (see MAX_HELD_MS); each worker's heap stays under its limit and its
 * typed arrays under the memory a run may need.
 */
import assert from "node:assert/strict";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { after, before, describe, it } from "node:test";
import { serialize } from "node:v8";
import { LIMITS } from "../../src/core/base/limits";
import { SpecChecker } from "../../src/extension/specChecker";
import { type RunSource, TrainingRun } from "../../src/extension/trainingRun";
import { readConfinedFile } from "../../src/node/nodeFiles";
import { collectRunEvents } from "../helpers/runEvents";

const DIST = join(import.meta.dirname, "..", "..", "dist");
/**
 * The longest a task may hold the host's loop. Measured here: about 20–70 ms at worst, the host's
 * part of starting a worker (about 10 ms alone, up to 40 ms beside busy workers on two cores) and
 * posting a spec of 2,000,000 characters (about 17 ms alone), often stretched by the thread being
 * taken off the CPU midway. The bound is a freeze a user would notice, well above that noise, so
 * that the test fails on work that grows with the data (parsing the CSV on the host takes seconds)
 * and not on a busy machine; what the host receives is bounded exactly (MAX_EVENT_BYTES).
 */
const MAX_HELD_MS = 250;
/**
 * The host's event-loop delay, as a user feels it (the 99th percentile: typing, scrolling and
 * the panel stay smooth), under the 50 ms the limits promise; measured here about 2–6 ms.
 */
const MAX_DELAY_P99_MS = 50;
/** The largest update a run may post: the host's work per update must not grow with the data or the network. */
const MAX_EVENT_BYTES = 1_000_000;
/**
 * The host's longest garbage collection: after a file of 256 MB is read, the runtime collects
 * once, for up to about 200 ms beside busy workers; bounded here so that it cannot grow unseen.
 */
const MAX_COLLECTION_MS = 500;
/** 27 features of 8 characters and a label: a million rows come to just under 256 MB. */
const FEATURES = 27;

const dir = mkdtempSync(join(tmpdir(), "nnspec-stress-"));
const csvPath = join(dir, "big.csv");
let rows = 0;

/** A CSV of the most rows the limits allow, as wide as fits under the file-size limit. */
async function writeBigCsv(): Promise<void> {
  const out = createWriteStream(csvPath);
  const header = `${Array.from({ length: FEATURES }, (_, i) => `f${i}`).join(",")},label\n`;
  out.write(header);
  let bytes = header.length;
  const row = (r: number) => `${Array.from({ length: FEATURES }, (_, i) => (((r * 31 + i * 17) % 1000) / 997).toFixed(6)).join(",")},${r % 3}\n`;
  const perRow = row(0).length;
  rows = Math.min(LIMITS.dataRows, Math.floor((LIMITS.fileBytes - bytes - 1) / perRow));
  const chunk = 10_000;
  for (let r = 0; r < rows; r += chunk) {
    const text = Array.from({ length: Math.min(chunk, rows - r) }, (_, i) => row(r + i)).join("");
    bytes += text.length;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

function csvSpec(layers: { units: number; activation?: string }[]): string {
  return JSON.stringify({
    name: "the most rows",
    data: { source: "csv", path: "big.csv", features: Array.from({ length: FEATURES }, (_, i) => `f${i}`), target: "label", task: "classification" },
    layers,
    training: { epochs: 1000, batchSize: 64 },
  });
}

before(writeBigCsv);
after(() => rmSync(dir, { recursive: true, force: true }));

/** The largest event a run's worker posted to the host, in bytes as the structured clone carries it. */
let largestEvent = 0;

/** A run's events (the largest one noted), failing on a crash. */
function watch() {
  const w = collectRunEvents((e) => {
    largestEvent = Math.max(largestEvent, serialize(e).byteLength);
  });
  const until = (ok: () => boolean, ms: number) =>
    w.until(() => {
      if (w.crashes.length > 0) throw new Error(`the worker crashed: ${w.crashes[0]}`);
      return ok();
    }, ms);
  return { ...w, until };
}

/** The run's worker is within its memory, and Stop is answered. */
async function checkMemoryAndStop(run: TrainingRun, w: ReturnType<typeof watch>): Promise<void> {
  const memory = await run.request("memory", null);
  assert.ok(memory.heapUsed < memory.heapLimit, `heap ${memory.heapUsed} of ${memory.heapLimit}`);
  assert.ok(memory.arrayBuffers < LIMITS.runMemoryBytes, `typed arrays ${memory.arrayBuffers}`);
  const asked = performance.now();
  run.control({ type: "stop" });
  await w.until(() => run.status === "stopped", 10_000);
  console.log(`    Stop answered in ${(performance.now() - asked).toFixed(0)} ms`);
}

const SETTINGS = { updateIntervalMs: 100, boundaryResolution: 64, pace: "max" as const };

/**
 * The host's event loop during each test: the 99th percentile of its delay, and the longest time a
 * task held it, less the host's own garbage collection within that time. The held time is the
 * loop's active time (not idle in its poll) between two ticks of a 1 ms timer: on a machine of two
 * cores a busy worker can keep the host's thread off the CPU for tens of milliseconds while it
 * waits idle, which delays timers but is not the host's doing; and it leaves the host's collector
 * a thin share of the CPU, so collections are reported beside it.
 */
const measured: { test: string; p99: number; held: number; collection: number }[] = [];

/** Runs `body` with the host's event loop watched. */
async function measuring(test: string, body: () => Promise<void>): Promise<void> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const collections: { start: number; end: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) collections.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  observer.observe({ entryTypes: ["gc"] });
  const heldSpans: { start: number; end: number; active: number }[] = [];
  let last = performance.now();
  let lastUtilization = performance.eventLoopUtilization();
  const ticker = setInterval(() => {
    const now = performance.now();
    const utilization = performance.eventLoopUtilization();
    const active = performance.eventLoopUtilization(utilization, lastUtilization).active;
    if (active > 10) heldSpans.push({ start: last, end: now, active });
    last = now;
    lastUtilization = utilization;
  }, 1);
  histogram.enable();
  try {
    await body();
  } finally {
    histogram.disable();
    clearInterval(ticker);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the observer's last entries
    observer.disconnect();
    const collected = (span: { start: number; end: number }) =>
      collections.reduce((sum, c) => sum + Math.max(0, Math.min(span.end, c.end) - Math.max(span.start, c.start)), 0);
    measured.push({
      test,
      p99: histogram.percentile(99) / 1e6,
      held: Math.max(0, ...heldSpans.map((span) => span.active - collected(span))),
      collection: Math.max(0, ...collections.map((c) => c.end - c.start)),
    });
  }
}

describe("at the limits", { concurrency: false }, () => {
  it(`the checker: the longest spec text (${LIMITS.specCharacters.toLocaleString("en")} characters) and a CSV just under the file limit`, () =>
    measuring("checker", async () => {
      const checker = SpecChecker.forWorker({ path: join(DIST, "checkerWorker.js") }, 120_000);
      try {
        // Inline data up to the spec text limit.
        const point = "[0.123456, 0.654321],";
        const count = Math.floor((LIMITS.specCharacters - 300) / (point.length + 2));
        const text = `{ "data": { "source": "inline", "x": [${point.repeat(count).slice(0, -1)}], "y": [${"0,".repeat(count - 1)}1] }, "layers": [{ "units": 2 }, { "units": 2, "activation": "softmax" }] }`;
        assert.ok(text.length <= LIMITS.specCharacters && text.length > LIMITS.specCharacters * 0.95, `${text.length} characters`);
        assert.deepEqual(
          (await checker.check("inline", { specText: text, files: {} }))?.filter((d) => d.severity === "error"),
          [],
        );
        // The biggest CSV: read as the host reads it, checked in the worker.
        assert.ok(statSync(csvPath).size > LIMITS.fileBytes * 0.95, `the CSV is ${statSync(csvPath).size} bytes`);
        const bytes = await readConfinedFile(csvPath, dir);
        const found = await checker.check("csv", {
          specText: csvSpec([{ units: FEATURES }, { units: 3, activation: "softmax" }]),
          files: { "big.csv": bytes },
        });
        assert.deepEqual(
          found?.filter((d) => d.severity === "error"),
          [],
        );
        const memory = await checker.memory();
        assert.ok(memory.heapUsed < memory.heapLimit, `the checker's heap ${memory.heapUsed} of ${memory.heapLimit}`);
      } finally {
        checker.dispose();
      }
    }));

  it(`a run on ${LIMITS.dataRows.toLocaleString("en")} rows trains, answers Stop, and stays within its memory`, () =>
    measuring("rows", async () => {
      const w = watch();
      const source: RunSource = {
        text: csvSpec([{ units: FEATURES }, { units: 16, activation: "relu" }, { units: 3, activation: "softmax" }]),
        version: 1,
        specName: "rows.nnspec.json",
        files: { "big.csv": await readConfinedFile(csvPath, dir) },
      };
      const run = new TrainingRun({ path: join(DIST, "runWorker.js") }, source, SETTINGS, true, w.listener);
      try {
        await w.until(() => run.status === "training" && w.events.filter((e) => e.type === "metrics").length >= 20, 120_000);
        await checkMemoryAndStop(run, w);
      } finally {
        run.dispose();
      }
    }));

  it(`a run of about ${LIMITS.parameters.toLocaleString("en")} parameters with two inputs (the pictures kept within their time budget) trains and answers Stop`, () =>
    measuring("parameters", async () => {
      const w = watch();
      // 2 → 3,159 → 3,159 → 2: 9,998,237 parameters, just under the limit.
      const text = JSON.stringify({
        name: "the most parameters",
        data: { source: "xor", samples: 40 },
        layers: [{ units: 2 }, { units: 3159, activation: "relu" }, { units: 3159, activation: "relu" }, { units: 2, activation: "softmax" }],
        training: { epochs: 1000, batchSize: 8 },
      });
      const run = new TrainingRun(
        { path: join(DIST, "runWorker.js") },
        { text, version: 1, specName: "big.nnspec.json", files: {} },
        SETTINGS,
        true,
        w.listener,
      );
      try {
        await w.until(() => run.invalid !== null || w.events.filter((e) => e.type === "metrics").length >= 5, 120_000);
        assert.equal(run.invalid, null, run.invalid?.message);
        // Export Weights and a kept run take every weight: the worker writes the file's text and
        // moves its bytes, so the host's loop stays free (were the host to turn ten million
        // weights into text, or receive them as numbers, it would be held for seconds).
        const { file } = await run.requestWeights();
        assert.ok(file.byteLength > 10 * LIMITS.parameters * 0.9, `the weights file is ${file.byteLength} bytes`);
        assert.ok((await run.requestMetrics()).count > 0);
        await checkMemoryAndStop(run, w);
      } finally {
        run.dispose();
      }
    }));

  it("a run of the 60,000 Fashion-MNIST images (784 → 128 → 10, IDX from Debian) trains with the gallery, the unit images and image cards, each message bounded", () =>
    measuring("images", async () => {
      const w = watch();
      const fashion = "/usr/share/datasets/fashion-mnist";
      const names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];
      const files = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readConfinedFile(join(fashion, n), fashion)] as const)));
      const [images, labels, validationImages, validationLabels] = names;
      const text = JSON.stringify({
        data: { source: "idx", images, labels, validationImages, validationLabels },
        layers: [{ shape: [28, 28, 1] }, { units: 128, activation: "relu" }, { units: 10, activation: "softmax" }],
        training: { epochs: 5, batchSize: 64 },
      });
      const run = new TrainingRun(
        { path: join(DIST, "runWorker.js") },
        { text, version: 1, specName: "fashion.nnspec.json", files },
        SETTINGS,
        true,
        w.listener,
      );
      try {
        const metrics = () => w.events.flatMap((e) => (e.type === "metrics" ? [e.update] : []));
        await w.until(() => run.invalid !== null || metrics().filter((u) => u.gallery && u.unitImages).length >= 10, 120_000);
        assert.equal(run.invalid, null, run.invalid?.message);
        assert.equal(run.summary?.images?.samples.length, 256, "the gallery's set: 256 of the 10,000 validation images");
        assert.equal(run.summary?.sampleCount, 70_000);
        const card = await run.request("card", { sample: 60_000, unit: null, parameter: null });
        assert.equal(card.trace.inputGradient.length, 784);
        const drawn = await run.request("card", { sample: 0, unit: null, parameter: null, drawn: { pixels: new Array(784).fill(128), label: 3 } });
        assert.equal(drawn.trace.sample, -1);
        for (const c of [card, drawn]) assert.ok(serialize(c).byteLength < MAX_EVENT_BYTES, `a card of ${serialize(c).byteLength} bytes`);
        console.log(`    an image card: ${serialize(card).byteLength.toLocaleString("en")} bytes; ${metrics().length} updates so far`);
        await checkMemoryAndStop(run, w);
      } finally {
        run.dispose();
      }
    }));

  it(`the host's event-loop delay stayed under ${MAX_DELAY_P99_MS} ms (p99), no task held it for ${MAX_HELD_MS} ms, nor a collection for ${MAX_COLLECTION_MS} ms; no update was as large as ${MAX_EVENT_BYTES.toLocaleString("en")} bytes`, () => {
    for (const m of measured) {
      console.log(
        `    host event loop, ${m.test}: delay p99 ${m.p99.toFixed(1)} ms; longest held by a task ${m.held.toFixed(1)} ms; longest collection ${m.collection.toFixed(1)} ms`,
      );
    }
    console.log(`    the largest event a run posted: ${largestEvent.toLocaleString("en")} bytes`);
    assert.equal(measured.length, 4, "every case was measured");
    assert.ok(largestEvent > 0 && largestEvent < MAX_EVENT_BYTES, `a run posted an event of ${largestEvent} bytes`);
    for (const m of measured) {
      assert.ok(m.p99 < MAX_DELAY_P99_MS, `${m.test}: the host's event-loop delay was ${m.p99.toFixed(1)} ms at the 99th percentile`);
      assert.ok(m.held < MAX_HELD_MS, `${m.test}: a task held the host's event loop for ${m.held.toFixed(1)} ms`);
      assert.ok(m.collection < MAX_COLLECTION_MS, `${m.test}: a collection held the host's event loop for ${m.collection.toFixed(1)} ms`);
    }
  });
});
