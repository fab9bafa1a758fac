/**
 * NNSpec in VS Code for the Web's extension host: code-server serves VS Code for the browser,
 * and the extension installed is the packaged one with its manifest's `main` taken out, so only
 * its `browser` entry (dist/web/extension.js) can run: in the web worker extension host, with
 * Web Workers for training and checking, and every file through workspace.fs. Train Network on
 * the spiral must reach done, the epoch counter rising, as scenario 1 asserts under Node; the
 * bundled digits (dist/data, read through workspace.fs) must train too.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { epoch, panelText, waitFor, waitForPanelText } from "./expect";
import { codeServerDir, openFile, panelFrame, ROOT, runCommand, startSession } from "./harness";

const ARTIFACTS = join(ROOT, ".test-artifacts", "e2e");
const scratch = mkdtempSync(join(tmpdir(), "nnspec-web-"));
const WEB_VSIX = join(scratch, "nnspec-browser-only.vsix");
let codeServer = "";

/** The packaged extension with only its browser entry: without `main`, no Node extension host runs it. */
function browserOnlyVsix(): void {
  const files = unzipSync(readFileSync(join(ROOT, "nnspec.vsix")));
  const manifest = JSON.parse(strFromU8(files["extension/package.json"]));
  assert.ok(manifest.browser, "the manifest has a browser entry");
  delete manifest.main;
  files["extension/package.json"] = strToU8(JSON.stringify(manifest, null, 2));
  writeFileSync(WEB_VSIX, zipSync(files));
}

before(() => {
  codeServer = codeServerDir();
  browserOnlyVsix();
  mkdirSync(ARTIFACTS, { recursive: true });
});
after(() => rmSync(scratch, { recursive: true, force: true }));

it("25. VS Code for the Web (a build with only the browser entry, in the web worker extension host): Train Network on the spiral reaches done, the epoch rising; the bundled digits train too", async () => {
  const s = await startSession({ vsix: WEB_VSIX, codeServer, settings: { "nnspec.trainOnOpen": false } });
  const started = Date.now();
  try {
    const { page } = s;
    await openFile(page, "spiral.nnspec.json");
    const frame = await panelFrame(page, 60_000);
    await waitForPanelText(frame, "status", (t) => t === "paused", 30_000);
    await frame.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { epochsSeen: number[] }).epochsSeen = seen;
      const counter = document.querySelector('[data-testid="epoch"]');
      if (counter) new MutationObserver(() => seen.push(Number(counter.textContent))).observe(counter, { childList: true, characterData: true, subtree: true });
    });
    await runCommand(page, "NNSpec: Train Network");
    await waitForPanelText(frame, "status", (t) => t === "done", 60_000);
    const seen = await frame.evaluate(() => (window as unknown as { epochsSeen: number[] }).epochsSeen);
    const rising = seen.filter((e, i) => e > 0 && (i === 0 || e > seen[i - 1]));
    assert.ok(rising.length >= 3, `the epoch counter rose through several values: ${JSON.stringify(seen)}`);
    assert.equal(await epoch(frame), 500);
    assert.match(await panelText(frame, "loss-value"), /^0\.\d+$/);
    // The worker compiled the WebAssembly SIMD kernels (a browser could refuse and fall back).
    assert.equal(await frame.locator(".statusline").getAttribute("data-kernels"), "simd");
    const validation = Number(/validation ([\d.]+)%/.exec(await panelText(frame, "accuracy-value"))?.[1]);
    assert.ok(validation >= 90, `validation accuracy ${validation}%`);
    console.log(`web extension host: the spiral opened, trained and reached done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // The digits that ship with NNSpec are read from the extension through workspace.fs: the
    // panel follows to their spec, which trains, and the gallery shows them.
    await openFile(page, "digits.nnspec.json");
    await waitForPanelText(frame, "status", (t) => t === "paused", 30_000);
    await runCommand(page, "NNSpec: Train Network");
    await waitFor(
      "an epoch of the digits",
      () => epoch(frame),
      (e) => e >= 1,
      60_000,
    );
    assert.equal(await frame.locator('[data-testid="sample-gallery"] .gallery-item').count(), 48);
    await page.screenshot({ path: join(ARTIFACTS, "25-web-extension-host.png") });
  } catch (e) {
    await s.page.screenshot({ path: join(ARTIFACTS, "25-web-extension-host-FAILED.png") }).catch(() => undefined);
    throw e;
  } finally {
    await s.close();
  }
});
