/** The Korean copies of the lesson's examples: Korean names, comments and class names, the same network and the same numbers. */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "jsonc-parser";
import { loadSpec } from "../../src/core/spec/load";
import { Trainer } from "../../src/core/train/trainer";
import { nodeFiles } from "../../src/node/nodeFiles";
import { EXAMPLES_DIR, readExample } from "../helpers/examples";

const KOREAN = readdirSync(join(EXAMPLES_DIR, "ko")).filter((f) => f.endsWith(".nnspec.json"));
const HANGUL = /[\uac00-\ud7a3]/;

function history(file: string) {
  const result = loadSpec(readExample(file), nodeFiles(join(EXAMPLES_DIR, file)));
  assert.ok(result.loaded, JSON.stringify(result.diagnostics));
  const trainer = new Trainer(result.loaded);
  while (!trainer.finished) trainer.stepEpoch();
  return { history: trainer.history, classNames: result.loaded.dataset.classNames, warnings: result.diagnostics.length };
}

describe("Korean copies of the lesson's examples", () => {
  it("every example of the lesson has one", () => {
    assert.deepEqual(KOREAN.sort(), [
      "digits.nnspec.json",
      "dog-cat-relu.nnspec.json",
      "dog-cat-wrong.nnspec.json",
      "dog-cat.nnspec.json",
      "number-guessing-mse.nnspec.json",
      "number-guessing-two-guesses.nnspec.json",
      "number-guessing.nnspec.json",
      "outliers.nnspec.json",
      "xor-stall.nnspec.json",
    ]);
  });

  for (const file of KOREAN) {
    it(`ko/${file}: Korean name and comment, otherwise the English spec, training to the same numbers`, () => {
      const ko = readExample(join("ko", file));
      const en = readExample(file);
      const koSpec = parse(ko);
      const enSpec = parse(en);
      assert.match(koSpec.name, HANGUL);
      assert.match(ko.split("\n")[1], /^ {2}\/\/ .*[\uac00-\ud7a3]/, "the comment is in Korean");
      for (const spec of [koSpec, enSpec]) {
        delete spec.name;
        if (spec.data) delete spec.data.classNames;
      }
      assert.deepEqual(koSpec, enSpec);
      const koRun = history(join("ko", file));
      const enRun = history(file);
      assert.deepEqual(koRun.history, enRun.history);
      assert.equal(koRun.warnings, enRun.warnings);
      if (file.startsWith("dog-cat")) {
        assert.deepEqual(enRun.classNames, ["dog", "cat"]);
        assert.deepEqual(koRun.classNames, ["강아지", "고양이"]);
      }
    });
  }
});
