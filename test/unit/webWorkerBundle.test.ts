/**
 * The browser build's workers (dist/web/runWorker.js and checkerWorker.js) behind a Web Worker's
 * postMessage, given only what a browser gives (test/helpers/webWorkerScope.cjs): the first
 * message carries the translations, and the run trains the spiral to the very numbers of the
 * Node worker thread (dist/runWorker.js) fed the same messages; the checker answers in Korean.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { Worker } from "node:worker_threads";
import type { Envelope } from "../../src/protocol/messaging";
import type { MetricsUpdate, RunSettings } from "../../src/protocol/run";
import type { WireDiagnostic } from "../../src/protocol/worker";

const ROOT = join(import.meta.dirname, "..", "..");
const DIST = join(ROOT, "dist");
const SCOPE = join(ROOT, "test", "helpers", "webWorkerScope.cjs");
const KOREAN = JSON.parse(readFileSync(join(ROOT, "l10n", "bundle.l10n.ko.json"), "utf8")) as Record<string, string>;
const SETTINGS: RunSettings = { updateIntervalMs: 50, boundaryResolution: 16, pace: "max" };

/** A Web Worker of the browser bundle `name`, or the Node worker thread of the same name. */
function start(kind: "web" | "node", name: string, translations?: Record<string, string>): Worker {
  if (kind === "node") return new Worker(join(DIST, `${name}.js`), { workerData: { translations } });
  const worker = new Worker(SCOPE, { workerData: { bundle: join(DIST, "web", `${name}.js`) } });
  worker.postMessage({ kind: "translations", translations: translations ?? null });
  return worker;
}

/** Every epoch's loss of the spiral, trained to the end. */
async function spiralLosses(kind: "web" | "node"): Promise<number[]> {
  const worker = start(kind, "runWorker");
  const specText = readFileSync(join(ROOT, "examples", "spiral.nnspec.json"), "utf8");
  try {
    return await new Promise<number[]>((resolve, reject) => {
      const losses: number[] = [];
      worker.on("error", reject);
      worker.on("message", (m: Envelope) => {
        if (m.kind !== "event") return;
        const body = m.body as { type: string; update?: MetricsUpdate; message?: string };
        if (body.type === "failed") reject(new Error(body.message));
        if (body.type !== "metrics" || !body.update) return;
        losses.push(...body.update.epochs.map((e) => e.loss));
        if (body.update.status === "done") resolve(losses);
      });
      worker.postMessage({ kind: "event", body: { type: "start", specText, specName: "spiral", files: {}, settings: SETTINGS, autoStart: true } });
    });
  } finally {
    await worker.terminate();
  }
}

it("the browser's training worker trains the spiral to the Node worker's numbers, epoch by epoch", async () => {
  const [web, node] = await Promise.all([spiralLosses("web"), spiralLosses("node")]);
  assert.equal(node.length, 500);
  assert.deepEqual(web, node);
});

it("the browser's checker worker reads its translations from the first message and answers a check in Korean", async () => {
  const worker = start("web", "checkerWorker", KOREAN);
  try {
    const reply = await new Promise<Envelope>((resolve, reject) => {
      worker.on("error", reject);
      worker.on("message", resolve);
      const specText = '{ "data": { "source": "spiral" }, "layers": [{ "units": 2 }, { "units": 2, "activation": "relux" }] }';
      worker.postMessage({ kind: "request", id: 1, method: "check", params: { specText, files: {} } });
    });
    assert.equal(reply.kind, "reply");
    const diagnostics = (reply as { result: WireDiagnostic[] }).result;
    const activation = diagnostics.find((d) => d.message.includes("relux"));
    assert.ok(activation, JSON.stringify(diagnostics));
    assert.match(activation.message, /[가-힣]/, activation.message);
  } finally {
    await worker.terminate();
  }
});
