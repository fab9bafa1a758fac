/** Polling assertions on what a user sees: text in the panel, the editor, the Problems panel. */
import type { Frame, Page } from "playwright-core";

export async function waitFor<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}${lastError ? ` (${lastError})` : ""}`);
}

export const panelText = (frame: Frame, testid: string) => frame.locator(`[data-testid="${testid}"]`).first().innerText();

export function waitForPanelText(frame: Frame, testid: string, ok: (text: string) => boolean, timeoutMs?: number): Promise<string> {
  return waitFor(`${testid}`, () => panelText(frame, testid), ok, timeoutMs);
}

export async function epoch(frame: Frame): Promise<number> {
  return Number(await panelText(frame, "epoch"));
}

/** The active editor's visible text (Monaco renders lines with non-breaking spaces). */
export async function editorText(page: Page): Promise<string> {
  return (await page.locator(".editor-instance .monaco-editor .view-lines").first().innerText()).replace(/\u00a0/g, " ");
}

export async function problemsText(page: Page): Promise<string> {
  return page.locator(".markers-panel").first().innerText();
}

/** The text of every frame of the page (webviews, such as a walkthrough's page, are frames). */
export async function framesText(page: Page): Promise<string> {
  const texts = await Promise.all(
    page.frames().map((frame) =>
      frame
        .locator("body")
        .innerText()
        .catch(() => ""),
    ),
  );
  return texts.join("\n");
}

/** Asks the editor for completions (Ctrl+Space) and reads what its suggestion list shows ("" while none is open). */
export async function suggestions(page: Page): Promise<string> {
  await page.keyboard.press("Control+Space");
  return page
    .locator(".suggest-widget.visible")
    .innerText({ timeout: 3000 })
    .catch(() => "");
}
