/**
 * `npm run screenshots`: the README's pictures, taken from the packaged extension in a real
 * VS Code (code-server): the spiral at the default pace, then trained; a loss switched to MAE with
 * the earlier curve kept; the dog/cat sample card; the number-guessing game played by hand; the
 * vanishing-gradients example's findings, update ratios and distributions; Compare Loss
 * Functions on the spiral; the handwritten digits' gallery, draw pad and card; and XOR stalled on a
 * flat place with the loss landscape around it.
 */
import { join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { epoch, panelText, waitFor, waitForPanelText } from "../../test/e2e/expect";
import { openFile, panelFrame, ROOT, runCommand, type Session, startSession } from "../../test/e2e/harness";

const MEDIA = join(ROOT, "media");

/** A fresh VS Code with the examples, the side bar closed, showing `file`'s panel. */
async function session(file: string, settings: Record<string, unknown> = {}): Promise<{ s: Session; page: Page; frame: Frame }> {
  const s = await startSession({ vsix: join(ROOT, "nnspec.vsix"), settings });
  await s.page.setViewportSize({ width: 2200, height: 1350 });
  await s.page.keyboard.press("Control+B");
  await openFile(s.page, file);
  return { s, page: s.page, frame: await panelFrame(s.page) };
}

const panelOnly = (page: Page) => page.locator(".editor-group-container").nth(1);

async function spiralAndLossSwitch(): Promise<void> {
  const { s, page, frame } = await session("spiral.nnspec.json");
  try {
    // At the default pace a learner watches it learn: the status line says how fast.
    await waitFor(
      "the spiral to be a third of the way",
      () => epoch(frame),
      (e) => e >= 150 && e < 400,
      60_000,
    );
    await panelOnly(page).screenshot({ path: join(MEDIA, "pace.png") });
    await waitForPanelText(frame, "status", (t) => t === "done", 60_000);
    await page.mouse.move(1500, 420); // over the diagram: a weight readout
    await page.waitForTimeout(3000); // VS Code redraws the CodeLens at its own pace
    await page.screenshot({ path: join(MEDIA, "panel-spiral.png") });

    await runCommand(page, "NNSpec: Switch Loss Function");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "MAE (L1)" }).first().click();
    await waitFor(
      "the MAE run to start",
      () => epoch(frame),
      (e) => e < 500,
    );
    await waitForPanelText(frame, "status", (t) => t === "done", 120_000);
    await frame.locator('[data-testid="loss-chart"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await panelOnly(page).screenshot({ path: join(MEDIA, "loss-comparison.png") });
  } finally {
    await s.close();
  }
}

