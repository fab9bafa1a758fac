/**
 * The browser build (dist/web: VS Code for the Web's extension host and its Web Workers) imports
 * nothing of Node: esbuild's list of what it bundled (dist/web/inputs.json, written by
 * esbuild.mjs) names no Node module and no file of src/node, and the bundles themselves require
 * no Node builtin. The scan is shown to catch one, on a bundle text that has it.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { before, it } from "node:test";

const ROOT = join(import.meta.dirname, "..", "..");
const BUNDLES = ["extension.js", "runWorker.js", "checkerWorker.js"];
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** The Node builtins `bundle` requires or imports, as `require("fs")`, `import("node:fs")` or `from "node:fs"`. */
function nodeImports(bundle: string): string[] {
  const found = new Set<string>();
  for (const m of bundle.matchAll(/\b(?:require|import)\s*\(\s*["'`]([^"'`]+)["'`]\s*\)|\bfrom\s*["']([^"']+)["']/g)) {
    const name = m[1] ?? m[2];
    if (builtins.has(name) || name.startsWith("node:")) found.add(name);
  }
  return [...found].sort();
}

before(() => {
  execFileSync(process.execPath, ["esbuild.mjs"], { cwd: ROOT, stdio: "inherit" });
});

it("the scan finds a Node import in a bundle that has one", () => {
  assert.deepEqual(nodeImports('var a=require("node:fs"),b=require( "worker_threads" );const c=await import("node:crypto");'), [
    "node:crypto",
    "node:fs",
    "worker_threads",
  ]);
  assert.deepEqual(nodeImports('import { x } from "node:path"; require("vscode"); require("ajv/dist/runtime/equal")'), ["node:path"]);
});

it("the browser bundles require no Node builtin", () => {
  for (const name of BUNDLES) {
    const bundle = readFileSync(join(ROOT, "dist", "web", name), "utf8");
    assert.ok(bundle.length > 10_000, `${name} was built`);
    assert.deepEqual(nodeImports(bundle), [], `dist/web/${name}`);
  }
});

it("what esbuild bundled for the browser has no Node module and no file of src/node, and has the browser twins", () => {
  const inputs = JSON.parse(readFileSync(join(ROOT, "dist", "web", "inputs.json"), "utf8")) as string[];
  assert.ok(inputs.length > 100, `${inputs.length} inputs`);
  assert.deepEqual(
    inputs.filter((i) => builtins.has(i) || i.startsWith("node:") || i.startsWith("src/node/")),
    [],
  );
  for (const nodeOnly of ["src/extension/hostPlatform.ts", "src/extension/workerStart.ts", "src/worker/hostConnection.ts", "src/worker/memory.ts"]) {
    assert.ok(!inputs.includes(nodeOnly), `${nodeOnly} is replaced by its twin in src/web`);
  }
  for (const twin of ["src/web/hostPlatform.ts", "src/web/workerStart.ts", "src/web/hostConnection.ts", "src/web/memory.ts"]) {
    assert.ok(inputs.includes(twin), `${twin} is bundled`);
  }
});

it("the manifest's browser entry is the browser bundle", () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  assert.equal(manifest.browser, "./dist/web/extension.js");
});
