/**
 * The PyTorch export without Python: what it writes (a script of the standard library and torch,
 * the spec's settings each with its field, a data file holding exactly the Trainer's data, split
 * and initial weights), and its errors. test/torch/ runs the scripts against NNSpec's training.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { memoryFiles, type SpecFiles } from "../../src/core/base/files";
import { Rng } from "../../src/core/base/rng";
import type { ExportedData } from "../../src/core/export/exportData";
import { DATA_FILE, exportPyTorch, MAX_DATA_FILE_NUMBERS, type PyTorchOptions, SCRIPT_FILE } from "../../src/core/export/pytorch";
import { loadSpec } from "../../src/core/spec/load";
import { Trainer } from "../../src/core/train/trainer";

function loaded(fields: Record<string, unknown>, files: SpecFiles = memoryFiles({})) {
  const text = JSON.stringify({ data: { source: "circle", samples: 50 }, layers: [{ units: 2 }, { units: 4, activation: "tanh" }, { units: 2 }], ...fields });
  const result = loadSpec(text, files);
  assert.ok(result.loaded, JSON.stringify(result.diagnostics.map((d) => d.message)));
  return result.loaded;
}

function exported(fields: Record<string, unknown>, options: PyTorchOptions = {}, files?: SpecFiles) {
  const result = exportPyTorch(loaded(fields, files), options);
  const script = result.files.find((f) => f.name === SCRIPT_FILE)?.text ?? "";
  const data = JSON.parse(result.files.find((f) => f.name === DATA_FILE)?.text ?? "null") as ExportedData;
  return { result, script, data };
}

/** The value of a `NAME = value` line of the script's settings, and its comment. */
function setting(script: string, name: string): { value: string; comment: string } | undefined {
  const m = new RegExp(`^${name} = (.*?)\\s+# (.*)$`, "m").exec(script);
  return m ? { value: m[1], comment: m[2] } : undefined;
}

