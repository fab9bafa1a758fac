/** The spec format: defaults, and every kind of diagnostic with its exact range and a fix. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Diagnostic } from "../../src/core/base/diagnostics";
import { memoryFiles, noFiles } from "../../src/core/base/files";
import { LIMITS } from "../../src/core/base/limits";
import { loadSpec } from "../../src/core/spec/load";

const problems = (text: string, files: Parameters<typeof memoryFiles>[0] = {}) => loadSpec(text, memoryFiles(files)).diagnostics;
/** The text a diagnostic underlines. */
const underlined = (text: string, d: Diagnostic) => text.slice(d.offset, d.offset + d.length);

function only(text: string, files: Record<string, string> = {}): Diagnostic {
  const found = problems(text, files);
  assert.equal(found.length, 1, `expected one problem, got ${JSON.stringify(found.map((d) => d.message))}`);
  return found[0];
}

/** A valid spec on the default (spiral) data: input, one hidden layer, output. */
const twoLayers = (extra = "") => `{ "layers": [{ "units": 2 }, { "units": 4 }, { "units": 2 }]${extra} }`;

describe("defaults", () => {
  it("a list of layers is a whole spec: spiral data, relu hidden and softmax output, cross-entropy, sgd", () => {
    const result = loadSpec(twoLayers(), noFiles());
    assert.deepEqual(result.diagnostics, []);
    const spec = result.loaded?.spec;
    assert.ok(spec);
    assert.equal(spec.data.source, "spiral");
    assert.equal(spec.data.samples, 400);
    assert.deepEqual(spec.activations, ["relu", "softmax"]);
    assert.equal(spec.loss, "crossEntropy");
    assert.deepEqual(spec.optimizer, { type: "sgd", learningRate: 0.03, momentum: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, clipNorm: null });
    assert.deepEqual(spec.training, { epochs: 100, batchSize: 32, shuffle: true, seed: 0, earlyStopping: null });
    assert.equal(spec.init, "xavier");
    assert.equal(result.loaded?.train.rows, 320);
    assert.equal(result.loaded?.validation.rows, 80);
  });

  it("hidden layers default to relu; one output unit for two classes defaults to sigmoid with binary cross-entropy", () => {
    const spec = loadSpec(`{ "layers": [{ "units": 2 }, { "units": 3 }, { "units": 1 }] }`, noFiles()).loaded?.spec;
    assert.deepEqual(spec?.activations, ["relu", "sigmoid"]);
    assert.equal(spec?.loss, "binaryCrossEntropy");
  });

  it("regression defaults to a linear output and MSE; momentum defaults to 0.9", () => {
    const text = `{ "data": { "source": "plane" }, "layers": [{ "units": 2 }, { "units": 1 }], "optimizer": { "type": "momentum" } }`;
    const spec = loadSpec(text, noFiles()).loaded?.spec;
    assert.equal(spec?.task, "regression");
    assert.deepEqual(spec?.activations, ["linear"]);
    assert.equal(spec?.loss, "mse");
    assert.equal(spec?.optimizer.momentum, 0.9);
  });

  it("optimizer.clipNorm is read as written, and must be a number above 0", () => {
    const text = (clip: string) => `{ "layers": [{ "units": 2 }, { "units": 2 }], "optimizer": { "type": "adam", "clipNorm": ${clip} } }`;
    assert.equal(loadSpec(text("5"), noFiles()).loaded?.spec.optimizer.clipNorm, 5);
    const [d] = loadSpec(text("0"), noFiles()).diagnostics;
    assert.equal(d.message, "optimizer.clipNorm: must be greater than 0, not 0");
    assert.deepEqual(d.path, ["optimizer", "clipNorm"]);
  });

  it("comments and trailing commas are allowed", () => {
    const text = `// a comment\n{\n  /* block */ "layers": [{ "units": 2 }, { "units": 4 }, { "units": 2, },],\n}\n`;
    assert.deepEqual(problems(text), []);
  });
});

