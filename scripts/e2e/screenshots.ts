/**
 * `npm run screenshots`: the README's pictures, taken from the packaged extension in a real
 * VS Code (code-server): the spiral example trained, and a loss comparison after switching the
 * loss to MAE.
 */
import { join } from "node:path";
import { epoch, waitFor, waitForPanelText } from "../../test/e2e/expect";
import { openFile, panelFrame, ROOT, runCommand, startSession } from "../../test/e2e/harness";

async function main(): Promise<void> {
  const s = await startSession({ vsix: join(ROOT, "nnspec.vsix") });
  const { page } = s;
  try {
    await page.setViewportSize({ width: 2200, height: 1350 });
    await page.keyboard.press("Control+B");
    await openFile(page, "spiral.nnspec.json");
    const frame = await panelFrame(page);
    await waitForPanelText(frame, "status", (t) => t === "done", 60_000);
    await page.mouse.move(1500, 300); // over the diagram: a weight readout
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(ROOT, "media", "panel-spiral.png") });

    await runCommand(page, "NNSpec: Switch Loss Function");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "MAE (L1)" }).first().click();
    await waitFor(
      "the MAE run to start",
      () => epoch(frame),
      (e) => e < 500,
    );
    await waitForPanelText(frame, "status", (t) => t === "done", 120_000);
    const panel = page.locator(".editor-group-container").nth(1);
    await frame.locator('[data-testid="loss-chart"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await panel.screenshot({ path: join(ROOT, "media", "loss-comparison.png") });
    console.log("wrote media/panel-spiral.png and media/loss-comparison.png");
  } finally {
    await s.close();
  }
}

void main();
