/** Every string NNSpec translates has a Korean translation, with the same placeholders. */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { DYNAMIC_KEYS, nonLiteralCalls, translatableStrings } from "../../scripts/l10nStrings";

const ROOT = join(import.meta.dirname, "..", "..");

it("the Korean bundle translates every string, keeping its {0} and {name} placeholders", () => {
  const bundle = JSON.parse(readFileSync(join(ROOT, "l10n", "bundle.l10n.ko.json"), "utf8")) as Record<string, string>;
  const strings = translatableStrings(ROOT);
  assert.ok(strings.length > 200, `found ${strings.length} strings`);
  assert.deepEqual(
    strings.filter((s) => !(s in bundle)),
    [],
    "untranslated",
  );
  const placeholders = (s: string) => [...new Set(s.match(/\{\w+\}/g) ?? [])].sort().join();
  for (const s of strings) assert.equal(placeholders(bundle[s]), placeholders(s), s);
  assert.deepEqual(
    Object.keys(bundle).filter((k) => !strings.includes(k)),
    [],
    "translations of strings no longer used",
  );
});

it("the manifest's Korean strings cover every English one", () => {
  const en = JSON.parse(readFileSync(join(ROOT, "package.nls.json"), "utf8"));
  const ko = JSON.parse(readFileSync(join(ROOT, "package.nls.ko.json"), "utf8"));
  assert.deepEqual(Object.keys(ko).sort(), Object.keys(en).sort());
});

it("every t() call has a literal key the search above can see", () => {
  // A template literal or a variable as the key would be missing from every bundle, silently.
  assert.deepEqual(nonLiteralCalls(ROOT).sort(), [...DYNAMIC_KEYS].sort());
});

it("every %key% in the manifest has an English string, and every file the strings name exists", () => {
  const manifest = readFileSync(join(ROOT, "package.json"), "utf8");
  const keys = [...manifest.matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length > 30, `found ${keys.length} keys`);
  for (const language of ["package.nls.json", "package.nls.ko.json"]) {
    const strings = JSON.parse(readFileSync(join(ROOT, language), "utf8")) as Record<string, string>;
    assert.deepEqual(
      keys.filter((k) => !(k in strings)),
      [],
      `${language} lacks`,
    );
    // The walkthrough's pages and the editor schema are files chosen per language.
    const files = Object.values(strings).filter((v) => /^(\.\/)?(media|schemas)\/\S+\.(md|json)$/.test(v));
    assert.equal(files.length, 8, `${language}: seven walkthrough pages and a schema`);
    for (const file of files) assert.ok(existsSync(join(ROOT, file)), `${language}: ${file} is missing`);
  }
});
