/**
 * The panel's rendering logic in a real browser (Debian's Chromium): the webview bundle loaded
 * into a page with a stand-in for VS Code's API, fed protocol messages, asserted on its DOM.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { type Browser, chromium, type Page } from "playwright-core";
import { noFiles } from "../../src/core/base/files";
import { formatNumber } from "../../src/core/base/format";
import { landscapeOf, WeightPath } from "../../src/core/landscape/landscape";
import { loadSpec } from "../../src/core/spec/load";
import type { DistributionSeries, Distributions } from "../../src/core/train/distributions";
import { parameterStep, traceSample, unitSum } from "../../src/core/train/sampleTrace";
import { Trainer } from "../../src/core/train/trainer";
import type { LandscapeView } from "../../src/protocol/landscape";
import type { HostToWebview } from "../../src/protocol/panel";
import type { MetricsUpdate, RunSummary, SampleCard } from "../../src/protocol/run";
import { codeServerDir, ROOT } from "./harness";

/**
 * VS Code's theme as a webview gets it: the CSS variables on the root element and the body's class,
 * captured from code-server 4.100.3's panel (test/e2e/themes/).
 */
type Theme = "dark" | "light" | "high-contrast";
const themes = Object.fromEntries(
  (["dark", "light", "high-contrast"] as const).map((name) => [name, JSON.parse(readFileSync(join(import.meta.dirname, "themes", `${name}.json`), "utf8"))]),
) as Record<Theme, { bodyClass: string; style: string }>;

const page = (
  initialState: object,
  theme: Theme = "dark",
) => `<!DOCTYPE html><html style="${themes[theme].style.replace(/"/g, "&quot;")}"><head><meta charset="utf-8"><title>NNSpec training</title><link rel="stylesheet" href="/main.css"></head>
<body class="${themes[theme].bodyClass}">
<div id="app"></div>
<script>
  window.posted = [];
  window.states = [];
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => undefined, setState: (s) => window.states.push(JSON.parse(JSON.stringify(s))) });
</script>
<script id="nnspec-initial-state" type="application/json">${JSON.stringify(initialState)}</script>
<script type="module" src="/main.js"></script>
</body></html>`;

let server: Server;
let browser: Browser;
let base = "";

