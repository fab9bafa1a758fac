/**
 * Drives a real VS Code (code-server, VS Code for the browser) with Playwright in Debian's
 * Chromium: installs the packaged extension into a fresh profile, opens a copy of the examples,
 * and finds the training panel's webview frame.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type Browser, chromium, type Frame, type Page } from "playwright-core";

export const ROOT = join(import.meta.dirname, "..", "..");

export interface Session {
  page: Page;
  workspace: string;
  /** VS Code's user data folder (its logs are under logs/). */
  userData: string;
  url: string;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The folder code-server is installed in (scripts/e2e/install-code-server.sh prints it last). */
export function codeServerDir(): string {
  const out = execFileSync("bash", [join(ROOT, "scripts", "e2e", "install-code-server.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return out.trim().split("\n").pop() ?? "";
}

async function waitForHttp(url: string, child: ChildProcess, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer at ${url} within ${seconds} s`);
}

/**
 * VS Code shows a display language only when a language pack for it is installed, and the
 * Marketplace's packs cannot be fetched offline. So a test that runs in another language
 * declares an empty pack for it, as an installed pack would be recorded in languagepacks.json:
 * VS Code's own words stay English, and everything NNSpec translates (package.nls.<lang>.json,
 * l10n/bundle.l10n.<lang>.json) shows in that language, as it does with the real pack.
 */
function declareLanguagePack(userData: string, locale: string): void {
  const translations = join(userData, `empty-language-pack.${locale}.json`);
  writeFileSync(translations, JSON.stringify({ version: "1.0.0", contents: {} }));
  const pack = {
    hash: `nnspec-e2e-${locale}`,
    extensions: [{ extensionIdentifier: { id: `nnspec-e2e.language-pack-${locale}` }, version: "1.0.0" }],
    translations: { vscode: translations },
    label: locale,
  };
  writeFileSync(join(userData, "languagepacks.json"), JSON.stringify({ [locale]: pack }));
}

export interface SessionOptions {
  vsix: string;
  settings?: Record<string, unknown>;
  codeServer?: string;
  locale?: string;
  /** Workspace trust on, the folder not trusted (Restricted Mode); by default trust is off, as a trusted folder. */
  untrusted?: boolean;
  /** The workspace's files (path → text) instead of a copy of the examples. */
  files?: Record<string, string>;
}

export async function startSession(options: SessionOptions = { vsix: join(ROOT, "nnspec.vsix") }): Promise<Session> {
  const codeServer = join(options.codeServer ?? codeServerDir(), "node_modules", ".bin", "code-server");
  const home = mkdtempSync(join(tmpdir(), "nnspec-e2e-"));
  const extensions = join(home, "extensions");
  const userData = join(home, "user-data");
  const workspace = join(home, "workspace");
  if (options.files) {
    for (const [path, text] of Object.entries(options.files)) {
      mkdirSync(dirname(join(workspace, path)), { recursive: true });
      writeFileSync(join(workspace, path), text);
    }
  } else cpSync(join(ROOT, "examples"), workspace, { recursive: true });
  mkdirSync(join(userData, "User"), { recursive: true });
  writeFileSync(
    join(userData, "User", "settings.json"),
    JSON.stringify({
      "workbench.startupEditor": "none",
      "workbench.tips.enabled": false,
      "workbench.welcomePage.walkthroughs.openOnInstall": false,
      "security.workspace.trust.enabled": Boolean(options.untrusted),
      // An untrusted folder opens in Restricted Mode without asking (as a user who chose "Don't Trust").
      "security.workspace.trust.startupPrompt": "never",
      "telemetry.telemetryLevel": "off",
      "update.mode": "none",
      "extensions.autoCheckUpdates": false,
      "extensions.autoUpdate": false,
      "workbench.colorTheme": "Default Dark Modern",
      "window.zoomLevel": 0,
      ...options.settings,
    }),
  );
  if (options.locale) declareLanguagePack(userData, options.locale);
  execFileSync(codeServer, ["--install-extension", options.vsix, "--extensions-dir", extensions, "--user-data-dir", userData], { stdio: "ignore" });
  const port = await freePort();
  const child = spawn(
    codeServer,
    [
      ...(options.locale ? ["--locale", options.locale] : []),
      "--auth",
      "none",
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--disable-telemetry",
      "--disable-update-check",
      ...(options.untrusted ? [] : ["--disable-workspace-trust"]),
      "--extensions-dir",
      extensions,
      "--user-data-dir",
      userData,
      workspace,
    ],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, child, 60);
  const browser: Browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(url);
  await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
  return {
    page,
    workspace,
    userData,
    url,
    close: async () => {
      await browser.close().catch(() => undefined);
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {}
    },
  };
}

/** Runs a command from the command palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  // A fresh VS Code lists an extension's commands only once it has read the extension: until
  // then the palette does not have them, and is opened again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor();
    await input.fill(`>${title}`);
    try {
      await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.keyboard.press("Escape");
    }
  }
  await page.keyboard.press("Enter");
}

/**
 * Opens a workspace file by name through Quick Open. The first search of a fresh VS Code can be
 * slow (its file index is still being built), so Quick Open is retried rather than waited on once.
 */
export async function openFile(page: Page, name: string): Promise<void> {
  const input = page.locator(".quick-input-widget input");
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("Control+P");
    await input.waitFor();
    await input.fill(name);
    try {
      await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().waitFor({ timeout: 15_000 });
      break;
    } catch (e) {
      await page.keyboard.press("Escape");
      if (attempt === 4) throw e;
    }
  }
  await page.keyboard.press("Enter");
  await page.locator(".editor-instance .monaco-editor .view-lines").first().waitFor();
}

/** The training panel's content frame (a webview nests its page in an inner iframe). */
export async function panelFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        if (await frame.locator('[data-testid="layer-diagram"]').count()) return frame;
      } catch {}
    }
    await page.waitForTimeout(250);
  }
  throw new Error("the training panel did not appear");
}
