/**
 * One Korean term for each idea (l10n/glossary.json): every Korean string the user can meet (the
 * bundle, the schema's hover texts, the manifest, the walkthrough, the Korean examples) avoids the
 * other words for a glossary idea, and where an English string names a strict term, its Korean
 * uses the glossary's word.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

const ROOT = join(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const json = (path: string) => JSON.parse(read(path)) as Record<string, string>;

interface Term {
  en: string;
  ko: string;
  meaning: string;
  strict?: boolean;
  also?: string[];
  avoid?: string[];
}

const glossary = JSON.parse(read("l10n/glossary.json")) as { terms: Term[] };

/** Every English string with its Korean, and where they come from. */
function pairs(): { where: string; en: string; ko: string }[] {
  const out: { where: string; en: string; ko: string }[] = [];
  for (const file of ["l10n/bundle.l10n.ko.json", "l10n/schema.ko.json"]) {
    for (const [en, ko] of Object.entries(json(file))) out.push({ where: `${file}: ${en.slice(0, 60)}`, en, ko });
  }
  const en = json("package.nls.json");
  for (const [key, ko] of Object.entries(json("package.nls.ko.json"))) out.push({ where: `package.nls.ko.json: ${key}`, en: en[key] ?? "", ko });
  for (const page of readdirSync(join(ROOT, "media/walkthrough/ko"))) {
    out.push({ where: `media/walkthrough/ko/${page}`, en: read(`media/walkthrough/${page}`), ko: read(`media/walkthrough/ko/${page}`) });
  }
  for (const example of readdirSync(join(ROOT, "examples/ko")).filter((f) => f.endsWith(".nnspec.json"))) {
    out.push({ where: `examples/ko/${example}`, en: read(`examples/${example}`), ko: read(`examples/ko/${example}`) });
  }
  return out;
}

/** The English forms of a term, longest first, as whole words. */
const forms = (term: Term) => [term.en, ...(term.also ?? [])].sort((a, b) => b.length - a.length);
const wordPattern = (form: string) => new RegExp(`(?<![\\w-])${form.replace(/ /g, "\\s+")}(?![\\w-])`, "gi");

describe("the glossary", () => {
  it("has one Korean term for each English term, each with a meaning", () => {
    const seen = new Map<string, string>();
    for (const term of glossary.terms) {
      assert.ok(term.en && term.ko && term.meaning, JSON.stringify(term));
      assert.equal(seen.get(term.en), undefined, `${term.en} twice`);
      seen.set(term.en, term.ko);
      for (const word of term.avoid ?? []) assert.ok(!term.ko.includes(word) && !word.includes(term.ko), `${term.en}: avoids its own term`);
    }
  });

  it("every Korean term is one the Korean UI uses", () => {
    const korean = pairs()
      .map((p) => p.ko)
      .join("\n");
    for (const term of glossary.terms) assert.ok(korean.includes(term.ko), `${term.en}: ${term.ko} is not used`);
  });

  it("no Korean string uses another word for a glossary term", () => {
    const found: string[] = [];
    for (const { where, ko } of pairs()) {
      for (const term of glossary.terms) {
        for (const word of term.avoid ?? []) if (ko.includes(word)) found.push(`${where}: "${word}" for ${term.en}; say ${term.ko}`);
      }
    }
    assert.deepEqual(found, []);
  });

  it("where the English names a strict term, the Korean uses the glossary's word", () => {
    const strict = glossary.terms.filter((t) => t.strict);
    // Longer terms first, each occurrence taken out once matched: "target class" is not also "target".
    const ordered = strict.flatMap((term) => forms(term).map((form) => ({ term, form }))).sort((a, b) => b.form.length - a.form.length);
    const missing: string[] = [];
    for (const { where, en, ko } of pairs()) {
      // Placeholders ({target}) and file names (dog-cat.weights.json) are not words of the text.
      let rest = en.replace(/\{\w+\}/g, " ").replace(/[\w./-]+\.json\b/g, " ");
      for (const { term, form } of ordered) {
        const pattern = wordPattern(form);
        if (!pattern.test(rest)) continue;
        rest = rest.replace(pattern, " ");
        if (!ko.includes(term.ko)) missing.push(`${where}: "${form}" without ${term.ko}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it("the test catches a string that says it another way", () => {
    const term = glossary.terms.find((t) => t.en === "findings");
    assert.ok(term?.avoid?.some((w) => "발견한 점: 기울기 소실".includes(w)));
    assert.ok(!wordPattern("target").test("target class".replace(wordPattern("target class"), " ")));
  });
});
