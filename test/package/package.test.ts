/**
 * The packaged extension, as the Visual Studio Marketplace and Open VSX get it: `vsce package` and
 * `ovsx publish` (to a stand-in registry on this machine, which keeps what it is sent) both
 * package it without the escape flags, the README's pictures point at files of the repository,
 * and the package stays within its size budget with only what the extension runs.
 */
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import yauzl from "yauzl";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "node_modules", ".bin");
/**
 * The .vsix may weigh this much at most: the bundled workers and the panel (about 550 KB, the
 * ONNX writer included), the same host and workers built for VS Code for the Web (dist/web,
 * 300 KB compressed), the 10,000 handwritten digits that ship with it (1.6 MB, already gzipped)
 * and the examples' 300 shape pictures (measured 2.50 MB in all).
 */
const SIZE_BUDGET_BYTES = 2816 * 1024;

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const scratch = mkdtempSync(join(tmpdir(), "nnspec-package-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The entries of a .vsix (a zip): names and, for text files asked for, their contents. */
function readVsix(bytes: Buffer, texts: string[]): Promise<{ names: string[]; text: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const names: string[] = [];
      const text: Record<string, string> = {};
      zip.on("entry", (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        if (!texts.includes(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            text[entry.fileName] = Buffer.concat(chunks).toString("utf8");
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve({ names, text }));
      zip.readEntry();
    });
  });
}

async function checkPackage(bytes: Buffer): Promise<void> {
  assert.ok(bytes.length <= SIZE_BUDGET_BYTES, `the package is ${Math.round(bytes.length / 1024)} KB, over its budget of ${SIZE_BUDGET_BYTES / 1024} KB`);
  const { names, text } = await readVsix(bytes, ["extension/readme.md"]);
  for (const needed of [
    "extension/dist/extension.js",
    "extension/dist/runWorker.js",
    "extension/dist/checkerWorker.js",
    "extension/dist/web/extension.js",
    "extension/dist/web/runWorker.js",
    "extension/dist/web/checkerWorker.js",
    "extension/dist/webview/main.js",
    "extension/dist/data/digits-images.idx.gz",
    "extension/dist/data/digits-labels.idx.gz",
    "extension/changelog.md",
    "extension/LICENSE.txt",
  ]) {
    assert.ok(names.includes(needed), `${needed} is packaged`);
  }
  const stray = names.filter((n) => /^extension\/(src|test|bench|scripts|node_modules)\//.test(n) || n === "extension/dist/cli.js" || n.endsWith(".map"));
  assert.deepEqual(stray, [], "only what the extension runs is packaged (the CLI ships with the npm package, not the extension)");
  // Each picture of the README is an absolute address of a file in this repository.
  const readme = text["extension/readme.md"];
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length >= 2, `the README shows pictures: ${images.join(", ")}`);
  const repository = manifest.repository.url.replace(/\.git$/, "");
  for (const image of images) {
    assert.ok(image.startsWith(`${repository}/raw/HEAD/`), `${image} is absolute, from the repository`);
    const path = image.slice(`${repository}/raw/HEAD/`.length);
    assert.ok(existsSync(join(ROOT, path)), `${path} exists in the repository`);
    assert.ok(!path.endsWith(".svg"), `${path}: the Marketplace refuses SVG pictures in a README`);
  }
}

describe("the extension package", () => {
  it("names its repository, issues and home page, and declares what it supports", () => {
    assert.match(manifest.repository.url, /^https:\/\//);
    assert.match(manifest.bugs.url, /^https:\/\//);
    assert.match(manifest.homepage, /^https:\/\//);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
    assert.ok(!manifest.contributes.snippets, "snippets come from a completion provider for specs only");
  });

  it("vsce packages it without --allow-missing-repository or --no-rewrite-relative-links", async () => {
    execFileSync("node", ["esbuild.mjs", "--production"], { cwd: ROOT, stdio: "ignore" });
    const out = join(scratch, "vsce.vsix");
    execFileSync(join(BIN, "vsce"), ["package", "--out", out], { cwd: ROOT, stdio: "pipe" });
    await checkPackage(readFileSync(out));
  });

  it("ovsx packages it for Open VSX, and publishes what vsce would", async () => {
    const received: Buffer[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        res.setHeader("content-type", "application/json");
        if (req.url?.startsWith("/api/-/publish")) {
          received.push(Buffer.concat(chunks));
          res.statusCode = 201;
          res.end(JSON.stringify({ namespace: manifest.publisher, name: manifest.name, version: manifest.version }));
        } else res.end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      // Not execFileSync: the stand-in registry answers from this process's event loop.
      await promisify(execFile)(join(BIN, "ovsx"), ["publish", "--registryUrl", `http://127.0.0.1:${port}`, "--pat", "stand-in"], { cwd: ROOT });
    } finally {
      server.close();
    }
    assert.equal(received.length, 1, "one package published");
    await checkPackage(received[0]);
  });
});