before(async () => {
  codeServerDir(); // installs Debian's chromium if it is missing
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/" || url.pathname === "/ko") {
      // /ko: as VS Code in Korean passes its loaded translations to the panel; ?theme= another theme.
      const korean = url.pathname === "/ko";
      const l10n = korean ? JSON.parse(readFileSync(join(ROOT, "l10n", "bundle.l10n.ko.json"), "utf8")) : undefined;
      res.setHeader("content-type", "text/html");
      res.end(page({ l10n, language: korean ? "ko" : "en", load: "load-1-test" }, (url.searchParams.get("theme") as Theme | null) ?? "dark"));
      return;
    }
    const file = join(ROOT, "dist", "webview", url.pathname.replace(/^\//, "").replace(/\.\./g, ""));
    try {
      res.setHeader("content-type", file.endsWith(".js") ? "text/javascript" : "text/css");
      res.end(readFileSync(file));
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
});

after(async () => {
  await browser?.close();
  server?.close();
});

const SUMMARY: RunSummary = {
  name: "Tiny",
  task: "classification",
  sizes: [2, 3, 2],
  activations: ["tanh", "softmax"],
  loss: "crossEntropy",
  suitableLosses: ["crossEntropy", "mae", "mse", "huber"],
  lossLabels: { crossEntropy: "cross-entropy", mae: "MAE (L1)", mse: "MSE (L2)", huber: "Huber" },
  learningRate: 0.1,
  seed: 0,
  totalEpochs: 10,
  batchesPerEpoch: 4,
  classNames: ["red", "blue"],
  points: { x: [-0.5, 0.5], y: [-0.5, 0.5], label: [0, 1], validation: [false, true] },
  samples: [
    { index: 0, features: [-0.5, -0.5], answer: "red", validation: false },
    { index: 1, features: [0.5, 0.5], answer: "blue", validation: true },
  ],
  sampleCount: 2,
};

function update(epoch: number, status: MetricsUpdate["status"], extra: Partial<MetricsUpdate> = {}): MetricsUpdate {
  const stats = (layer: number) => ({
    layer,
    meanAbs: 0.01,
    maxAbs: 0.1,
    rms: 0.02,
    biasMeanAbs: 0.01,
    biasMaxAbs: 0.1,
    biasRms: 0.02,
    deadShare: null,
    saturatedShare: null,
    updateRatio: -3,
  });
  // The lower half of the plane class 0 (red), the upper half class 1 (blue), both at p = 0.9.
  const predicted = new Uint16Array(16).map((_, c) => (c < 8 ? 0 : 1));
  const probability = new Float32Array(16).fill(0.9);
  return {
    status,
    epoch,
    batch: 0,
    epochs:
      epoch > 0
        ? [
            {
              epoch,
              loss: 1 / epoch,
              accuracy: 0.5,
              valLoss: 1.1 / epoch,
              valAccuracy: 0.75,
              gradients: [stats(1), stats(2)],
              outputSpread: 0.3,
              stepCosine: 0.5,
              findings: [],
            },
          ]
        : [],
    epochsPerSecond: status === "training" ? 42 : null,
    earlyStopping: null,
    pictureNote: null,
    weights: {
      weights: [
        [1, -1, 0.5, -0.5, 0.25, 2],
        [1, -1, 0.5, -0.5, 0.25, -2],
      ],
      gradients: [new Array(6).fill(0), new Array(6).fill(0)],
      biases: [
        [0.1, -0.2, 0.3],
        [0.5, -0.5],
      ],
    },
    boundary: { resolution: 4, xMin: -1, xMax: 1, yMin: -1, yMax: 1, classes: 2, predicted, probability },
    weightHistograms: {
      range: 2,
      shares: [
        [0, 0.5, 0.5],
        [0.25, 0.5, 0.25],
      ],
    },
    confusion: null,
    neuronMaps: null,
    predictions: null,
    edited: null,
    distributions: null,
    distributionHistory: null,
    unitGradients: [
      [0.1, 0, 0.3],
      [0.2, 0.05],
    ],
    findingDiagnostics: null,
    ...extra,
  };
}

/** A sample card made by the core, for SUMMARY's shape (2 → 3 tanh → 2 softmax). */
function realCard(sample: number): SampleCard {
  const spec = JSON.stringify({
    data: {
      source: "inline",
      x: [
        [-0.5, -0.5],
        [0.5, 0.5],
      ],
      y: [0, 1],
      classNames: ["red", "blue"],
    },
    layers: [{ units: 2 }, { units: 3, activation: "tanh" }, { units: 2, activation: "softmax" }],
  });
  const loaded = loadSpec(spec, noFiles()).loaded;
  if (!loaded) throw new Error("the card's spec is not valid");
  const trainer = new Trainer(loaded);
  const trace = traceSample(trainer.net, trainer.loss, loaded.dataset, sample);
  return { trace, unit: unitSum(trainer.net, trace, 1, 0), step: parameterStep(trainer.net, trainer.optimizer, trace, { layer: 1, from: 0, to: 0 }) };
}

/** Distributions as the core makes them, for SUMMARY's shape, after one epoch. */
function realDistributions(): { distributions: Distributions; series: DistributionSeries } {
  const spec = JSON.stringify({
    data: { source: "xor", samples: 40 },
    layers: [{ units: 2 }, { units: 3, activation: "tanh" }, { units: 2, activation: "softmax" }],
  });
  const loaded = loadSpec(spec, noFiles()).loaded;
  if (!loaded) throw new Error("the spec is not valid");
  const trainer = new Trainer(loaded);
  trainer.stepEpoch();
  const distributions = trainer.distributions();
  if (!distributions) throw new Error("no distributions after an epoch");
  return { distributions, series: trainer.distributionHistory() };
}

/** Errors the panel logged or threw during the current test; each test must end with none. */
const pageErrors: string[] = [];
afterEach(() => {
  assert.deepEqual(pageErrors.splice(0), [], "the panel logged errors");
});

async function panel(path = ""): Promise<Page> {
  const page = await browser.newPage();
  page.on("console", (m) => {
    // (The test server has no favicon; a browser asks for one.)
    if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico")) pageErrors.push(`${m.text()} ${m.location().url}`);
  });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(base + path);
  await page.waitForFunction(() => (window as unknown as { posted: unknown[] }).posted.length > 0);
  return page;
}

async function send(page: Page, ...messages: HostToWebview[]): Promise<void> {
  for (const m of messages) await page.evaluate((message) => window.postMessage(message, "*"), m);
  await page.waitForTimeout(150);
}

const text = (page: Page, testid: string) => page.locator(`[data-testid="${testid}"]`).first().innerText();

describe("the panel in a browser", () => {
  it("tells the host it is ready, with its load's id, again each second until the host answers", async () => {
    const page = await panel();
    const posted = () => page.evaluate(() => (window as unknown as { posted: { type: string; load?: string; page?: string }[] }).posted);
    const [first] = await posted();
    assert.equal(first.type, "ready");
    assert.equal(first.load, "load-1-test", "the id of the load it came with");
    assert.match(first.page ?? "", /^page-[a-z0-9]+$/);
    await page.waitForTimeout(1300);
    const unanswered = await posted();
    assert.ok(unanswered.length >= 2, "said again while the host does not answer");
    assert.deepEqual(new Set(unanswered.map((m) => JSON.stringify(m))), new Set([JSON.stringify(first)]), "by the same page, for the same load");
    await send(page, { type: "settings", updateIntervalMs: 100, pace: "auto" });
    const answered = (await posted()).length;
    await page.waitForTimeout(1300);
    assert.equal((await posted()).length, answered, "not again once the host has answered");
  });

  it("draws a run: title, diagram edges coloured by sign, texts, boundary", async () => {
    const page = await panel();
    await send(page, { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId: 1, update: update(3, "training") });
    assert.equal(await page.locator("h2").innerText(), "Tiny");
    assert.equal(await text(page, "epoch"), "3");
    assert.equal(await text(page, "status"), "training");
    assert.equal(await text(page, "loss-value"), "0.3333");
    assert.equal(await page.locator('[data-testid="layer-diagram"] line').count(), 2 * 3 + 3 * 2);
    const strokes = await page.locator('[data-testid="layer-diagram"] line').evaluateAll((lines) => lines.map((l) => l.getAttribute("stroke")));
    assert.equal(strokes[0], "rgb(0, 114, 178)", "a positive weight is blue");
    assert.equal(strokes[1], "rgb(213, 94, 0)", "a negative weight is vermilion");
    const caption = await text(page, "layer-diagram");
    assert.match(caption, /2 in[\s\S]*3 tanh[\s\S]*2 softmax/);
    const painted = await page
      .locator('[data-testid="decision-boundary"] canvas')
      .first()
      .evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext("2d")?.getImageData(0, 0, c.width, c.height).data ?? [];
        return [d[3], d[(c.width * (c.height - 1) + 1) * 4]];
      });
    assert.ok(painted[0] > 0, "the boundary is painted");
    assert.match(await text(page, "weights-chart"), /Weights per layer[\s\S]*largest \|weight\| 2$/);
  });

  it("shows the weight under the pointer as text", async () => {
    const page = await panel();
    await send(page, { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId: 1, update: update(1, "paused") });
    await page.locator('[data-testid="layer-diagram"] line').nth(5).dispatchEvent("mouseenter");
    assert.match(await text(page, "weight-readout"), /layers\[0\] unit 1 → layers\[1\] unit 2: weight 2,/);
  });

  it("fills each unit with its picture over the input plane, and describes the one under the pointer", async () => {
    const page = await panel();
    // Resolution 2: four cells per unit, grid row 0 (the picture's bottom) first.
    const maps = {
      resolution: 2,
      layers: [
        Float32Array.from([-1, 1, -1, 1, -1, -1, 1, 1]),
        Float32Array.from([0.5, 0.25, 0, -0.5, 2, 2, 2, 2, -3, 0, 0, 0]),
        Float32Array.from([0.9, 0.1, 0.9, 0.1, 0.1, 0.9, 0.1, 0.9]),
      ],
    };
    await send(
      page,
      { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] },
      { type: "metrics", runId: 1, update: update(1, "training", { neuronMaps: maps }) },
    );
    const units = page.locator('[data-testid="layer-diagram"] .unit');
    assert.equal(await units.count(), 2 + 3 + 2);
    const fills = await units.evaluateAll((list) => list.map((c) => c.getAttribute("fill")));
    assert.ok(
      fills.every((f) => /^url\(#unit-map-\d-\d\)$/.test(f ?? "")),
      String(fills),
    );
    // Layer 1, unit 0: 0.5 bottom-left, 0.25 bottom-right, 0 top-left, −0.5 top-right.
    const pixels = await page.locator("#unit-map-1-0 image").evaluate(async (image) => {
      const img = new Image();
      img.src = image.getAttribute("href") ?? "";
      await img.decode();
      const c = document.createElement("canvas");
      c.width = 2;
      c.height = 2;
      const g = c.getContext("2d");
      g?.drawImage(img, 0, 0);
      return Array.from(g?.getImageData(0, 0, 2, 2).data ?? []);
    });
    const [topLeft, topRight, bottomLeft, bottomRight] = [0, 4, 8, 12].map((o) => pixels.slice(o, o + 4));
    assert.equal(topLeft[3], 0, "0 is transparent");
    assert.deepEqual(topRight, [213, 94, 0, 255], "the largest |value|, negative: vermilion, opaque");
    assert.deepEqual(bottomLeft, [0, 114, 178, 255], "the largest |value|, positive: blue, opaque");
    assert.ok(Math.abs(bottomRight[3] - 128) <= 1, `half the largest is half opaque (${bottomRight[3]})`);
    // Output unit 0 is 0.9, 0.1, 0.9, 0.1 (one sign): shaded from its smallest (clear) to its largest (opaque).
    const output = await page.locator("#unit-map-2-0 image").evaluate(async (image) => {
      const img = new Image();
      img.src = image.getAttribute("href") ?? "";
      await img.decode();
      const c = document.createElement("canvas");
      c.width = 2;
      c.height = 2;
      const g = c.getContext("2d");
      g?.drawImage(img, 0, 0);
      return Array.from(g?.getImageData(0, 0, 2, 2).data ?? []).filter((_, i) => i % 4 === 3);
    });
    assert.deepEqual(output, [255, 0, 255, 0]);
    await units.nth(2).dispatchEvent("mouseenter");
    assert.match(
      await text(page, "weight-readout"),
      /^layers\[1\] unit 0 \(tanh\): over the input plane its values run from −0\.5 to 0\.5; blue where positive/,
    );

    const enlarged = page.locator('[data-testid="weight-readout"] img.unit-map');
    assert.equal(await enlarged.getAttribute("src"), await page.locator("#unit-map-1-0 image").getAttribute("href"), "the picture, enlarged");

    // An update without pictures (a large network while training) keeps the last ones.
    await send(page, { type: "metrics", runId: 1, update: update(2, "training", { pictureNote: "too large to redraw live" }) });
    const kept = await units.evaluateAll((list) => list.map((c) => c.getAttribute("fill")));
    assert.ok(
      kept.every((f) => f?.startsWith("url(")),
      "the last pictures stay",
    );
    assert.equal(await text(page, "picture-note"), "too large to redraw live");
    // Three inputs: no plane to draw over, plain units.
    await send(
      page,
      { type: "run", runId: 2, summary: { ...SUMMARY, sizes: [3, 3, 2], points: null }, pastRuns: [] },
      { type: "metrics", runId: 2, update: update(1, "training") },
    );
    const plain = await units.evaluateAll((list) => list.map((c) => c.getAttribute("fill")));
    assert.ok(!plain.some((f) => f?.startsWith("url(")), "no pictures without two inputs");
  });

  it("shows the confusion matrix: true classes by predicted, counts shaded by their share of the row", async () => {
    const page = await panel();
    await send(page, { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId: 1, update: update(0, "paused") });
    assert.equal(await text(page, "confusion-matrix"), "Confusion matrix\nShown when the first epoch ends.");
    const confusion = { of: "validation" as const, classes: 2, counts: [3, 1, 0, 4] };
    await send(page, { type: "metrics", runId: 1, update: update(1, "training", { confusion }) });
    const cells = await page
      .locator('[data-testid="confusion-matrix"] tr')
      .evaluateAll((rows) => rows.map((r) => Array.from(r.children, (c) => c.textContent)));
    assert.deepEqual(cells, [
      ["true ↓ predicted →", "red", "blue"],
      ["red", "3", "1"],
      ["blue", "0", "4"],
    ]);
    assert.match(await text(page, "confusion-matrix"), /^Confusion matrix \(validation\)[\s\S]*7 of 8 samples in the right class$/);
    const shades = await page
      .locator('[data-testid="confusion-matrix"] td')
      .evaluateAll((tds) => tds.map((td) => [(td as HTMLElement).dataset.kind, (td as HTMLElement).style.background]));
    assert.deepEqual(shades, [
      ["right", "rgba(0, 114, 178, 0.67)"],
      ["wrong", "rgba(213, 94, 0, 0.32)"],
      ["wrong", ""],
      ["right", "rgba(0, 114, 178, 0.85)"],
    ]);
    await send(page, { type: "run", runId: 2, summary: { ...SUMMARY, task: "regression", points: null }, pastRuns: [] });
    assert.equal(await page.locator('[data-testid="confusion-matrix"]').isHidden(), true, "regression has no classes to confuse");
  });

  it("drops messages of runs that are no longer current", async () => {
    const page = await panel();
    await send(page, { type: "run", runId: 2, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId: 1, update: update(9, "done") });
    assert.equal(await text(page, "epoch"), "0");
    assert.equal(await text(page, "status"), "paused");
  });

  it("keeps a failure's message up when the error update follows it", async () => {
    const page = await panel();
    await send(
      page,
      { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] },
      { type: "failed", runId: 1, message: "Training diverged in epoch 2: at layers[1]" },
      { type: "metrics", runId: 1, update: update(1, "error") },
    );
    assert.equal(await text(page, "status"), "error");
    assert.match(await text(page, "error-banner"), /Training diverged in epoch 2/);
  });

  it("an invalid spec dims the last network and shows the problem; valid again clears it", async () => {
    const page = await panel();
    await send(page, { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId: 1, update: update(2, "training") });
    await send(page, { type: "invalid", message: 'layers[1].activation: "relux" is not a valid activation', location: "line 4, column 33" });
    assert.match(await text(page, "error-banner"), /^line 4, column 33: layers\[1\]\.activation/);
    assert.ok(await page.evaluate(() => document.body.classList.contains("dimmed")));
    assert.equal(await page.locator('[data-testid="layer-diagram"] line').count(), 12, "the last valid network stays");
    await send(page, { type: "metrics", runId: 1, update: update(3, "training") });
    assert.ok(await page.locator('[data-testid="error-banner"]').isVisible(), "training updates do not hide the problem");
    await send(page, { type: "valid" });
    assert.ok(await page.locator('[data-testid="error-banner"]').isHidden());
    assert.ok(!(await page.evaluate(() => document.body.classList.contains("dimmed"))));
  });

  it("enables only the controls that make sense, and sends commands", async () => {
    const page = await panel();
    await send(page, { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId: 1, update: update(1, "training") });
    const disabled = async (c: string) => (await page.locator(`[data-testid="button-${c}"]`).getAttribute("disabled")) !== null;
    assert.equal(await disabled("pause"), false);
    assert.equal(await disabled("resume"), true);
    assert.equal(await disabled("step"), true);
    await page.locator('[data-testid="button-pause"]').click();
    const posted = await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted);
    assert.deepEqual(posted.at(-1), { type: "command", command: "pause" });
    await send(page, { type: "metrics", runId: 1, update: update(1, "paused") });
    assert.equal(await disabled("step"), false);
    assert.equal(await disabled("pause"), true);
  });

  it("speaks Korean when VS Code passes the Korean translations", async () => {
    const page = await panel("ko");
    await send(page, { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId: 1, update: update(2, "training") });
    assert.equal(await text(page, "button-train"), "학습");
    assert.equal(await text(page, "status"), "학습 중");
    assert.match(await text(page, "accuracy-value"), /^정확도 50\.0%, 검증 75\.0%$/);
    assert.match(await text(page, "loss-chart"), /^손실/);
  });

  it("keeps earlier runs on the loss chart, labelled", async () => {
    const page = await panel();
    await send(
      page,
      {
        type: "run",
        runId: 3,
        summary: SUMMARY,
        pastRuns: [
          { label: "x.nnspec.json, run 1: loss mae", epochs: [1, 2], loss: [0.5, 0.4], valLoss: [0.6, 0.5], accuracy: [0.5, 0.6], valAccuracy: [0.4, 0.5] },
        ],
      },
      { type: "metrics", runId: 3, update: update(1, "training") },
    );
    const caption = await text(page, "loss-chart");
    assert.match(caption, /1 earlier run faded for comparison: x\.nnspec\.json, run 1: loss mae → 0\.4/);
    assert.match(caption, /losses of different functions are not comparable numbers/, "another loss's curve comes with a caution");
  });

  it("marks early stopping's best epoch on the loss chart, in words in its caption and its text alternative", async () => {
    const page = await panel();
    const earlyStopping = { bestEpoch: 3, bestValLoss: 0.25, stoppedAt: 5, restored: true };
    await send(page, { type: "run", runId: 4, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId: 4, update: update(5, "done", { earlyStopping }) });
    const words = "best epoch 3: validation loss 0.25; stopped after epoch 5, the weights of epoch 3 restored";
    assert.ok((await text(page, "loss-chart")).includes(words), await text(page, "loss-chart"));
    const label = await page.locator('[data-testid="loss-chart"] canvas').first().getAttribute("aria-label");
    assert.ok(label?.endsWith(words), label ?? "");
    await send(page, { type: "run", runId: 5, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId: 5, update: update(2, "training") });
    assert.ok(!(await text(page, "loss-chart")).includes("best epoch"), "a run without early stopping has no marker");
  });

  it("a new spec starts afresh: the views are cleared and the spec is remembered for a reload", async () => {
    const page = await panel();
    await send(page, { type: "spec", specUri: "file:///w/a.nnspec.json", title: "a.nnspec.json" }, { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] });
    await send(page, { type: "metrics", runId: 1, update: update(3, "training") });
    await send(page, { type: "spec", specUri: "file:///w/b.nnspec.json", title: "b.nnspec.json" });
    assert.equal(await page.locator("h2").innerText(), "b.nnspec.json");
    assert.equal(await text(page, "epoch"), "");
    assert.equal(await text(page, "status"), "waiting");
    const states = await page.evaluate(() => (window as unknown as { states: { specUri: string }[] }).states);
    assert.equal(states.at(-1)?.specUri, "file:///w/b.nnspec.json", "a reload restores b, not a");
    assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  });

  it("negative edges are dashed, so the sign reads without colour", async () => {
    const page = await panel();
    await send(page, { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId: 1, update: update(1, "paused") });
    const dashes = await page
      .locator('[data-testid="layer-diagram"] line')
      .evaluateAll((lines) => lines.slice(0, 2).map((l) => l.getAttribute("stroke-dasharray")));
    assert.deepEqual(dashes, ["none", "4 3"]);
  });

  it("the diagram is driven by the keyboard: Tab in, arrows between units and weights, each read out", async () => {
    const page = await panel();
    await send(page, { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId: 1, update: update(1, "paused") });
    const diagram = page.locator('[data-testid="layer-diagram"] svg');
    assert.equal(await diagram.getAttribute("aria-label"), "Layer diagram: 2 inputs → 3 tanh → 2 softmax. Arrow keys move between units and weights.");
    await page.locator('[data-testid="layer-diagram"] [tabindex="0"]').focus();
    assert.match(await text(page, "weight-readout"), /^layers\[0\] unit 0 \(input\)/);
    await page.keyboard.press("ArrowDown");
    assert.match(await text(page, "weight-readout"), /^layers\[0\] unit 1 \(input\)/);
    await page.keyboard.press("ArrowRight");
    assert.match(await text(page, "weight-readout"), /^layers\[0\] unit 1 → layers\[1\] unit 0: weight −0\.5,/);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    assert.match(await text(page, "weight-readout"), /^layers\[0\] unit 1 → layers\[1\] unit 2: weight 2,/);
    await page.keyboard.press("ArrowRight");
    assert.match(await text(page, "weight-readout"), /^layers\[1\] unit 2 \(tanh\)/);
    await page.keyboard.press("ArrowLeft");
    assert.match(await text(page, "weight-readout"), /^layers\[0\] unit 0 → layers\[1\] unit 2/, "← from a unit: its first incoming weight");
    assert.equal(await page.locator('[data-testid="weight-readout"]').getAttribute("aria-live"), "polite");
    assert.equal(await page.locator('[data-testid="layer-diagram"] [tabindex="0"]').count(), 1, "one Tab stop: the diagram");
  });

  it("colours p = 0.5 of one sigmoid output as class 0, as accuracy counts it", async () => {
    const page = await panel();
    const single = { ...SUMMARY, sizes: [2, 3, 1], activations: ["tanh", "sigmoid"] as RunSummary["activations"] };
    // Zero weights: the sigmoid says exactly 0.5 everywhere. The core's grid, drawn by the panel.
    const loaded = loadSpec(
      JSON.stringify({
        data: { source: "circle", samples: 20 },
        layers: [{ units: 2 }, { units: 3, activation: "tanh" }, { units: 1, activation: "sigmoid" }],
        init: "zeros",
      }),
      noFiles(),
    ).loaded;
    assert.ok(loaded);
    const boundary = new Trainer(loaded).boundary(4);
    assert.ok(boundary);
    await send(page, { type: "run", runId: 1, summary: single, pastRuns: [] }, { type: "metrics", runId: 1, update: update(1, "paused", { boundary }) });
    const centre = await page
      .locator('[data-testid="decision-boundary"] canvas')
      .first()
      .evaluate((c: HTMLCanvasElement) => Array.from(c.getContext("2d")?.getImageData(c.width / 2, 10, 1, 1).data ?? []).slice(0, 3));
    assert.ok(centre[0] > centre[2], `vermilion (class 0), not blue: ${centre}`);
  });

  it("a click on a point of the boundary opens its card; while it is open the diagram shows that sample: units its outputs, edges its gradients", async () => {
    const page = await panel();
    await send(
      page,
      { type: "spec", specUri: "file:///w/x.nnspec.json", title: "x.nnspec.json" },
      { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] },
      { type: "metrics", runId: 1, update: update(3, "done") },
    );
    // Sample 1 sits at (0.5, 0.5) of the boundary's −1…1 square: three quarters across, a quarter down.
    const canvas = page.locator('[data-testid="decision-boundary"] canvas').first();
    const box = await canvas.boundingBox();
    assert.ok(box, "the boundary is drawn");
    await canvas.click({ position: { x: 0.75 * box.width, y: 0.25 * box.height } });
    const posted = await page.evaluate(() => (window as unknown as { posted: { type: string; sample?: number }[] }).posted.filter((m) => m.type === "card"));
    assert.equal(posted.at(-1)?.sample, 1, "the click asks for sample 1's card");

    const card = realCard(1);
    await send(page, { type: "card", runId: 1, card });
    const shown = await page.locator('[data-testid="layer-diagram"] [data-sample]').evaluateAll((units) => units.map((u) => u.getAttribute("data-sample")));
    const expected = [card.trace.input, ...card.trace.layers.map((l) => l.a)].flat().map((v) => formatNumber(v));
    assert.deepEqual(shown, expected, "each unit shows this sample's output");
    const widths = async () =>
      page
        .locator('[data-testid="layer-diagram"] line')
        .evaluateAll((lines) => lines.map((l) => ({ width: Number(l.getAttribute("stroke-width")), dashed: l.getAttribute("stroke-dasharray") !== "none" })));
    const withCard = await widths();
    // The first layer's edges, from each input to each hidden unit: the thickest is the largest |∂L/∂w| of the sample, dashed where negative.
    const first = card.trace.gradients[0].weights;
    const grads = [0, 1].flatMap((from) => [0, 1, 2].map((to) => first[from][to]));
    const largest = grads.reduce((best, g, i) => (Math.abs(g) > Math.abs(grads[best]) ? i : best), 0);
    assert.equal(withCard[largest].width, 4.5, `edge ${largest} carries the largest gradient: ${grads}`);
    assert.deepEqual(
      withCard.slice(0, 6).map((e) => e.dashed),
      grads.map((g) => g < 0),
      "negative gradients dashed",
    );

    await page.locator('[data-testid="sample-close"]').click();
    assert.equal(await page.locator('[data-testid="layer-diagram"] [data-sample]').count(), 0, "closed: the units are plain again");
    const weights = update(3, "done").weights.weights[0];
    assert.deepEqual(
      (await widths()).slice(0, 6).map((e) => e.dashed),
      weights.map((w) => w < 0),
      "closed: the edges show the weights again",
    );
  });

  it("follows a theme switch without a reload: the diagram takes the new theme's colours", async () => {
    const page = await panel();
    await send(page, { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId: 1, update: update(3, "done") });
    const unitStroke = () => page.locator('[data-testid="layer-diagram"] .unit').first().getAttribute("stroke");
    const before = await unitStroke();
    await page.evaluate((light) => {
      document.documentElement.setAttribute("style", light.style);
      document.body.className = light.bodyClass;
    }, themes.light);
    await page.waitForTimeout(300);
    const after = await unitStroke();
    assert.notEqual(after, before, "the units' outline changed with the theme");
    assert.equal(after?.toLowerCase(), "#3b3b3b", "the light theme's foreground");
  });

  it("compares losses side by side: overlaid accuracy, one boundary per loss, a table, and the caption", async () => {
    const page = await panel();
    const losses = ["crossEntropy", "mae", "mse"] as const;
    await send(page, { type: "comparison", runs: losses.map((loss, i) => ({ runId: 10 + i, loss })) });
    for (const [i, loss] of losses.entries()) {
      await send(
        page,
        { type: "run", runId: 10 + i, summary: { ...SUMMARY, loss }, pastRuns: [] },
        { type: "metrics", runId: 10 + i, update: update(2, i === 2 ? "done" : "training") },
      );
    }
    assert.ok(await page.locator('[data-testid="loss-comparison"]').isVisible());
    assert.ok(await page.locator('[data-testid="loss-chart"]').isHidden(), "the single-run views give way");
    for (const view of ["findings", "sample-card", "layer-diagram"]) {
      assert.equal(await page.locator(`[data-testid="${view}"]:visible`).count(), 0, `${view} belongs to one run and gives way too`);
    }
    assert.equal(await text(page, "epoch"), "2", "the status line says how far the runs are");
    assert.ok(await page.locator('[data-testid="loss-value"]').isHidden(), "one run's loss is not the comparison's");
    assert.equal(await page.locator('[data-testid="loss-comparison"] [data-testid="decision-boundary"]:visible').count(), 3);
    const rows = await page.locator('[data-testid="comparison-table"] tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent)));
    assert.deepEqual(rows[0], ["loss function", "epochs", "final loss (its own scale)", "accuracy", "validation accuracy", "status"]);
    assert.deepEqual(rows[3], ["mse", "2", "0.5", "50.0%", "75.0%", "done"]);
    assert.match(await text(page, "comparison-caption"), /not comparable numbers: compare accuracy/);
    await page.locator('[data-testid="button-stop"]').click();
    assert.deepEqual(await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted.at(-1)), { type: "command", command: "stop" });
  });

  it("says what the run shows: findings (first sentence, then why and the fix), update ratios, distributions, units ringed by |δ|", async () => {
    const page = await panel();
    const { distributions, series } = realDistributions();
    const finding = {
      id: "vanishing" as const,
      layer: 1,
      message: "layers[1]: vanishing gradient: its mean |g| is 1e-6. With sgd each step is proportional to the gradient.",
      fix: { title: "Use Adam with learning rate 0.01", path: ["optimizer"], value: { type: "adam", learningRate: 0.01 } },
    };
    const withFindings = update(3, "training", { distributions, distributionHistory: series });
    withFindings.epochs[0].findings = [finding];
    await send(page, { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId: 1, update: withFindings });
    const summary = page.locator('[data-testid="findings"] summary').first();
    assert.equal(await summary.innerText(), "layers[1]: vanishing gradient: its mean |g| is 1e-6.");
    assert.ok(await page.locator('[data-testid="findings"] .finding-fix').first().isHidden(), "the rest opens on demand");
    await summary.press("Enter");
    assert.match(await text(page, "findings"), /With sgd each step is proportional to the gradient\.\s+To try: Use Adam with learning rate 0\.01/);
    assert.equal(await text(page, "announcer"), "Findings: Vanishing gradient (layers[1])");
    // The update ratio of each layer, in words beside the chart.
    assert.match(await text(page, "update-ratio-chart"), /Epoch 3: layers\[1\] −3 · layers\[2\] −3\. About −3/);
    // The distributions: the chosen kind's numbers for the chosen layer.
    assert.match(
      await text(page, "distributions-chart"),
      /layers\[1\], activations \(each unit's output\), epoch 1: median \S+; 16–84% from \S+ to \S+; min \S+, max \S+ \(\d+ values sampled\)/,
    );
    await page.locator('[data-testid="distribution-kind"]').selectOption("deltas");
    await page.locator('[data-testid="distribution-layer"]').selectOption("1");
    assert.match(await text(page, "distributions-chart"), /layers\[2\], δ = ∂L\/∂z at each unit, epoch 1:/);
    // Units by |δ|: layers[1] unit 1 has |δ| 0 (a dead unit), dashed; the largest solid and thickest.
    await page.locator('[data-testid="unit-rings"]').click();
    const rings = await page
      .locator('[data-testid="layer-diagram"] .unit')
      .evaluateAll((units) => units.map((u) => [u.getAttribute("stroke-dasharray"), Number(u.getAttribute("stroke-width"))] as const));
    assert.deepEqual(
      rings.map(([dash]) => dash),
      ["none", "none", "none", "2 2", "none", "none", "none"],
    );
    assert.equal(rings[4][1], 5, "the largest |δ| gets the thickest ring");
    await page.locator('[data-testid="layer-diagram"] .unit').nth(3).dispatchEvent("mouseenter");
    assert.match(await text(page, "weight-readout"), /layers\[1\] unit 1 \(tanh\); mean \|δ\| over the last epoch 0/);
  });

  it("offers the paces and only the losses that suit the output, and says how fast it trains", async () => {
    const page = await panel();
    await send(
      page,
      { type: "settings", updateIntervalMs: 100, pace: "auto" },
      { type: "run", runId: 1, summary: { ...SUMMARY, suitableLosses: ["mse", "mae", "huber"], loss: "mse" }, pastRuns: [] },
      { type: "metrics", runId: 1, update: update(1, "training") },
    );
    const losses = await page.locator('[data-testid="loss-select"] vscode-option').evaluateAll((options) => options.map((o) => o.getAttribute("value")));
    assert.deepEqual(losses, ["mse", "mae", "huber"]);
    const paces = await page.locator('[data-testid="pace-select"] vscode-option').evaluateAll((options) => options.map((o) => o.textContent));
    assert.deepEqual(paces, ["watchable", "max", "100 epochs/s", "30 epochs/s", "10 epochs/s", "1 epoch/s", "1 batch/s"]);
    assert.match(await text(page, "epochs-per-second"), /42 epochs\/s/);
    await page.locator('[data-testid="pace-select"]').evaluate((d: HTMLElement & { value: string }) => {
      d.value = "10";
      d.dispatchEvent(new Event("change"));
    });
    assert.deepEqual(await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted.at(-1)), { type: "setPace", pace: 10 });
  });

  for (const theme of ["dark", "light", "high-contrast"] as const) {
    it(`meets WCAG 2.1 A and AA (axe-core) in the ${theme} theme: a run with its card, an invalid spec, a loss comparison`, async () => {
      const page = await panel(`?theme=${theme}`);
      await page.addScriptTag({ content: readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8") });
      const violations = () =>
        page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: { run(context: Document, options: object): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> };
            }
          ).axe;
          const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
          return result.violations.map(
            (v) =>
              `${v.id}: ${v.help} (${v.nodes
                .map((n) => n.target.join(" "))
                .slice(0, 5)
                .join("; ")})`,
          );
        });
      const maps = { resolution: 2, layers: [new Float32Array(8).fill(0.5), new Float32Array(12).fill(0.5), new Float32Array(8).fill(0.5)] };
      // Cells shaded from faint to strong (a whole row right: the strongest blue).
      const confusion = { of: "validation" as const, classes: 2, counts: [3, 1, 0, 4] };
      // The distributions before their first percentiles over epochs (the bands' canvas still empty).
      const { distributions } = realDistributions();
      await send(
        page,
        { type: "settings", updateIntervalMs: 100, pace: "auto" },
        { type: "spec", specUri: "file:///w/x.nnspec.json", title: "x.nnspec.json" },
        { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] },
        { type: "metrics", runId: 1, update: update(3, "done", { neuronMaps: maps, confusion, distributions }) },
      );
      // axe judges the contrast only of what is in view: the confusion matrix first.
      await page.locator('[data-testid="confusion-matrix"]').scrollIntoViewIfNeeded();
      assert.deepEqual(await violations(), [], "the confusion matrix in view: each count on its shade");
      // Written as text: the test's loader would wrap functions declared inside a browser-side function.
      const contrasts = (await page.evaluate(`(() => {
        const channels = (css) => (css.match(/[\\d.]+/g) || []).map(Number);
        const lum = (rgb) => {
          const [r, g, b] = rgb.map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const under = channels(getComputedStyle(document.body).backgroundColor);
        return [...document.querySelectorAll('[data-testid="confusion-matrix"] td')].map((cell) => {
          const [r, g, b, a = 1] = channels(getComputedStyle(cell).backgroundColor);
          const shade = [r, g, b].map((c, i) => c * a + under[i] * (1 - a));
          const [l1, l2] = [lum(shade), lum(channels(getComputedStyle(cell).color))].sort((x, y) => y - x);
          return Number(((l1 + 0.05) / (l2 + 0.05)).toFixed(2));
        });
      })()`)) as number[];
      assert.ok(contrasts.length === 4 && contrasts.every((c) => c >= 4.5), `every count contrasts with its shade at 4.5:1 or more: ${contrasts.join(", ")}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator('[data-testid="layer-diagram"] line').first().click();
      await page.locator('[data-testid="sample-index"]').fill("1");
      await page.keyboard.press("Enter");
      await send(page, { type: "card", runId: 1, card: realCard(1) });
      assert.match(await text(page, "card-loss"), /^CE = /, "the card is showing");
      assert.deepEqual(await violations(), [], "a finished run, an edge picked, its card");
      await send(page, { type: "landscape", runId: 1, result: realLandscape() });
      await page.locator('[data-testid="loss-landscape"]').scrollIntoViewIfNeeded();
      assert.deepEqual(await violations(), [], "the loss landscape in view: its maps, words and controls");
      await send(page, { type: "invalid", message: "a problem", location: "line 1, column 1" });
      assert.deepEqual(await violations(), [], "an invalid spec: its banner, the last network dimmed");
      await send(page, {
        type: "comparison",
        runs: [
          { runId: 5, loss: "crossEntropy" },
          { runId: 6, loss: "mae" },
        ],
      });
      for (const runId of [5, 6])
        await send(page, { type: "run", runId, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId, update: update(2, "training") });
      assert.deepEqual(await violations(), [], "a loss comparison");
    });
  }
});

/** A landscape as the run's worker answers it: the core's, for a small XOR network after 30 epochs. */
function realLandscape(): LandscapeView {
  const loaded = loadSpec(readFileSync(join(ROOT, "examples", "xor.nnspec.json"), "utf8"), noFiles()).loaded;
  if (!loaded) throw new Error("the XOR example is not valid");
  const trainer = new Trainer(loaded);
  const path = new WeightPath(trainer.net.parameterCount);
  path.record(0, trainer.net);
  trainer.watch({ endEpoch: () => path.record(trainer.epoch, trainer.net) });
  for (let e = 0; e < 30; e++) trainer.stepEpoch();
  const { d1: _d1, d2: _d2, ...view } = landscapeOf(trainer, path, { grid: 21 });
  return { ...view, epoch: 30, ms: 12 };
}

describe("the loss landscape in a browser", () => {
  it("is asked for from the keyboard, drawn as a map per loss and for accuracy, summarised in words, and asked again when the run ends", async () => {
    const page = await panel();
    await send(page, { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId: 1, update: update(3, "training") });
    const section = page.locator('[data-testid="loss-landscape"]');
    assert.ok(await section.isVisible());
    await page.locator('[data-testid="landscape-compute"]').focus();
    await page.keyboard.press("Enter");
    const asks = () =>
      page.evaluate(() => (window as unknown as { posted: { type: string; ask?: unknown }[] }).posted.filter((m) => m.type === "landscape").map((m) => m.ask));
    assert.deepEqual(await asks(), [{ action: "compute", directions: "path", grid: 41 }]);
    const result = realLandscape();
    await send(page, { type: "landscape", runId: 1, result });
    const figures = page.locator('[data-testid="loss-landscape"] figure');
    assert.equal(await figures.count(), 5, "crossEntropy, mae, mse, huber and accuracy");
    const painted = await page.locator('[data-testid="landscape-crossEntropy"] canvas[role="img"]').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext("2d")?.getImageData(0, 0, c.width, c.height).data ?? [];
      const colours = new Set<string>();
      for (let i = 0; i < d.length; i += 4 * 97) colours.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
      return colours.size;
    });
    assert.ok(painted > 5, `the map is shaded in bands: ${painted} colours`);
    const side = result.values.length;
    const middle = ((side - 1) / 2) * side + (side - 1) / 2;
    const ce = result.surfaces[0].values;
    const lowest = Math.min(...ce);
    const summary = await text(page, "landscape-summary");
    // The loss named as the loss menu names it (the summary's lossLabels).
    assert.match(summary, new RegExp(`^Lowest cross-entropy on the plane: ${formatNumber(lowest).replace(/[.]/g, "\\.")} at α `));
    assert.match(summary, new RegExp(`At the current weights \\(epoch 30\\): cross-entropy ${formatNumber(ce[middle]).replace(/[.]/g, "\\.")}, accuracy `));
    assert.match(summary, /on 160 of the 160 training samples/);
    // Every map can be reached with Tab and says its figures.
    const labels = await page
      .locator('[data-testid="loss-landscape"] canvas[role="img"]')
      .evaluateAll((cs) => cs.map((c) => [c.getAttribute("tabindex"), c.getAttribute("aria-label")]));
    assert.equal(labels.length, 5);
    for (const [tabindex, label] of labels) {
      assert.equal(tabindex, "0");
      assert.match(label ?? "", / over the plane: from .* to .*; .* at the current weights\.$/);
    }
    await page.locator('[data-testid="landscape-crossEntropy"] canvas[role="img"]').focus();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.closest("figure")?.dataset.testid), "landscape-mae", "Tab goes from map to map");
    // The run ends: the landscape is asked again, through the last weights.
    await send(page, { type: "metrics", runId: 1, update: update(4, "done") });
    assert.equal((await asks()).length, 2);
  });

  it("cancels: the ask ends and the view says so", async () => {
    const page = await panel();
    await send(page, { type: "run", runId: 1, summary: SUMMARY, pastRuns: [] }, { type: "metrics", runId: 1, update: update(3, "paused") });
    await page.locator('[data-testid="landscape-compute"]').click();
    const cancel = page.locator('[data-testid="loss-landscape"] button', { hasText: "Cancel" });
    assert.ok(await cancel.isEnabled());
    await cancel.click();
    const last = await page.evaluate(() => (window as unknown as { posted: { type: string; ask?: unknown }[] }).posted.at(-1));
    assert.deepEqual(last, { type: "landscape", ask: { action: "cancel" } });
    // Each ask is answered: the cancelled computation with null, then the cancel itself.
    await send(page, { type: "landscape", runId: 1, result: null });
    assert.match(await page.locator('[data-testid="loss-landscape"] [role="status"]').innerText(), /^Computing…$/, "one answer of two");
    await send(page, { type: "landscape", runId: 1, result: null });
    assert.match(await page.locator('[data-testid="loss-landscape"] [role="status"]').innerText(), /^Cancelled\.$/);
  });
});
