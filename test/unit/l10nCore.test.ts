/**
 * The core's messages in Korean: with the Korean bundle in use, diagnostics, Quick Fix titles,
 * gradient findings and training failures come translated, with every placeholder filled and
 * the same ranges and fixes as in English.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Diagnostic } from "../../src/core/base/diagnostics";
import { memoryFiles } from "../../src/core/base/files";
import { useTranslations } from "../../src/core/base/l10n";
import { loadSpec } from "../../src/core/spec/load";
import { Trainer } from "../../src/core/train/trainer";
import { nodeFiles } from "../../src/node/nodeFiles";
import { EXAMPLES_DIR } from "../helpers/examples";
import { gradientFindings } from "../helpers/gradientFindings";
import { layerStats } from "../helpers/gradientStats";

const KOREAN = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "l10n", "bundle.l10n.ko.json"), "utf8")) as Record<string, string>;
const HANGUL = /[\uac00-\ud7a3]/;
const UNFILLED = /\{[a-z]\w*\}/i;

const layers = (...specs: string[]) => `"layers": [${specs.join(", ")}]`;
/** Specs that each show one kind of problem; the CSV ones read `d.csv`. */
const BAD_SPECS: Record<string, string> = {
  "misspelt activation": `{ ${layers('{ "units": 2 }', '{ "units": 4, "activation": "relux" }', '{ "units": 2 }')} }`,
  "unknown field": `{ ${layers('{ "units": 2 }', '{ "unts": 2 }')} }`,
  "syntax error": `{ ${layers('{ "units": 2 }', '{ "units": 2 }')}, ] ] }`,
  "wrong type": `{ ${layers('{ "units": "two" }', '{ "units": 2 }')} }`,
  "out of range": `{ ${layers('{ "units": 2 }', '{ "units": 0 }', '{ "units": 2 }')} }`,
  "input units vs features": `{ ${layers('{ "units": 3 }', '{ "units": 2 }')} }`,
  "softmax in a hidden layer": `{ ${layers('{ "units": 2 }', '{ "units": 4, "activation": "softmax" }', '{ "units": 2 }')} }`,
  "crossEntropy on sigmoid": `{ "loss": "crossEntropy", ${layers('{ "units": 2 }', '{ "units": 1, "activation": "sigmoid" }')} }`,
  "MSE on softmax": `{ "loss": "mse", ${layers('{ "units": 2 }', '{ "units": 8 }', '{ "units": 2, "activation": "softmax" }')} }`,
  "risky learning rate": `{ "optimizer": { "learningRate": 50 }, ${layers('{ "units": 2 }', '{ "units": 8 }', '{ "units": 2 }')} }`,
  "zero init with ReLU": `{ "init": "zeros", ${layers('{ "units": 2 }', '{ "units": 8 }', '{ "units": 2 }')} }`,
  "no hidden layer": `{ ${layers('{ "units": 2 }', '{ "units": 2 }')} }`,
  "bad CSV value": `{ "data": { "source": "csv", "path": "d.csv", "features": ["a", "b"], "target": "y" }, ${layers('{ "units": 2 }', '{ "units": 2 }')} }`,
  "missing CSV": `{ "data": { "source": "csv", "path": "none.csv", "features": ["a"], "target": "y" }, ${layers('{ "units": 1 }', '{ "units": 2 }')} }`,
  "inline data mismatch": `{ "data": { "source": "inline", "x": [[1, 2], [3]], "y": [0] }, ${layers('{ "units": 2 }', '{ "units": 2 }')} }`,
};
const FILES = { "d.csv": "a,b,y\n1,2,0\n3,x,1\n" };

function check(text: string): Diagnostic[] {
  return loadSpec(text, memoryFiles(FILES)).diagnostics;
}