async function sampleCard(): Promise<void> {
  const { s, page, frame } = await session("dog-cat.nnspec.json", { "nnspec.trainOnOpen": false });
  try {
    await waitForPanelText(frame, "status", (t) => t === "paused");
    await frame.locator('[data-testid="sample-table"] tr[data-sample="0"]').click();
    await waitForPanelText(frame, "card-output", (t) => t.includes("[0.8, 0.2]"));
    await frame.locator('[data-testid="layer-diagram"] line').first().click();
    await waitForPanelText(frame, "card-step", (t) => t.startsWith("w ←"));
    await frame.locator('[data-testid="loss-along-button"]').click();
    await frame.locator('[data-testid="loss-along-crossEntropy"]').waitFor();
    await frame.locator('[data-testid="sample-card"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await panelOnly(page).screenshot({ path: join(MEDIA, "sample-card.png") });
  } finally {
    await s.close();
  }
}

/** The lesson's number-guessing game played by hand: the four guesses typed as the output biases. */
async function handEdit(): Promise<void> {
  const { s, page, frame } = await session("number-guessing.nnspec.json", { "nnspec.trainOnOpen": false });
  try {
    await waitForPanelText(frame, "status", (t) => t === "paused");
    await frame.locator('[data-testid="sample-table"] tr[data-sample="0"]').click();
    await waitForPanelText(frame, "card-output", (t) => t.includes("[40, 19, 330, 57]"));
    // The weights are 0 and the input 1, so each output is its bias: the guesses [50, 40, 350, 66].
    for (const [k, guess] of [50, 40, 350, 66].entries()) {
      await frame
        .locator('[data-testid="layer-diagram"] .unit')
        .nth(1 + k)
        .click();
      const field = frame.locator('[data-testid="set-parameter"]');
      await field.fill(String(guess));
      await field.press("Enter");
      await waitForPanelText(frame, "card-output", (t) => t.includes(String(guess)));
    }
    await waitForPanelText(frame, "accuracy-value", (t) => t.includes("25.0%") && t.includes("(after your edit)"));
    await frame.locator('[data-testid="sample-card"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await panelOnly(page).screenshot({ path: join(MEDIA, "hand-edit.png") });
  } finally {
    await s.close();
  }
}

async function gradientFlow(): Promise<void> {
  const { s, page, frame } = await session("vanishing-gradients.nnspec.json");
  try {
    await waitForPanelText(frame, "status", (t) => t === "done", 90_000);
    await frame.locator('[data-testid="unit-rings"]').click();
    await frame.locator('[data-testid="findings"] summary').nth(1).click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(MEDIA, "gradient-flow.png") });
    await frame.locator('[data-testid="distribution-kind"]').selectOption("deltas");
    await frame.locator('[data-testid="update-ratio-chart"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await panelOnly(page).screenshot({ path: join(MEDIA, "update-ratio-distributions.png") });
  } finally {
    await s.close();
  }
}

async function compareLosses(): Promise<void> {
  const { s, page, frame } = await session("spiral.nnspec.json", { "nnspec.trainOnOpen": false });
  try {
    await waitForPanelText(frame, "status", (t) => t === "paused");
    await runCommand(page, "NNSpec: Compare Loss Functions");
    await waitFor(
      "every run to end",
      async () => (await panelText(frame, "comparison-table")).split("\n").slice(1),
      (rows) => rows.length >= 3 && rows.every((r) => /\tdone$/.test(r)),
      180_000,
    );
    await page.waitForTimeout(500);
    await panelOnly(page).screenshot({ path: join(MEDIA, "compare-losses.png") });
  } finally {
    await s.close();
  }
}

/** Handwritten digits trained: the gallery's mistakes, the units' weights; then a digit drawn on the pad, followed forward and back. */
async function digits(): Promise<void> {
  const { s, page, frame } = await session("digits.nnspec.json");
  try {
    await waitForPanelText(frame, "status", (t) => t === "done", 180_000);
    await frame.locator('[data-testid="gallery-mistakes"]').click();
    await frame.locator('[data-testid="sample-gallery"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await panelOnly(page).screenshot({ path: join(MEDIA, "digits-gallery.png") });
    // A 7 on the draw pad: the top bar, then the stroke down to the left.
    const pad = frame.locator('[data-testid="draw-canvas"]');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    if (!box) throw new Error("the draw pad is not shown");
    const at = (x: number, y: number) => page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 12 });
    await at(0.3, 0.25);
    await page.mouse.down();
    await at(0.7, 0.25);
    await at(0.45, 0.8);
    await page.mouse.up();
    await waitForPanelText(frame, "draw-probabilities", (t) => t.includes("%"));
    await frame.locator('[data-testid="draw-follow"]').click();
    await frame.locator('[data-testid="input-gradient"] canvas').waitFor();
    await frame.locator('[data-testid="draw-pad"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await panelOnly(page).screenshot({ path: join(MEDIA, "digits-draw.png") });
    await frame.locator('[data-testid="card-output-bars"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await panelOnly(page).screenshot({ path: join(MEDIA, "digits-card.png") });
  } finally {
    await s.close();
  }
}

/** XOR with too few units, stalled on a flat place: its findings and the loss landscape around it. */
async function landscape(): Promise<void> {
  const { s, page, frame } = await session("xor-stall.nnspec.json");
  try {
    await waitForPanelText(frame, "status", (t) => t === "done", 60_000);
    await frame.locator('[data-testid="landscape-compute"]').click();
    await waitForPanelText(frame, "landscape-summary", (t) => t.startsWith("Lowest"), 60_000);
    await frame.locator('[data-testid="loss-landscape"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await panelOnly(page).screenshot({ path: join(MEDIA, "loss-landscape.png") });
  } finally {
    await s.close();
  }
}

/** Every picture, or (`npm run screenshots -- digits`) those of the cases named. */
async function main(): Promise<void> {
  const cases: Record<string, () => Promise<void>> = { spiralAndLossSwitch, sampleCard, handEdit, gradientFlow, compareLosses, digits, landscape };
  const only = process.argv.slice(2);
  for (const [name, take] of Object.entries(cases)) if (only.length === 0 || only.includes(name)) await take();
  console.log(
    only.length
      ? `took ${only.join(", ")}`
      : "wrote media/pace.png, panel-spiral.png, loss-comparison.png, sample-card.png, hand-edit.png, gradient-flow.png, update-ratio-distributions.png, compare-losses.png, digits-gallery.png, digits-draw.png, digits-card.png, loss-landscape.png",
  );
}

void main();
