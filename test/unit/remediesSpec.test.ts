/** The spec's dropout and early stopping: their defaults, and each wrong use named at its place with the fix. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Diagnostic } from "../../src/core/base/diagnostics";
import { noFiles } from "../../src/core/base/files";
import { loadSpec } from "../../src/core/spec/load";
import { runMemory } from "../../src/core/spec/memory";

const SPEC = (hidden: string, training = "", data = "") =>
  `{ "data": { "source": "circle", "samples": 60${data} }, "layers": [{ "units": 2 }, { "units": 6${hidden} }, { "units": 2 }], "training": { "epochs": 3${training} } }`;

function only(text: string): Diagnostic {
  const found = loadSpec(text, noFiles()).diagnostics;
  assert.equal(found.length, 1, JSON.stringify(found.map((d) => d.message)));
  return found[0];
}
const underlined = (text: string, d: Diagnostic) => text.slice(d.offset, d.offset + d.length);

describe("dropout in the spec", () => {
  it("a hidden layer's rate is resolved per non-input layer, 0 where none is given", () => {
    const loaded = loadSpec(SPEC(', "dropout": 0.2'), noFiles()).loaded;
    assert.deepEqual(loaded?.spec.dropout, [0.2, 0]);
    assert.deepEqual(loadSpec(SPEC(""), noFiles()).loaded?.spec.dropout, [0, 0]);
  });

  it("on the input or output layer it is an error at that layer's dropout", () => {
    for (const [text, field] of [
      [`{ "layers": [{ "units": 2, "dropout": 0.2 }, { "units": 4 }, { "units": 2 }] }`, "layers[0].dropout"],
      [`{ "layers": [{ "units": 2 }, { "units": 4 }, { "units": 2, "dropout": 0.2 }] }`, "layers[2].dropout"],
    ]) {
      const d = only(text);
      assert.equal(d.severity, "error");
      assert.ok(d.message.startsWith(field) && d.message.includes("hidden layer"), d.message);
      assert.equal(underlined(text, d), "0.2");
    }
  });

  it("a rate of 1 or more, or below 0, is refused by the schema with its limit", () => {
    for (const rate of ["1", "1.5", "-0.1"]) {
      const d = only(SPEC(`, "dropout": ${rate}`));
      assert.match(d.message, /layers\[1\]\.dropout: must be (less than 1|at least 0)/);
    }
  });
});

describe("early stopping in the spec", () => {
  it("fills minDelta 0 and restoreBest true; absent is null", () => {
    const spec = loadSpec(SPEC("", ', "earlyStopping": { "patience": 10 }'), noFiles()).loaded?.spec;
    assert.deepEqual(spec?.training.earlyStopping, { patience: 10, minDelta: 0, restoreBest: true });
    assert.equal(loadSpec(SPEC(""), noFiles()).loaded?.spec.training.earlyStopping, null);
  });

  it("patience must be a whole number of at least 1", () => {
    for (const patience of ["0", "2.5"]) {
      const d = only(SPEC("", `, "earlyStopping": { "patience": ${patience} }`));
      assert.match(d.message, /training\.earlyStopping\.patience/);
    }
    assert.match(only(SPEC("", ', "earlyStopping": { "restoreBest": true }')).message, /patience/);
  });

  it("without validation samples it is an error that says to add them", () => {
    const text = SPEC("", ', "earlyStopping": { "patience": 5 }', ', "validationSplit": 0');
    const d = only(text);
    assert.equal(d.severity, "error");
    assert.match(d.message, /no validation samples; set data\.validationSplit above 0/);
    assert.ok(underlined(text, d).startsWith('{ "patience"'));
  });
});

it("the memory estimate counts dropout's buffers: a mask for the batch and the output before it, per unit of each layer with a rate", () => {
  const load = (hidden: string) => {
    const loaded = loadSpec(SPEC(hidden, ', "batchSize": 10'), noFiles()).loaded;
    assert.ok(loaded);
    return runMemory(loaded.spec, loaded.dataset);
  };
  const plain = load("");
  const dropped = load(', "dropout": 0.5');
  // 6 units × (10 mask rows + batchRows rows of the output before the mask) × 8 bytes.
  assert.equal(dropped.total - plain.total, 6 * (10 + plain.batchRows) * 8);
});