describe("the files the export writes", () => {
  it("are train.py and data.json; the script needs only Python's standard library and torch", () => {
    const { result, script } = exported({});
    assert.deepEqual(
      result.files.map((f) => f.name),
      ["train.py", "data.json"],
    );
    assert.deepEqual(result.problems, []);
    assert.match(script, /^#!\/usr\/bin\/env python3\n"""/);
    const modules = [...script.matchAll(/^\s*(?:import (\w+)|from (\w+)(?:\.\w+)* import)/gm)].map((m) => m[1] ?? m[2]);
    assert.deepEqual([...new Set(modules)].sort(), ["argparse", "copy", "json", "math", "os", "sys", "torch"]);
    assert.match(script, /^if __name__ == "__main__":\n {4}main\(\)\n$/m);
  });

  it("the data file holds the Trainer's training and validation data, split and labelled as it trains on them", () => {
    const l = loaded({ data: { source: "spiral", samples: 60, validationSplit: 0.25, seed: 7 } });
    const { data } = exported({ data: { source: "spiral", samples: 60, validationSplit: 0.25, seed: 7 } });
    assert.equal(data.task, "classification");
    assert.deepEqual(data.features, ["x1", "x2"]);
    assert.deepEqual(data.classes, ["red", "blue"]);
    assert.equal(data.train.x?.length, 45);
    assert.equal(data.validation.x?.length, 15);
    assert.deepEqual(data.train.x?.flat(), Array.from(l.train.x));
    assert.deepEqual(data.train.y, Array.from(l.train.labels ?? []));
    assert.deepEqual(data.validation.x?.flat(), Array.from(l.validation.x));
    assert.deepEqual(data.validation.y, Array.from(l.validation.labels ?? []));
  });

  it("regression targets are an array per sample; CSV class names keep their numbering", () => {
    const fields = {
      data: {
        source: "inline",
        x: [[0], [1], [2], [3], [4]],
        y: [
          [1, 2],
          [3, 4],
          [5, 6],
          [7, 8],
          [9, 10],
        ],
        validationSplit: 0.4,
      },
      layers: [{ units: 1 }, { units: 2, activation: "linear" }],
    };
    const { data } = exported(fields);
    assert.equal(data.task, "regression");
    assert.equal(data.classes, undefined);
    // Each row keeps its own targets, y = [2x + 1, 2x + 2], wherever the split put it; no row lost.
    const own = ([x]: number[]) => [2 * x + 1, 2 * x + 2];
    assert.deepEqual([data.train.y, data.validation.y], [data.train.x?.map(own), data.validation.x?.map(own)]);
    assert.deepEqual([...(data.train.x ?? []), ...(data.validation.x ?? [])].map(([x]) => x).sort(), [0, 1, 2, 3, 4]);

    const csv = "fruit,size\nlemon,1\napple,2\nlemon,1.5\npear,3\napple,2.5\n";
    const { data: fruit } = exported(
      {
        data: { source: "csv", path: "f.csv", features: ["size"], target: "fruit", validationSplit: 0 },
        layers: [{ units: 1 }, { units: 3, activation: "softmax" }],
      },
      {},
      memoryFiles({ "f.csv": csv }),
    );
    assert.deepEqual(fruit.classes, ["lemon", "apple", "pear"]);
    assert.deepEqual(fruit.train.y, [0, 1, 0, 2, 1]);
    assert.deepEqual(fruit.validation, { x: [], y: [] });
  });

  for (const init of ["xavier", "he", "uniform", "zeros"]) {
    it(`"init": "${init}": the data file's weights are the Trainer's before its first epoch`, () => {
      const fields = { init, training: { seed: 11 }, layers: [{ units: 2 }, { units: 5, activation: "relu" }, { units: 3, activation: "tanh" }, { units: 2 }] };
      assert.deepEqual(exported(fields).data.init, new Trainer(loaded(fields)).weights());
    });
  }

  it("an init weights file is copied as it is, and the generator was not drawn from (INIT_DRAWS = 0)", () => {
    const weights = {
      layers: [
        {
          weights: [
            [0.5, -1],
            [2, 0.25],
          ],
          biases: [0.1, -0.2],
        },
      ],
    };
    const files = memoryFiles({ "w.json": JSON.stringify(weights) });
    const { data, script } = exported({ layers: [{ units: 2 }, { units: 2, activation: "softmax" }], init: "w.json" }, {}, files);
    assert.deepEqual(data.init, weights);
    assert.equal(setting(script, "INIT_DRAWS")?.value, "0");
  });

  for (const init of ["xavier", "he"]) {
    it(`"init": "${init}": INIT_DRAWS numbers in, a fresh generator shuffles as the Trainer's does`, () => {
      const fields = { init, training: { seed: 5, batchSize: 4 } };
      const { script } = exported(fields);
      const draws = Number(setting(script, "INIT_DRAWS")?.value);
      const trainer = new Trainer(loaded(fields));
      trainer.stepBatch(); // begins the first epoch: the Trainer shuffles its order
      const trainerOrder = Array.from((trainer as unknown as { order: Uint32Array }).order);
      const rng = new Rng(5);
      for (let i = 0; i < draws; i++) rng.next();
      const order = Array.from({ length: trainerOrder.length }, (_, i) => i);
      rng.shuffle(order);
      assert.deepEqual(order, trainerOrder);
      // A draw fewer gives another order: the count matters.
      const off = new Rng(5);
      for (let i = 0; i < draws - 1; i++) off.next();
      const wrong = Array.from({ length: trainerOrder.length }, (_, i) => i);
      off.shuffle(wrong);
      assert.notDeepEqual(wrong, trainerOrder);
    });
  }
});

describe("the script's settings name the spec field each comes from", () => {
  it("training, optimizer and regularization", () => {
    const { script } = exported({
      optimizer: { type: "sgd", learningRate: 0.25, momentum: 0.5 },
      training: { epochs: 7, batchSize: 8, shuffle: false, seed: 3 },
      regularization: { type: "l2", rate: 0.001 },
    });
    assert.deepEqual(setting(script, "EPOCHS"), { value: "7", comment: "training.epochs" });
    assert.deepEqual(setting(script, "BATCH_SIZE"), { value: "8", comment: "training.batchSize" });
    assert.deepEqual(setting(script, "SHUFFLE"), { value: "False", comment: "training.shuffle" });
    assert.equal(setting(script, "SEED")?.value, "3");
    assert.deepEqual(setting(script, "LEARNING_RATE"), { value: "0.25", comment: "optimizer.learningRate" });
    assert.deepEqual(setting(script, "MOMENTUM"), { value: "0.5", comment: "optimizer.momentum" });
    assert.deepEqual(setting(script, "L2_RATE"), { value: "0.001", comment: 'regularization.rate ("type": "l2")' });
    assert.match(script, /torch\.optim\.SGD\(model\.parameters\(\), lr=LEARNING_RATE, momentum=MOMENTUM\)/);
    assert.match(script, /penalty = L2_RATE \* sum\(\(linear\.weight\*\*2\)\.sum\(\) for linear in linears\(model\)\)/);
    assert.match(script, /\(loss \+ penalty\)\.backward\(\)/);
    assert.doesNotMatch(script, /weight_decay=/, "L2 is a term of the loss, not PyTorch's weight_decay");
  });

  it("adam's settings; l1; a full batch is the training set's size", () => {
    const { script } = exported({
      optimizer: { type: "adam", learningRate: 0.01, beta1: 0.8, epsilon: 1e-7 },
      training: { batchSize: "full" },
      regularization: { type: "l1", rate: 0.5 },
    });
    assert.deepEqual(setting(script, "BETAS"), { value: "(0.8, 0.999)", comment: "optimizer.beta1, optimizer.beta2" });
    assert.equal(setting(script, "EPSILON")?.value, "1e-7");
    assert.deepEqual(setting(script, "BATCH_SIZE"), { value: "40", comment: 'training.batchSize: "full", the whole training set' });
    assert.match(script, /penalty = L1_RATE \* sum\(linear\.weight\.abs\(\)\.sum\(\) for linear in linears\(model\)\)/);
    assert.equal(setting(script, "MOMENTUM"), undefined);
  });

  it("each layer is an nn.Linear and its activation, commented with its place in layers", () => {
    const { script } = exported({
      layers: [
        { units: 2 },
        { units: 3, activation: "leakyRelu" },
        { units: 4, activation: "softplus" },
        { units: 5, activation: "gelu" },
        { units: 6, activation: "elu" },
        { units: 2, activation: "softmax" },
      ],
    });
    const model = script.slice(script.indexOf("model = nn.Sequential("), script.indexOf(").to(device=device"));
    const lines = model
      .split("\n")
      .slice(1)
      .map((l) => l.trim());
    assert.deepEqual(
      lines.map((l) => l.replace(/\s+#.*/, "")),
      [
        "nn.Linear(2, 3),",
        "nn.LeakyReLU(0.01),",
        "nn.Linear(3, 4),",
        "nn.Softplus(threshold=40),",
        "nn.Linear(4, 5),",
        "nn.GELU(),",
        "nn.Linear(5, 6),",
        "nn.ELU(alpha=1.0),",
        "nn.Linear(6, 2),",
        "",
      ],
    );
    assert.match(lines[1], /# layers\[1\]\.activation: leakyRelu \(slope 0\.01 below 0\)$/);
    assert.match(lines[8], /# layers\[5\]: 2 softmax units; the loss applies the softmax$/);
    assert.match(script, /# loss: crossEntropy: [^\n]*\n {4}loss_fn = nn\.CrossEntropyLoss\(\)\n/);
  });

  it("each loss is PyTorch's own, with the targets and accuracy rule NNSpec uses", () => {
    const cases: [Record<string, unknown>, RegExp, RegExp][] = [
      [{ loss: "mae" }, /nn\.L1Loss\(\)/, /nn\.functional\.one_hot/],
      [{ loss: "mse" }, /nn\.MSELoss\(\)/, /answers\.argmax\(dim=1\) == y\.argmax\(dim=1\)/],
      [{ loss: "huber" }, /nn\.HuberLoss\(delta=1\.0\)/, /nn\.Softmax\(dim=1\),/],
      [
        { layers: [{ units: 2 }, { units: 3, activation: "relu" }, { units: 1, activation: "sigmoid" }], loss: "binaryCrossEntropy" },
        /nn\.BCEWithLogitsLoss\(\)/,
        /def answers_of\(output\):\n[^\n]*\n {4}return torch\.sigmoid\(output\)\n[\s\S]*return \(\(answers > 0\.5\)/,
      ],
      [
        { data: { source: "plane", samples: 30 }, layers: [{ units: 2 }, { units: 1, activation: "linear" }], metrics: { tolerance: 0.25 } },
        /nn\.MSELoss\(\)/,
        /return \(\(answers - y\)\.abs\(\) <= TOLERANCE\)\.sum\(\)\.item\(\)/,
      ],
    ];
    for (const [fields, loss, rule] of cases) {
      const { script } = exported({ layers: [{ units: 2 }, { units: 4, activation: "tanh" }, { units: 2, activation: "softmax" }], ...fields });
      assert.match(script, loss);
      assert.match(script, rule);
    }
    assert.equal(setting(exported(cases[4][0]).script, "TOLERANCE")?.value, "0.25");
  });

  it("a name with quotes, backslashes and line breaks stays inside the docstring", () => {
    const { script } = exported({ name: 'A """tricky"""\n name \\ here' });
    assert.equal(script.split("\n")[1], String.raw`"""A \"\"\"tricky\"\"\" name \\ here (NNSpec's training, in PyTorch).`);
  });

  it("a name or a CSV column name with control characters leaves none in the script (Python 3.12 refuses a NUL byte in source)", () => {
    const files = memoryFiles({ "d.csv": '"a\u0000x",b,k\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n' });
    const data = { source: "csv", path: "d.csv", features: ["a\u0000x", "b"], target: "k" };
    const { script } = exported({ name: "tab\there, nul\u0000, escape\u001b[0m, delete\u007f", data }, {}, files);
    assert.deepEqual(script.match(/[^\P{Cc}\n]/gu), null);
    assert.equal(script.split("\n")[1], `"""tab here, nul , escape [0m, delete (NNSpec's training, in PyTorch).`);
    assert.match(script, /# layers\[0\]\.units: the features a x, b$/m);
  });
});

describe("options and problems", () => {
  it("the options are the script's defaults; leaving NNSpec's numbers is a warning that says how to get them back", () => {
    const { result, script } = exported({}, { device: "cuda", dtype: "float32", dataLoader: true });
    assert.match(script, /"--device", default="cuda"/);
    assert.match(script, /"--dtype", default="float32"/);
    assert.match(script, /"--dataloader", action=argparse\.BooleanOptionalAction, default=True/);
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0].severity, "warning");
    assert.match(result.problems[0].message, /device cuda, dtype float32, PyTorch's DataLoader/);
    assert.match(result.problems[0].message, /--device cpu --dtype float64 --no-dataloader/);
    assert.match(exported({}).script, /"--device", default="cpu"/);
  });

  it("an unknown device or dtype is an error naming the option, and nothing is exported", () => {
    const bad = exportPyTorch(loaded({}), { device: "tpu" });
    assert.deepEqual(bad.files, []);
    assert.deepEqual(
      bad.problems.map((p) => [p.severity, p.field]),
      [["error", "device"]],
    );
    assert.match(bad.problems[0].message, /^device: "tpu" is not a device PyTorch knows; use cpu, cuda/);
    const dtype = exportPyTorch(loaded({}), { dtype: "float16" as "float32" });
    assert.deepEqual(
      dtype.problems.map((p) => [p.severity, p.field]),
      [["error", "dtype"]],
    );
    for (const device of ["cpu", "cuda", "cuda:1", "mps"]) assert.equal(exportPyTorch(loaded({}), { device }).files.length, 2, device);
  });

  it("data too large for a data file is an error naming data, before any text is built", () => {
    const l = loaded({});
    // 2 features and a class per row: 3 numbers a row, past the limit with the weights.
    const rows = Math.ceil(MAX_DATA_FILE_NUMBERS / 3);
    const big = exportPyTorch({ ...l, train: { ...l.train, rows } });
    assert.deepEqual(big.files, []);
    assert.deepEqual(
      big.problems.map((p) => [p.severity, p.field]),
      [["error", "data"]],
    );
    assert.match(big.problems[0].message, /^data: the data and the initial weights are \d+ numbers, more than the export's data file holds \(20000000\)/);
  });
});