describe("diagnostics point at the field and say the fix", () => {
  it("a syntax error has its line and column", () => {
    const text = `{\n  "layers": [{ "units": 2 } { "units": 2 }]\n}`;
    const d = problems(text)[0];
    assert.equal(d.line, 2);
    assert.equal(d.column, 29);
    assert.match(d.message, /expected ","/);
  });

  it("lines end at a lone CR too (old Mac files), as in the CSV reader and the editor", () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const text = ["{", '  "layers": [', '    { "units": 2 },', '    { "units": "x" }', "  ]", "}"].join(eol);
      const d = only(text);
      assert.deepEqual([d.line, d.column, d.endLine, d.endColumn], [4, 16, 4, 19], JSON.stringify(eol));
    }
  });

  it("an unknown field underlines its name and suggests the likely one", () => {
    const text = `{ "layers": [{ "units": 2 }, { "unts": 2 }] }`;
    const found = problems(text);
    const d = found.find((x) => x.message.includes("unknown field"));
    assert.ok(d);
    assert.equal(underlined(text, d), '"unts"');
    assert.match(d.message, /did you mean "units"\?/);
  });

  it("a misspelt activation underlines the value and suggests the right one", () => {
    const text = `{ "layers": [{ "units": 2 }, { "units": 4, "activation": "relux" }, { "units": 2 }] }`;
    const d = only(text);
    assert.equal(underlined(text, d), '"relux"');
    assert.deepEqual(d.path, ["layers", 1, "activation"]);
    assert.match(d.message, /not a valid activation; use one of: linear, relu/);
    assert.match(d.message, /Did you mean "relu"\?/);
  });

  it("a number too large for a double is an error at the number, never Infinity in the data", () => {
    for (const data of [`"x": [[1, 2], [3, 1e400]], "y": [0, 1]`, `"x": [[1, 2], [3, 4]], "y": [0, -1e400], "task": "regression"`]) {
      const text = `{ "data": { "source": "inline", ${data} }, "layers": [{ "units": 2 }, { "units": 1, "activation": "linear" }] }`;
      const d = only(text);
      assert.equal(d.severity, "error");
      assert.match(underlined(text, d), /^-?1e400$/);
      assert.match(d.message, /too large for a number/);
    }
  });

  it("a key written twice is a warning on each earlier one, naming the line of the one used; the spec still loads with the last", () => {
    const text = `{\n  "loss": "mse",\n  "layers": [{ "units": 2 }, { "units": 4, "units": 8 }, { "units": 2 }],\n  "loss": "mae",\n  "loss": "crossEntropy"\n}`;
    const result = loadSpec(text, noFiles());
    assert.equal(result.loaded?.spec.loss, "crossEntropy");
    assert.deepEqual(result.loaded?.spec.sizes, [2, 8, 2]);
    const warnings = result.diagnostics.map((d) => [d.severity, underlined(text, d), d.line, d.message]);
    const kept = `{\n  "layers": [{ "units": 2 }, { "units": 2 }],\n  "loss": "mse",\n  "loss": "bogus"\n}`;
    const error = loadSpec(kept, noFiles()).diagnostics.find((d) => d.severity === "error");
    assert.equal(error?.line, 4, "an error about the value kept is on the copy kept");
    assert.deepEqual(warnings, [
      ["warning", '"units"', 3, '"units" is written again on line 3, and only that one is used: delete one of the two'],
      ["warning", '"loss"', 2, '"loss" is written again on line 5, and only that one is used: delete one of the two'],
      ["warning", '"loss"', 4, '"loss" is written again on line 5, and only that one is used: delete one of the two'],
    ]);
  });

  it("a control character in a file's path is an error at the path that names it, before any file is read", () => {
    const csv = `{ "data": { "source": "csv", "path": "a\\u0000b.csv", "features": ["x"], "target": "y" }, "layers": [{ "units": 1 }, { "units": 2 }] }`;
    const d = only(csv, { "a\u0000b.csv": "x,y\n1,0\n" });
    assert.equal(underlined(csv, d), '"a\\u0000b.csv"');
    assert.equal(d.message, "data.path: a file name cannot contain a control character, and this one has U+0000 at character 2; remove it");
    const init = `{ "data": { "source": "linear" }, "layers": [{ "units": 2 }, { "units": 1, "activation": "sigmoid" }], "init": "w\\t.json" }`;
    const e = only(init);
    assert.equal(underlined(init, e), '"w\\t.json"');
    assert.match(e.message, /^init: a file name cannot contain a control character, and this one has U\+0009 at character 2/);
  });

  it("a number too large for a double in a weights file is an error at that number", () => {
    const spec = `{ "data": { "source": "linear" }, "layers": [{ "units": 2 }, { "units": 1, "activation": "sigmoid" }], "init": "w.json" }`;
    const d = only(spec, { "w.json": `{ "layers": [{ "weights": [[1], [1e999]], "biases": [0] }] }` });
    assert.equal(d.file, "w.json");
    assert.match(d.message, /"1e999" is too large for a number/);
  });

  it("a number too large for a double in a weights file too large for positions is named by its entry", () => {
    const spec = `{ "data": { "source": "linear" }, "layers": [{ "units": 2 }, { "units": 1, "activation": "sigmoid" }], "init": "w.json" }`;
    // Past the spec text limit, a weights file is read by JSON.parse (spaces are valid JSON).
    const weights = `{ "layers": [{ "weights": [[1], [1e400]], "biases": [-1e999] }] }${" ".repeat(LIMITS.specCharacters)}`;
    const found = problems(spec, { "w.json": weights });
    assert.deepEqual(
      found.map((d) => [d.file, d.message]),
      [
        ["w.json", "w.json: layers[0].weights[1][0]: a number too large for a double (the largest is about 1.8e308); write a smaller one"],
        ["w.json", "w.json: layers[0].biases[0]: a number too large for a double (the largest is about 1.8e308); write a smaller one"],
      ],
    );
  });

  it("a layer past the unit limit names the limit", () => {
    const text = `{ "layers": [{ "units": 2 }, { "units": 5000 }] }`;
    const d = only(text);
    assert.equal(underlined(text, d), "5000");
    assert.match(d.message, /at most 4096.*limit of 4,096 units a layer/);
  });

  it("too many parameters is an error on the layers", () => {
    const layers = [{ units: 2 }, ...Array.from({ length: 3 }, () => ({ units: 4096 })), { units: 2 }];
    const d = only(JSON.stringify({ layers }));
    assert.deepEqual(d.path, ["layers"]);
    assert.match(d.message, /more than the limit of 10,000,000/);
  });

  it("missing layers is an error on the whole object, with an example", () => {
    const d = only(`{ "name": "x" }`);
    assert.equal(d.offset, 0);
    assert.match(d.message, /missing required field "layers"/);
  });

  it("softmax on a hidden layer", () => {
    const text = `{ "layers": [{ "units": 2 }, { "units": 4, "activation": "softmax" }, { "units": 2 }] }`;
    const d = only(text);
    assert.equal(underlined(text, d), '"softmax"');
    assert.match(d.message, /only allowed on the last layer/);
  });

  it("input units that do not match the data's features", () => {
    const text = `{ "layers": [{ "units": 3 }, { "units": 2 }] }`;
    const d = only(text);
    assert.equal(underlined(text, d), "3");
    assert.match(d.message, /the data has 2 features \(x1, x2\); set "units": 2/);
  });

  it("output units that do not match the classes", () => {
    const text = `{ "layers": [{ "units": 2 }, { "units": 3, "activation": "softmax" }] }`;
    const d = only(text);
    assert.equal(underlined(text, d), "3");
    assert.match(d.message, /2 classes \(red, blue\); set "units": 2/);
  });

  it("cross-entropy without a softmax output", () => {
    const text = `{ "layers": [{ "units": 2 }, { "units": 1, "activation": "sigmoid" }], "loss": "crossEntropy" }`;
    const d = only(text);
    assert.equal(underlined(text, d), '"crossEntropy"');
    assert.match(d.message, /needs a softmax output.*binaryCrossEntropy/);
  });

  it("softmax for regression", () => {
    const text = `{ "data": { "source": "plane" }, "layers": [{ "units": 2 }, { "units": 1, "activation": "softmax" }] }`;
    assert.ok(problems(text).some((d) => /use "linear"/.test(d.message) && underlined(text, d) === '"softmax"'));
  });

  it('a batch size that is neither a number nor "full"', () => {
    const text = twoLayers(`, "training": { "batchSize": "half" }`);
    const d = only(text);
    assert.equal(underlined(text, d), '"half"');
    assert.match(d.message, /whole number of at least 1, or "full"/);
  });

  it("an unknown init scheme", () => {
    const text = twoLayers(`, "init": "glorot"`);
    const d = only(text);
    assert.equal(underlined(text, d), '"glorot"');
    assert.match(d.message, /use xavier, he, uniform, zeros, or the path of a weights .json file/);
  });

  it("a wrong type says what was expected", () => {
    const text = `{ "layers": [{ "units": "8" }, { "units": 2 }] }`;
    const d = only(text);
    assert.equal(underlined(text, d), '"8"');
    assert.match(d.message, /must be a whole number, not "8"/);
  });

  it("inline data: y and x of different lengths", () => {
    const text = `{ "data": { "source": "inline", "x": [[1], [2]], "y": [0] }, "layers": [{ "units": 1 }, { "units": 2 }] }`;
    const d = only(text);
    assert.equal(underlined(text, d), "[0]");
    assert.match(d.message, /has 1 entries but data.x has 2 samples/);
  });

  it("fields that do not apply to the source are warnings, not errors", () => {
    const text = `{ "data": { "source": "xor", "path": "a.csv" }, "layers": [{ "units": 2 }, { "units": 4 }, { "units": 2 }] }`;
    const d = only(text);
    assert.equal(d.severity, "warning");
    assert.equal(underlined(text, d), '"path"');
    assert.ok(loadSpec(text, noFiles()).loaded, "a warning does not stop training");
  });
});

