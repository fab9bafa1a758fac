/** schemas/nnspec.schema.json is generated from the one schema in the code; it must not drift. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { schemaFileText } from "../../src/core/spec/schemaFile";

it("schemas/nnspec.schema.json is in sync with src/core/spec/schema.ts (run `npm run schema`)", () => {
  const onDisk = readFileSync(join(import.meta.dirname, "..", "..", "schemas", "nnspec.schema.json"), "utf8");
  assert.equal(onDisk, schemaFileText());
});
