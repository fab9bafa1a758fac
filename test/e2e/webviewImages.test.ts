/**
 * The panel's image views in a real browser (Debian's Chromium), as webview.test.ts loads the
 * panel: the bundle with a stand-in for VS Code's API, fed the messages a real run of 200 bundled
 * digits makes (a TrainingSession in this process), asserted on the DOM and the canvases' pixels.
 * The gallery and its filters, a confusion-matrix cell's samples, the card of an image (its
 * input gradient, the output's bars beside the target, the loss under each loss), the unit
 * images, the diagram's image block, the draw pad by pointer and by keyboard, Korean, and axe.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { type Browser, chromium, type Page } from "playwright-core";
import { formatNumber } from "../../src/core/base/format";
import { nodeFiles } from "../../src/node/nodeFiles";
import type { DrawnImage } from "../../src/protocol/images";
import type { HostToWebview } from "../../src/protocol/panel";
import type { MetricsUpdate, RunEvent, RunSummary, SampleCard } from "../../src/protocol/run";
import { TrainingSession } from "../../src/worker/session";
import { codeServerDir, ROOT } from "./harness";

const themes = Object.fromEntries(
  (["dark", "light"] as const).map((name) => [name, JSON.parse(readFileSync(join(import.meta.dirname, "themes", `${name}.json`), "utf8"))]),
) as Record<"dark" | "light", { bodyClass: string; style: string }>;

const html = (
  initialState: object,
  theme: "dark" | "light",
) => `<!DOCTYPE html><html style="${themes[theme].style.replace(/"/g, "&quot;")}"><head><meta charset="utf-8"><title>NNSpec training</title><link rel="stylesheet" href="/main.css"></head>
<body class="${themes[theme].bodyClass}"><div id="app"></div>
<script>
  window.posted = [];
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => undefined, setState: () => undefined });
</script>
<script id="nnspec-initial-state" type="application/json">${JSON.stringify(initialState)}</script>
<script type="module" src="/main.js"></script></body></html>`;

let server: Server;
let browser: Browser;
let base = "";
const pageErrors: string[] = [];
const ARTIFACTS = join(ROOT, ".test-artifacts", "e2e");

before(async () => {
  codeServerDir(); // installs Debian's chromium if it is missing
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/" || url.pathname === "/ko") {
      const korean = url.pathname === "/ko";
      const l10n = korean ? JSON.parse(readFileSync(join(ROOT, "l10n", "bundle.l10n.ko.json"), "utf8")) : undefined;
      res.setHeader("content-type", "text/html");
      res.end(html({ l10n, language: korean ? "ko" : "en" }, url.searchParams.get("theme") === "light" ? "light" : "dark"));
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

afterEach(() => {
  assert.deepEqual(pageErrors.splice(0), [], "the panel logged errors");
});

async function panel(path = ""): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on("console", (m) => {
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

const posted = (page: Page) => page.evaluate(() => (window as unknown as { posted: { type: string; sample?: number; drawn?: DrawnImage }[] }).posted);

/** A real run of 200 bundled digits, 2 epochs: its summary, last update, and cards as the worker makes them. */
function digitsRun() {
  const text = readFileSync(join(ROOT, "examples", "digits.nnspec.json"), "utf8")
    .replace('"samples": 10000', '"samples": 200')
    .replace('"epochs": 15', '"epochs": 2');
  const events: RunEvent[] = [];
  const session = new TrainingSession(
    { updateIntervalMs: 100, boundaryResolution: 16, pace: "max" },
    (e) => events.push(e),
    () => undefined,
  );
  session.start(text, nodeFiles(join(ROOT, "examples", "x.nnspec.json")), false);
  session.handle({ type: "step", unit: "epoch" });
  session.handle({ type: "step", unit: "epoch" });
  const summary = (events.find((e) => e.type === "started") as Extract<RunEvent, { type: "started" }>).summary;
  const update = (events.filter((e) => e.type === "metrics").pop() as Extract<RunEvent, { type: "metrics" }>).update;
  return { session, summary, update };
}
const run = digitsRun();
const images = run.summary.images as NonNullable<RunSummary["images"]>;
const update = run.update;
const guesses = update.gallery as NonNullable<MetricsUpdate["gallery"]>;
const confusion = update.confusion as NonNullable<MetricsUpdate["confusion"]>;

