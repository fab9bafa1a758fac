/** URI path arithmetic without Node (src/extension/uriPaths.ts) agrees with node:path's posix functions. */
import assert from "node:assert/strict";
import { posix } from "node:path";
import { it } from "node:test";
import fc from "fast-check";
import { isAbsolute, relative, resolve } from "../../src/extension/uriPaths";

const segment = fc.constantFrom("a", "b", "data.csv", ".", "..", "..data.csv", "", "é");
const path = fc.array(segment, { maxLength: 6 }).map((s) => s.join("/"));
const absolute = path.map((p) => `/${p}`);

it("resolve, relative and isAbsolute give what node:path's posix gives, for absolute folders", () => {
  fc.assert(
    fc.property(absolute, path, absolute, (folder, rel, root) => {
      assert.equal(resolve(folder, rel), posix.resolve(folder, rel));
      assert.equal(resolve(folder, `/${rel}`), posix.resolve(folder, `/${rel}`));
      assert.equal(relative(root, resolve(folder, rel)), posix.relative(root, posix.resolve(folder, rel)));
      assert.equal(isAbsolute(rel), posix.isAbsolute(rel));
    }),
    { numRuns: 2000 },
  );
});

it("leaving the folder shows as a first segment of exactly '..'", () => {
  assert.equal(relative("/w", "/w/..data.csv"), "..data.csv");
  assert.equal(relative("/w/x", "/w/y/z"), "../y/z");
  assert.equal(relative("/w", "/w"), "");
  assert.equal(resolve("/", "../../etc"), "/etc");
});
