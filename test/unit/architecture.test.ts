/**
 * The core's folders form layers: each may import only from the layers below it, so the graph
 * has no cycles and each piece can be read (and tested) with only what is under it. The build
 * (esbuild.mjs) separately refuses any Node import in src/core.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";

const CORE = resolve(import.meta.dirname, "..", "..", "src", "core");

/** Lowest first. A folder may import from folders of a lower rank only (and from itself). */
const LAYERS: Record<string, number> = { base: 0, nn: 1, data: 1, weights: 2, spec: 3, train: 4, export: 5, landscape: 5 };

function coreFiles(folder = CORE): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? coreFiles(join(folder, e.name)) : e.name.endsWith(".ts") ? [join(folder, e.name)] : [],
  );
}

const folderOf = (file: string) => relative(CORE, file).split("/")[0];

test("every file of the core lives in a folder of a known layer", () => {
  for (const file of coreFiles()) assert.ok(folderOf(file) in LAYERS, `${relative(CORE, file)} is in no layer of ${Object.keys(LAYERS).join(", ")}`);
});

test("the core's folders import only downwards: base < nn, data < weights < spec < train < export", () => {
  const wrong: string[] = [];
  for (const file of coreFiles()) {
    const from = folderOf(file);
    for (const [, spec] of readFileSync(file, "utf8").matchAll(/from "(\.[^"]+)"/g)) {
      const target = resolve(dirname(file), spec);
      const to = relative(CORE, target).startsWith("..") ? "outside the core" : folderOf(`${target}.ts`);
      if (to === from) continue;
      if (!(to in LAYERS) || LAYERS[to] >= LAYERS[from]) wrong.push(`${relative(CORE, file)} imports ${spec} (${from} → ${to})`);
    }
  }
  assert.deepEqual(wrong, []);
});