describe("CSV data", () => {
  const csvSpec = (path = "d.csv", extra = "") =>
    `{ "data": { "source": "csv", "path": "${path}", "features": ["a", "b"], "target": "kind"${extra} }, "layers": [{ "units": 2 }, { "units": 2 }] }`;

  it("string labels become classes in order of first appearance", () => {
    const result = loadSpec(csvSpec("d.csv", `, "validationSplit": 0`), memoryFiles({ "d.csv": "a,b,kind\n1,2,cat\n3,4,dog\n5,6,cat\n" }));
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.loaded?.dataset.classNames, ["cat", "dog"]);
    assert.deepEqual(Array.from(result.loaded?.dataset.labels ?? []), [0, 1, 0]);
  });

  it("a bad value is an error on its CSV line, and the spec's data.path says so", () => {
    const text = csvSpec();
    const found = problems(text, { "d.csv": "a,b,kind\n1,2,cat\n3,x,dog\n" });
    const inCsv = found.find((d) => d.file === "d.csv");
    assert.ok(inCsv);
    assert.equal(inCsv.line, 3);
    assert.match(inCsv.message, /column "b" is "x", not a number/);
    const inSpec = found.find((d) => d.file === undefined);
    assert.ok(inSpec);
    assert.equal(underlined(text, inSpec), '"d.csv"');
    assert.match(inSpec.message, /^data\.path: a problem in the CSV file at line 3: column "b" is "x", not a number/);
  });

  it("a missing column names the columns there are", () => {
    const found = problems(csvSpec(), { "d.csv": "a,c,kind\n1,2,cat\n" });
    assert.ok(found.some((d) => /no column "b" in the header; the columns are: a, c, kind/.test(d.message)));
  });

  it("a ragged row is reported with its line", () => {
    const found = problems(csvSpec(), { "d.csv": "a,b,kind\n1,2,cat\n3,4\n" });
    assert.ok(
      found.some((d) => d.file === "d.csv" && d.line === 3),
      JSON.stringify(found),
    );
  });

  it("a missing file and a path outside the folder are errors on data.path", () => {
    const text = csvSpec();
    const missing = problems(text)[0];
    assert.equal(underlined(text, missing), '"d.csv"');
    assert.match(missing.message, /does not exist|no such file/);
    // Whoever reads the files (the CLI, the extension host) confines them; its refusal lands on data.path.
    const outside = problems(csvSpec("../secret.csv"), { "../secret.csv": { error: '"../secret.csv" is outside' } })[0];
    assert.match(outside.message, /^data\.path: .*outside/);
    assert.equal(underlined(csvSpec("../secret.csv"), outside), '"../secret.csv"');
  });
});

