/** The schema files under schemas/ are generated from the one schema in the code; they must not drift. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import Ajv from "ajv";
import { schemaFiles, schemaLanguages } from "../../scripts/schemaFiles";
import { NNSPEC_SCHEMA } from "../../src/core/spec/schema";
import { editorSchemaFileText, schemaFileText } from "../../src/core/spec/schemaFile";

const ROOT = join(import.meta.dirname, "..", "..");
const SCHEMAS = join(ROOT, "schemas");
const read = (name: string) => readFileSync(join(SCHEMAS, name), "utf8");

it("schemas/nnspec.schema.json is in sync with src/core/spec/schema.ts (run `npm run schema`)", () => {
  assert.equal(read("nnspec.schema.json"), schemaFileText());
});

it("schemas/nnspec.editor.schema.json is in sync too (run `npm run schema`)", () => {
  assert.equal(read("nnspec.editor.schema.json"), editorSchemaFileText());
});

it("every schema file, the translated ones included, is in sync (run `npm run schema`)", () => {
  const files = schemaFiles(ROOT);
  assert.deepEqual(schemaLanguages(ROOT), ["ko"]);
  assert.deepEqual(files.map((f) => f.name).sort(), readdirSync(SCHEMAS).sort());
  for (const { name, text } of files) assert.equal(read(name), text, name);
});

it("the Korean editor schema translates every description, and l10n/schema.ko.json holds nothing else", () => {
  const english = new Set<string>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) collect(item);
      return;
    }
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === "title" || key === "description") && typeof value === "string") english.add(value);
      else if (key === "enumDescriptions") for (const d of value as string[]) english.add(d);
      else collect(value);
    }
  };
  collect(NNSPEC_SCHEMA);
  const own = JSON.parse(readFileSync(join(ROOT, "l10n", "schema.ko.json"), "utf8")) as Record<string, string>;
  assert.deepEqual(
    Object.keys(own).filter((k) => !english.has(k)),
    [],
    "translations of descriptions no longer in the schema",
  );
  const korean = JSON.parse(read("nnspec.editor.schema.ko.json"));
  const relu = korean.properties.layers.items.properties.activation.anyOf[0];
  assert.match(relu.enumDescriptions[relu.enum.indexOf("relu")], /^max\(0, x\): 양수는 그대로/);
  assert.match(korean.properties.loss.anyOf[0].enumDescriptions[0], /평균 절대 오차/);
});

it("VS Code loads the editor schema of the display language (package.nls)", () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  assert.equal(manifest.contributes.jsonValidation[0].url, "%jsonValidation.url%");
  const en = JSON.parse(readFileSync(join(ROOT, "package.nls.json"), "utf8"));
  const ko = JSON.parse(readFileSync(join(ROOT, "package.nls.ko.json"), "utf8"));
  assert.equal(en["jsonValidation.url"], "./schemas/nnspec.editor.schema.json");
  assert.equal(ko["jsonValidation.url"], "./schemas/nnspec.editor.schema.ko.json");
});

it("the editor schema offers the same values and explanations but rejects nothing NNSpec reports itself", () => {
  const editor = JSON.parse(read("nnspec.editor.schema.json"));
  const full = JSON.parse(read("nnspec.schema.json"));
  const text = JSON.stringify(editor);
  for (const keyword of ["required", "additionalProperties", "minimum", "maximum", "minItems", "maxItems", "minLength", "uniqueItems"]) {
    assert.ok(!text.includes(`"${keyword}"`), `${keyword} is left in`);
  }
  // Every field, at every level, is still there with its description.
  const fields = (node: unknown, at = ""): string[] => {
    if (node === null || typeof node !== "object") return [];
    const n = node as { properties?: Record<string, { description?: string }>; items?: unknown };
    const own = Object.entries(n.properties ?? {}).flatMap(([name, child]) => [`${at}${name}: ${child.description ?? ""}`, ...fields(child, `${at}${name}.`)]);
    return [...own, ...fields(n.items, `${at}[].`)];
  };
  assert.deepEqual(fields(editor), fields(full));
  assert.ok(fields(full).length > 30);
  const activation = editor.properties.layers.items.properties.activation.anyOf[0];
  assert.deepEqual(activation.enum, full.properties.layers.items.properties.activation.enum);
  assert.equal(activation.enumDescriptions.length, activation.enum.length);
  assert.match(activation.enumDescriptions[activation.enum.indexOf("relu")], /max\(0, x\)/);

  const ajv = new Ajv({ strict: false });
  const typos = { layers: [{ units: 0 }, { units: 2, activation: "tanhh" }], lossFunction: "mse" };
  assert.equal(ajv.validate(full, typos), false, "the full schema rejects the typos");
  assert.equal(ajv.validate(editor, typos), true, "the editor schema leaves them to NNSpec's diagnostics");
  const valid = { layers: [{ units: 2 }, { units: 8, activation: "relu" }, { units: 2, activation: "softmax" }], loss: "crossEntropy" };
  assert.ok(ajv.validate(full, valid) && ajv.validate(editor, valid));
});
