/**
 * Every path by which text reaches the user goes through the translations, not only t()'s keys:
 * the snippets' descriptions (a JSON file VS Code's format keeps in English), lists of names put
 * together in code, and the host's and panel's visible properties, which a scan of the sources
 * checks for English set without t().
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, it } from "node:test";
import { t, useTranslations } from "../../src/core/base/l10n";
import { listOfNames, snippetDescriptions } from "../../src/extension/wording";

const ROOT = join(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const korean = JSON.parse(read("l10n/bundle.l10n.ko.json")) as Record<string, string>;
const HANGUL = /[\uac00-\ud7a3]/;

describe("text put together outside a single t() call", () => {
  afterEach(() => useTranslations(undefined));

  it("each snippet's description is translated, and the English is the snippet file's", () => {
    const snippets = JSON.parse(read("snippets/nnspec.code-snippets")) as Record<string, { description: string }>;
    const english = snippetDescriptions((s) => s);
    assert.deepEqual(Object.keys(english).sort(), Object.keys(snippets).sort(), "one description per snippet");
    for (const [name, s] of Object.entries(snippets)) {
      assert.equal(english[name], s.description, name);
      assert.match(korean[s.description] ?? "", HANGUL, `${name}: no Korean description`);
    }
    useTranslations(korean);
    for (const text of Object.values(snippetDescriptions(t))) assert.match(text, HANGUL);
  });

  it("lists of names: 'a and b' in English, no English 'and' in Korean", () => {
    assert.equal(listOfNames(["train.py", "data.json"], t), "train.py and data.json");
    assert.equal(listOfNames(["a", "b", "c"], t), "a, b and c");
    assert.equal(listOfNames(["train.py"], t), "train.py");
    useTranslations(korean);
    const list = listOfNames(["train.py", "data.json"], t);
    assert.equal(list, "train.py, data.json");
    // The export's message with the list in it, as the Korean user reads it.
    const message = t("NNSpec: {0} written. Run it with python3 {1}: it prints what `nnspec train --json` prints, epoch by epoch.", list, "out/train.py");
    assert.doesNotMatch(message, /\band\b|을\(를\)/);
    assert.match(message, /^NNSpec: train\.py, data\.json 파일을 썼습니다/);
  });
});

/** The .ts files of the extension host, the workers and the panel. */
function sources(): { path: string; text: string }[] {
  return ["src/extension", "src/worker", "webview"].flatMap((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".ts"))
      .map((e) => {
        const path = join(e.parentPath, e.name);
        // Comments are not shown to anyone.
        const text = readFileSync(path, "utf8")
          .replace(/\/\*[\s\S]*?\*\//g, "")
          .replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
        return { path: path.slice(ROOT.length + 1), text };
      }),
  );
}

/** Properties and calls whose text the user sees; a literal of English words there bypasses the translations. */
const VISIBLE = [
  /\.(?:name|textContent|title|placeholder|tooltip|detail|description|ariaLabel)\s*\+?=\s*(["'`])([^"'`]*)\1/g,
  /\b(?:title|placeHolder|prompt|label|detail|openLabel|saveLabel)\s*:\s*(["'`])([^"'`]*)\1/g,
  /\bshow(?:Information|Warning|Error)Message\(\s*(["'`])([^"'`]*)\1/g,
  /\bmessage:\s*[^,\n]*\?\?\s*(["'`])([^"'`]*)\1/g,
  /\.join\(\s*(["'`])([^"'`]*)\1\s*\)/g,
];
const ENGLISH_WORDS = /[A-Za-z]{2,}\s+[A-Za-z]{2,}|^\s*(?:and|or)\s*$/;

describe("the host, the workers and the panel set no English text without t()", () => {
  it("finds none", () => {
    const found: string[] = [];
    for (const { path, text } of sources()) {
      for (const pattern of VISIBLE) {
        for (const m of text.matchAll(pattern)) if (ENGLISH_WORDS.test(m[2].replace(/\$\{[^}]*\}/g, ""))) found.push(`${path}: ${m[0]}`);
      }
    }
    assert.deepEqual(found, []);
  });

  it("would find one", () => {
    const sample = `item.name = "NNSpec training"; x.join(" and "); vscode.window.showErrorMessage("it failed badly")`;
    const hits = VISIBLE.flatMap((p) => [...sample.matchAll(p)]).filter((m) => ENGLISH_WORDS.test(m[2]));
    assert.equal(hits.length, 3);
  });
});