async function showRun(page: Page): Promise<void> {
  await send(page, { type: "run", runId: 1, summary: run.summary, pastRuns: [] }, { type: "metrics", runId: 1, update: run.update });
}

/** The colours of a canvas's pixels, counted: white, blue-ish (b > r) and vermilion-ish (r > b). */
const paletteOf = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext("2d")?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      let [blue, vermilion, lit] = [0, 0, 0];
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 2] > d[i] + 20) blue++;
        else if (d[i] > d[i + 2] + 20) vermilion++;
        if (d[i] > 0) lit++;
      }
      return { blue, vermilion, lit, pixels: d.length / 4 };
    });

describe("the panel's image views", () => {
  it("the gallery: each validation digit with its label, guess and probability as its name; mistakes most confident first; a confusion cell's samples", async () => {
    const page = await panel();
    await showRun(page);
    const items = page.locator('[data-testid="sample-gallery"] .gallery-item');
    assert.equal(await items.count(), 40, "the 40 validation digits of 200");
    const names = await items.evaluateAll((list) => list.map((b) => b.querySelector(".visually-hidden")?.textContent ?? ""));
    names.forEach((name, i) => {
      const right = guesses.predicted[i] === images.labels[i];
      assert.match(
        name,
        new RegExp(`^sample ${images.samples[i]}: label ${images.labels[i]}, guessed ${guesses.predicted[i]} at [\\d.]+%, ${right ? "right" : "wrong"}$`),
        name,
      );
    });
    // That sentence is the button's accessible name.
    assert.equal(await page.getByRole("button", { name: names[0], exact: true }).count(), 1);
    const painted = await paletteOf(page, '[data-testid="sample-gallery"] canvas');
    assert.equal(painted.pixels, 784);
    assert.ok(painted.lit > 50 && painted.lit < 700, `a digit's stroke is lit (${painted.lit} pixels)`);

    await page.locator('[data-testid="gallery-mistakes"]').click();
    const wrong = Array.from({ length: 40 }, (_, i) => i)
      .filter((i) => guesses.predicted[i] !== images.labels[i])
      .sort((a, b) => guesses.probability[b] - guesses.probability[a]);
    assert.ok(wrong.length > 0, "after 2 epochs on 160 digits some are wrong");
    const shown = await items.evaluateAll((list) => list.map((b) => Number((b as HTMLElement).dataset.sample)));
    assert.deepEqual(
      shown,
      wrong.map((i) => images.samples[i]),
    );
    assert.ok(
      (await items.evaluateAll((list) => list.map((b) => b.textContent ?? ""))).every((s) => s.startsWith("✗")),
      "each mistake marked ✗, not by colour alone",
    );
    assert.equal(await page.locator('[data-testid="gallery-mistakes"]').getAttribute("aria-pressed"), "true");

    // An off-diagonal cell of the confusion matrix: the gallery holds every validation digit, so its samples are the cell's count.
    const { classes, counts } = confusion;
    const cell = Array.from({ length: classes * classes }, (_, c) => c).find((c) => Math.floor(c / classes) !== c % classes && counts[c] > 0) ?? -1;
    const [label, predicted] = [Math.floor(cell / classes), cell % classes];
    await page
      .locator('[data-testid="confusion-matrix"] tr')
      .nth(label + 1)
      .locator("td")
      .nth(predicted)
      .click();
    assert.equal(await items.count(), counts[cell]);
    assert.match(
      await page.locator('[data-testid="gallery-caption"]').innerText(),
      new RegExp(`^True ${label}, predicted ${predicted}: ${counts[cell]} of the gallery's 40 validation samples`),
    );

    // Every image opens the sample card, by keyboard too.
    await page.locator('[data-testid="gallery-all"]').click();
    await items.nth(2).focus();
    // New guesses while training: the focused image keeps its focus, its name follows the guess.
    const changed = { ...guesses, probability: guesses.probability.map(() => 0.5), epoch: 3, version: guesses.version + 1 };
    await send(page, { type: "metrics", runId: 1, update: { ...update, status: "training", epochs: [], gallery: changed } });
    await page.waitForTimeout(200);
    const focused = await page.evaluate(() => {
      const e = document.activeElement as HTMLElement | null;
      return { sample: e?.dataset.sample, name: e?.querySelector(".visually-hidden")?.textContent ?? "" };
    });
    assert.equal(focused.sample, String(images.samples[2]), "the focused image is still focused");
    assert.match(focused.name, / at 50(\.0)?%, (right|wrong)$/);
    await page.keyboard.press("Enter");
    const asked = (await posted(page)).filter((m) => m.type === "card");
    assert.equal(asked.pop()?.sample, images.samples[2]);
  });

  it("the card of an image: its picture, ∂loss/∂pixel in both colours with a legend, the output's bars beside the one-hot target, the loss under each loss", async () => {
    const page = await panel();
    await showRun(page);
    const sample = images.samples[0];
    await page.locator('[data-testid="sample-gallery"] .gallery-item').first().click();
    const card: SampleCard = run.session.card(sample, null, null);
    await send(page, { type: "card", runId: 1, card });
    assert.equal(await page.locator('[data-testid="card-input"]').count(), 0, "no list of 784 numbers");
    const picture = await paletteOf(page, '[data-testid="card-image"] canvas');
    assert.ok(picture.lit > 50, "the digit is drawn");
    const gradient = await paletteOf(page, '[data-testid="input-gradient"] canvas');
    assert.ok(gradient.blue > 0 && gradient.vermilion > 0, `pixels that raise the loss and pixels that lower it (${JSON.stringify(gradient)})`);
    const largest = Math.max(...card.trace.inputGradient.map(Math.abs));
    assert.match(
      await page.locator('[data-testid="input-gradient-legend"]').innerText(),
      new RegExp(`− ${formatNumber(largest).replace(/[.+]/g, "\\$&")} brighter lowers the loss`),
    );
    const rows = page.locator('[data-testid="card-output-bars"] tr');
    assert.equal(await rows.count(), 1 + 10);
    const answer = page.locator('[data-testid="card-output-bars"] tr[data-answer="true"]');
    assert.equal(await answer.locator("th").innerText(), String(images.labels[0]));
    assert.match(await answer.locator("td").nth(1).innerText(), /1$/);
    const losses = await page.locator('[data-testid="card-losses"] li').allInnerTexts();
    assert.equal(losses.length, 4);
    assert.equal(losses[0], `crossEntropy: ${formatNumber(card.trace.loss)} (the spec's loss)`);
    assert.match(losses[2], /^mse: /);
  });

  it("unit images: 64 of 128 units' weights in both colours, named; the diagram's input is one 28 × 28 image block, not +774", async () => {
    const page = await panel();
    await showRun(page);
    const canvases = page.locator('[data-testid="unit-images"] canvas');
    assert.equal(await canvases.count(), 64);
    assert.match((await canvases.first().getAttribute("aria-label")) ?? "", /^unit 0: its weights as an image, largest \|weight\| [\d.]+$/);
    assert.match(await page.locator('[data-testid="unit-images"]').innerText(), /the first 64 of 128 units/);
    const colours = await paletteOf(page, '[data-testid="unit-images"] canvas');
    assert.ok(colours.blue > 100 && colours.vermilion > 100, JSON.stringify(colours));
    const diagram = await page.locator('[data-testid="layer-diagram"] svg').first().textContent();
    assert.doesNotMatch(diagram ?? "", /\+774/);
    assert.match(diagram ?? "", /28 × 28 image/);
    assert.equal(await page.locator('[data-testid="input-image-block"] image').count(), 1);
    assert.match((await page.locator('[data-testid="input-image-block"] image').getAttribute("href")) ?? "", /^data:image\/png;base64,/);
  });

  it("the draw pad: a stroke by pointer asks for its probabilities (MNIST's preprocessing), shown as bars; the keyboard draws too; Follow opens the card", async () => {
    const page = await panel();
    await showRun(page);
    assert.equal(await page.locator('[data-testid="draw-pad"] h3').innerText(), "Draw a digit");
    const pad = page.locator('[data-testid="draw-canvas"]');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    assert.ok(box);
    // A vertical stroke, like a 1.
    await page.mouse.move(box.x + box.width / 2, box.y + 30);
    await page.mouse.down();
    for (let s = 1; s <= 10; s++) await page.mouse.move(box.x + box.width / 2, box.y + 30 + s * 16);
    await page.mouse.up();
    await page.waitForTimeout(300);
    const probe = (await posted(page)).filter((m) => m.type === "card" && m.drawn).pop()?.drawn;
    assert.ok(probe, "the drawing was sent");
    assert.equal(probe.pixels.length, 784);
    const rowsLit = new Set(probe.pixels.flatMap((v, i) => (v > 0 ? [Math.floor(i / 28)] : [])));
    assert.equal(rowsLit.size, 20, "scaled into 20 rows, as MNIST's digits");
    const card = run.session.card(0, null, null, probe);
    await send(page, { type: "card", runId: 1, card });
    assert.equal(await page.locator('[data-testid="draw-probabilities"] .prob-row').count(), 10);
    const best = card.trace.output.indexOf(Math.max(...card.trace.output));
    assert.match(await page.locator('[data-testid="draw-pad"] [role="status"]').innerText(), new RegExp(`^The network guesses ${best} at `));
    assert.equal(await page.locator('[data-testid="draw-label"]').inputValue(), String(best), "what you drew starts as the guess");

    await page.locator('[data-testid="draw-follow"]').click();
    const asked = (await posted(page)).filter((m) => m.type === "card").pop();
    assert.ok(asked?.drawn);
    await send(page, { type: "card", runId: 1, card });
    assert.equal(await page.locator('[data-testid="card-body"] h4').innerText(), "Your drawing");
    assert.equal(await page.locator('[data-testid="input-gradient"]').count(), 1);

    // Cleared with Delete; then a line drawn with the keyboard alone.
    await pad.focus();
    await page.keyboard.press("Delete");
    const before = (await posted(page)).length;
    await page.keyboard.press("Space");
    for (let i = 0; i < 8; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Space");
    await page.waitForTimeout(300);
    const drawn = (await posted(page))
      .slice(before)
      .filter((m) => m.drawn)
      .pop()?.drawn;
    assert.ok(
      drawn?.pixels.some((v) => v > 0),
      "the keyboard's stroke was drawn and sent",
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "webview-images.png"), fullPage: true });
    for (const id of ["layer-diagram", "sample-gallery", "draw-pad", "unit-images", "sample-card"])
      await page
        .locator(`[data-testid="${id}"]`)
        .first()
        .screenshot({ path: join(ARTIFACTS, `webview-images-${id}.png`) });
    // Classes that are not the digits 0 to 9 are drawn as pictures.
    const clothes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
    await send(page, { type: "run", runId: 2, summary: { ...run.summary, classNames: clothes }, pastRuns: [] });
    assert.equal(await page.locator('[data-testid="draw-pad"] h3').innerText(), "Draw a picture");
    assert.deepEqual(await page.locator('[data-testid="draw-label"] option').allInnerTexts(), clothes);
  });

  it("in Korean, and without WCAG 2.1 A/AA violations (axe-core) in the light theme", async () => {
    const ko = await panel("ko");
    await showRun(ko);
    assert.equal(await ko.locator('[data-testid="sample-gallery"] h3').innerText(), "샘플과 신경망의 예측값");
    assert.match(
      (await ko.locator('[data-testid="sample-gallery"] .gallery-item .visually-hidden').first().textContent()) ?? "",
      /^샘플 \d+: 정답 \d, 예측 \d \(확률 [\d.]+%\), (맞음|틀림)$/,
    );
    await ko.locator('[data-testid="gallery-mistakes"]').click();
    mkdirSync(ARTIFACTS, { recursive: true });
    await ko.screenshot({ path: join(ARTIFACTS, "webview-images-ko.png"), fullPage: true });
    const page = await panel("?theme=light");
    await showRun(page);
    await send(page, { type: "card", runId: 1, card: run.session.card(images.samples[0], null, null) });
    await page.addScriptTag({ content: readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8") });
    for (const id of ["sample-gallery", "unit-images", "draw-pad", "sample-card"]) {
      await page.locator(`[data-testid="${id}"]`).scrollIntoViewIfNeeded();
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } })
          .axe;
        const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        return result.violations.map(
          (v) =>
            `${v.id} (${v.nodes
              .map((n) => n.target.join(" "))
              .slice(0, 3)
              .join("; ")})`,
        );
      });
      assert.deepEqual(violations, [], id);
    }
  });
});
