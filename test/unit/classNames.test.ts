/** data.classNames: checked against the classes the data has, used everywhere a class is named. */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { memoryFiles } from "../../src/core/base/files";
import { loadSpec } from "../../src/core/spec/load";
import { runCli } from "../helpers/cli";
import { loadText } from "../helpers/load";

const problems = (text: string, files: Record<string, string> = {}) =>
  loadSpec(text, memoryFiles(files)).diagnostics.map((d) => ({ severity: d.severity, message: d.message, line: d.line, column: d.column, fix: d.fix }));

const inline = (y: string, names: string, units = 2) =>
  `{ "data": { "source": "inline", "task": "classification", "x": [[0], [1], [2]], "y": ${y},\n  "classNames": ${names} },\n  "layers": [{ "units": 1 }, { "units": ${units} }] }`;

describe("data.classNames", () => {
  it("names generated and inline classes, in the data, its split and the trainer's data", async () => {
    const generated = loadText(`{ "data": { "source": "xor", "classNames": ["off", "on"] }, "layers": [{ "units": 2 }, { "units": 4 }, { "units": 2 }] }`);
    for (const d of [generated.dataset, generated.train, generated.validation]) assert.deepEqual(d.classNames, ["off", "on"]);
    assert.deepEqual(loadText(inline("[0, 1, 2]", '["a", "b", "c"]', 3)).train.classNames, ["a", "b", "c"]);
  });

  it("names a CSV's class indices; a CSV's label names stay as they are", async () => {
    const csv = (labels: string[]) => `w,kind\n${labels.map((l, i) => `${i},${l}`).join("\n")}\n`;
    const spec = `{ "data": { "source": "csv", "path": "d.csv", "features": ["w"], "target": "kind", "classNames": ["small", "large"], "validationSplit": 0 },
      "layers": [{ "units": 1 }, { "units": 2, "activation": "softmax" }] }`;
    assert.deepEqual(loadSpec(spec, memoryFiles({ "d.csv": csv(["0", "1", "1"]) })).loaded?.dataset.classNames, ["small", "large"]);
    const named = loadSpec(spec, memoryFiles({ "d.csv": csv(["cat", "dog", "dog"]) }));
    assert.deepEqual(named.loaded?.dataset.classNames, ["cat", "dog"]);
    assert.match(named.diagnostics[0].message, /^data\.classNames is ignored: the CSV file's class labels are names already$/);
  });

  it("generated data has two classes: three names is an error on the names, with a fix", async () => {
    const text = `{ "data": { "source": "spiral",\n  "classNames": ["a", "b", "c"] }, "layers": [{ "units": 2 }, { "units": 2 }] }`;
    const [p] = problems(text);
    assert.equal(p.severity, "error");
    assert.equal(p.message, "data.classNames: gives 3 names, but the data has 2 classes (red, blue); give one name per class, class 0 first");
    assert.deepEqual([p.line, p.column], [2, 17]);
    assert.deepEqual(p.fix, { title: "Give 2 class names", path: ["data", "classNames"], value: ["a", "b"] });
  });

  it("class indices need a name each, up to the largest", async () => {
    const [p] = problems(inline("[0, 2, 1]", '["a", "b"]', 3));
    assert.equal(p.message, "data.classNames: gives 2 names, but the labels use class indices up to 2; give one name per class, class 0 first");
    assert.deepEqual(p.fix?.value, ["a", "b", "class 2"]);
  });

  it("more names than output units is the output layer's error, naming the classes", async () => {
    const [p] = problems(inline("[0, 1, 1]", '["a", "b", "c"]', 2));
    assert.equal(p.severity, "error");
    assert.match(p.message, /^layers\[1\]\.units: the output layer has 2 units but the data has 3 classes \(a, b, c\); set "units": 3/);
  });

  it("regression data has no classes: the names are ignored, with a warning on them", async () => {
    const [p] = problems(`{ "data": { "source": "plane", "classNames": ["a", "b"] }, "layers": [{ "units": 2 }, { "units": 1 }] }`);
    assert.equal(p.severity, "warning");
    assert.equal(p.message, "data.classNames is ignored: this is regression data (numbers to predict), it has no classes");
  });

  it("the schema wants at least two names, each once", async () => {
    assert.equal(problems(inline("[0, 0, 0]", '["a"]'))[0].message, "data.classNames: needs at least 2 items");
    assert.equal(problems(inline("[0, 1, 0]", '["a", "a"]'))[0].message, "data.classNames: lists a name twice; each class needs a name of its own");
  });

  it("the CLI's confusion matrix says the names", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnspec-names-"));
    const path = join(dir, "xor.nnspec.json");
    writeFileSync(
      path,
      `{ "data": { "source": "xor", "samples": 40, "classNames": ["off", "on"] }, "layers": [{ "units": 2 }, { "units": 4 }, { "units": 2 }], "training": { "epochs": 2 } }`,
    );
    const r = await runCli("train", path);
    assert.equal(r.code, 0, r.err);
    assert.ok(r.lines.some((l) => /true ↓ predicted → +off +on$/.test(l)));
  });
});