describe("initial weights files", () => {
  const spec = `{ "layers": [{ "units": 2 }, { "units": 2 }], "init": "w.json" }`;

  it("are loaded into the network", () => {
    const result = loadSpec(spec, memoryFiles({ "w.json": `{ "layers": [{ "weights": [[1, 2], [3, 4]], "biases": [5, 6] }] }` }));
    assert.deepEqual(result.loaded?.initialWeights?.layers[0].biases, [5, 6]);
  });

  it("a wrong shape is an error in the weights file at the entry", () => {
    const weights = `{ "layers": [{ "weights": [[1, 2], [3]], "biases": [5, 6] }] }`;
    const d = problems(spec, { "w.json": weights }).find((x) => x.severity === "error");
    assert.ok(d);
    assert.equal(d.file, "w.json");
    assert.equal(underlined(weights, d), "[3]");
    assert.match(d.message, /must be 2 numbers/);
  });
});

describe("warnings for likely mistakes, each with its fix", () => {
  const warning = (text: string) => {
    const found = loadSpec(text, noFiles());
    assert.ok(found.loaded, "a warning does not stop training");
    assert.equal(found.diagnostics.length, 1, JSON.stringify(found.diagnostics.map((d) => d.message)));
    assert.equal(found.diagnostics[0].severity, "warning");
    return found.diagnostics[0];
  };

  it("MSE on a softmax classifier: use cross-entropy", () => {
    const text = `{ "layers": [{ "units": 2 }, { "units": 4 }, { "units": 2, "activation": "softmax" }], "loss": "mse" }`;
    const d = warning(text);
    assert.equal(underlined(text, d), '"mse"');
    assert.match(d.message, /learns slowly/);
    assert.deepEqual(d.fix, { title: 'Use "crossEntropy"', path: ["loss"], value: "crossEntropy" });
  });

  it("MAE on one sigmoid output: use binary cross-entropy", () => {
    const d = warning(`{ "layers": [{ "units": 2 }, { "units": 4 }, { "units": 1 }], "loss": "mae" }`);
    assert.deepEqual(d.fix?.value, "binaryCrossEntropy");
  });

  it("a learning rate likely to diverge", () => {
    const text = `{ "layers": [{ "units": 2 }, { "units": 4 }, { "units": 2 }], "optimizer": { "type": "adam", "learningRate": 3 } }`;
    const d = warning(text);
    assert.equal(underlined(text, d), "3");
    assert.deepEqual(d.fix, { title: "Set the learning rate to 0.01", path: ["optimizer", "learningRate"], value: 0.01 });
  });

  it("zero initial weights with ReLU hidden units", () => {
    const text = `{ "layers": [{ "units": 2 }, { "units": 4, "activation": "relu" }, { "units": 2 }], "init": "zeros" }`;
    const d = warning(text);
    assert.equal(underlined(text, d), '"zeros"');
    assert.match(d.message, /ReLU units at 0 get no gradient/);
    assert.deepEqual(d.fix?.value, "he");
  });

  it("no hidden layer for data no straight line separates", () => {
    const d = warning(`{ "data": { "source": "xor" }, "layers": [{ "units": 2 }, { "units": 2 }] }`);
    assert.match(d.message, /no straight line separates xor data/);
    assert.deepEqual(d.fix, { title: "Add a hidden layer of 8 tanh units", path: ["layers", 1], value: { units: 8, activation: "tanh" }, insert: true });
  });

  it("a linear problem without hidden layers is fine", () => {
    assert.deepEqual(loadSpec(`{ "data": { "source": "linear" }, "layers": [{ "units": 2 }, { "units": 2 }] }`, noFiles()).diagnostics, []);
  });
});

it("Adam's epsilon is at most 1: a larger one would shrink every step until nothing is learned", () => {
  const spec = (epsilon: number) =>
    `{ "data": { "source": "xor" }, "layers": [{ "units": 2 }, { "units": 2, "activation": "softmax" }], "optimizer": { "type": "adam", "epsilon": ${epsilon} } }`;
  const errors = (text: string) => problems(text).filter((d) => d.severity === "error");
  assert.deepEqual(
    errors(spec(1e300)).map((d) => d.message),
    ["optimizer.epsilon: must be at most 1, not 1e+300"],
  );
  assert.deepEqual(errors(spec(1)), []);
});