describe("the core's messages in Korean", () => {
  let english: Record<string, Diagnostic[]>;
  before(() => {
    english = Object.fromEntries(Object.entries(BAD_SPECS).map(([name, text]) => [name, check(text)]));
    useTranslations(KOREAN);
  });
  after(() => useTranslations(undefined));

  for (const name of Object.keys(BAD_SPECS)) {
    it(`${name}: translated, placeholders filled, same place and fix`, () => {
      const korean = check(BAD_SPECS[name]);
      assert.ok(english[name].length > 0, "the spec shows a problem");
      assert.equal(korean.length, english[name].length);
      korean.forEach((d, i) => {
        const en = english[name][i];
        assert.match(d.message, HANGUL, d.message);
        assert.doesNotMatch(d.message, UNFILLED, d.message);
        assert.notEqual(d.message, en.message);
        assert.deepEqual([d.offset, d.length, d.severity, d.file, d.fix?.value], [en.offset, en.length, en.severity, en.file, en.fix?.value]);
        if (d.fix) assert.match(d.fix.title, HANGUL);
      });
    });
  }

  it("names fields and values as written, untranslated", () => {
    const [d] = check(BAD_SPECS["misspelt activation"]);
    assert.equal(d.message, `layers[1].activation: "relux": 알 수 없는 활성화 함수입니다. 다음 중 하나를 쓰세요: ${d.message.split("쓰세요: ")[1]}`);
    assert.match(d.message, /"relu"을\(를\) 쓰려던 것인가요\?$/);
  });

  it("gradient findings", () => {
    const stats = (layer: number, meanAbs: number, maxAbs: number, deadShare: number | null = null, saturatedShare: number | null = null) =>
      layerStats(layer, meanAbs, maxAbs, { deadShare, saturatedShare });
    const findings = gradientFindings([stats(1, 1e-6, 1e-5), stats(2, 1e-8, 1e-7), stats(3, 0.01, 5000), stats(4, 0.01, 0.1, 0.75)]);
    assert.deepEqual(
      findings.map((f) => f.split(":")[0]),
      ["layers[1]", "layers[2]", "layers[3]", "layers[4]"],
    );
    assert.match(findings[0], /^layers\[1\]: 기울기 소실: 평균 \|g\|가 1e−6\(으\)로 가장 큰 층의 1e−4배입니다\. sgd에서는/);
    assert.match(findings[1], /기울기 소실/);
    assert.match(findings[2], /기울기 폭발\(최대 \|g\| 5000\)/);
    assert.match(findings[3], /ReLU 유닛의 75%가 죽었습니다/);
    assert.match(gradientFindings([stats(1, 5e-6, 5e-4)])[0], /학습이 거의 멈췄습니다/);
    assert.match(gradientFindings([stats(1, 0.01, 0.1, null, 0.9)])[0], /^layers\[1\]: 출력의 90%가 포화되었습니다/);
  });

  it("a run's findings, with their numbers and fixes, in Korean", () => {
    const text = readFileSync(join(EXAMPLES_DIR, "number-guessing.nnspec.json"), "utf8");
    const loaded = loadSpec(text, nodeFiles(join(EXAMPLES_DIR, "number-guessing.nnspec.json")), { loss: "mse", epochs: 8 }).loaded;
    assert.ok(loaded);
    const trainer = new Trainer(loaded);
    while (!trainer.finished) trainer.stepEpoch();
    const [bouncing] = trainer.history[7].findings;
    assert.equal(bouncing.id, "bouncing");
    assert.match(bouncing.message, /^손실이 튀고 있습니다: 최근 에포크 6개 동안 .*\(100 → 100\)\..* 학습률\(2\)이 너무 큽니다\. 1을\(를\) 써 보세요\.$/);
    assert.equal(bouncing.fix?.title, "학습률을 1(으)로 설정");
  });

  it("a diverging run says where, in Korean", () => {
    const loaded = loadSpec(
      `{ "data": { "source": "plane" }, ${layers('{ "units": 2 }', '{ "units": 8, "activation": "relu" }', '{ "units": 1 }')}, "optimizer": { "learningRate": 100 }, "training": { "epochs": 50 } }`,
      memoryFiles({}),
    ).loaded;
    assert.ok(loaded);
    const trainer = new Trainer(loaded);
    while (!trainer.finished) trainer.stepEpoch();
    assert.match(
      trainer.failure?.message ?? "",
      /^에포크 \d+에서 학습이 발산했습니다: layers\[\d\]\(\w+ 유닛 \d+개\)에서 .*NaN 또는 무한대가 되었습니다\. 학습률\(지금 100\)/,
    );
  });
});
