/**
 * Parsing never throws, whatever the text: thousands of random texts, random JSON, spec-shaped
 * objects with random values, and examples with random edits. loadSpec catches its own
 * exceptions and reports them as "internal error", so that message is a failure here too.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { runFuzz } from "../../scripts/fuzz";
import { memoryFiles } from "../../src/core/base/files";
import { loadSpec } from "../../src/core/spec/load";
import { exampleFiles, readExample } from "../helpers/examples";

const files = memoryFiles({
  "data.csv": "a,b,kind\n1,2,x\n3,4,y\n",
  "w.json": `{ "layers": [{ "weights": [[1, 2], [3, 4]], "biases": [0, 0] }] }`,
});

function assertHandled(text: string): void {
  const result = loadSpec(text, files);
  for (const d of result.diagnostics) {
    assert.ok(!d.message.startsWith("internal error"), `${d.message}\nfor: ${text.slice(0, 400)}`);
    assert.ok(d.offset >= 0 && d.length >= 1 && d.line >= 1 && d.column >= 1, `bad range ${JSON.stringify(d)}`);
  }
  assert.ok(result.loaded || result.diagnostics.some((d) => d.severity === "error"), "either a spec or an error saying why not");
}

const smallJson = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 100 }),
  fc.double({ noNaN: true }),
  fc.constantFrom("relu", "softmax", "full", "csv", "inline", "data.csv", "w.json", "x", "", "mse", "sigmoid", "spiral"),
  fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 4 }),
  fc.array(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { maxLength: 3 }), { maxLength: 4 }),
);

const layer = fc.record(
  {
    units: fc.oneof(fc.integer({ min: 0, max: 6 }), smallJson),
    activation: fc.oneof(fc.constantFrom("relu", "softmax", "sigmoid", "tanh", "linear", "gelu"), smallJson),
  },
  { requiredKeys: [] },
);

const specShaped = fc.record(
  {
    name: smallJson,
    data: fc.record(
      {
        source: fc.oneof(fc.constantFrom("spiral", "xor", "plane", "inline", "csv", "circle", "gaussianHill"), smallJson),
        samples: fc.oneof(fc.integer({ min: 0, max: 200 }), smallJson),
        noise: smallJson,
        validationSplit: fc.oneof(fc.double({ min: 0, max: 0.95, noNaN: true }), smallJson),
        seed: smallJson,
        task: fc.oneof(fc.constantFrom("classification", "regression"), smallJson),
        x: smallJson,
        y: smallJson,
        path: smallJson,
        features: fc.oneof(fc.constant(["a", "b"]), smallJson),
        target: fc.oneof(fc.constant("kind"), smallJson),
      },
      { requiredKeys: [] },
    ),
    layers: fc.oneof(fc.array(layer, { maxLength: 5 }), smallJson),
    loss: fc.oneof(fc.constantFrom("mae", "mse", "crossEntropy", "binaryCrossEntropy", "huber"), smallJson),
    optimizer: fc.record(
      { type: fc.oneof(fc.constantFrom("sgd", "adam", "momentum"), smallJson), learningRate: smallJson, momentum: smallJson },
      { requiredKeys: [] },
    ),
    training: fc.record({ epochs: smallJson, batchSize: smallJson, shuffle: smallJson, seed: smallJson }, { requiredKeys: [] }),
    init: fc.oneof(fc.constantFrom("xavier", "he", "w.json", "missing.json", "../w.json"), smallJson),
    regularization: fc.oneof(fc.record({ type: fc.constantFrom("l1", "l2"), rate: smallJson }), smallJson),
    metrics: smallJson,
  },
  { requiredKeys: [] },
);

const examples = exampleFiles()
  .filter((f) => f.endsWith(".nnspec.json"))
  .map(readExample);

/** An example with a few random edits: characters deleted, inserted or replaced. */
const mutatedExample = fc
  .tuple(
    fc.constantFrom(...examples),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("delete", "insert", "replace"), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 4 }),
  )
  .map(([text, edits]) => {
    let t = text;
    for (const [at, kind, s] of edits) {
      const i = at % (t.length + 1);
      if (kind === "delete") t = t.slice(0, i) + t.slice(i + 1 + (s.length % 3));
      else if (kind === "insert") t = t.slice(0, i) + s + t.slice(i);
      else t = t.slice(0, i) + s + t.slice(i + s.length);
    }
    return t;
  });

describe("parsing never throws", () => {
  it("random text", () => fc.assert(fc.property(fc.string({ maxLength: 200 }), assertHandled), { numRuns: 1000 }));
  it("random JSON", () => fc.assert(fc.property(fc.json({ maxDepth: 4 }), assertHandled), { numRuns: 1000 }));
  it("spec-shaped objects with random values", () =>
    fc.assert(
      fc.property(specShaped, (s) => assertHandled(JSON.stringify(s))),
      { numRuns: 3000 },
    ));
  it("examples with random edits", () => fc.assert(fc.property(mutatedExample, assertHandled), { numRuns: 2000 }));
});

describe("hostile inputs, each in a worker with a heap cap and a timeout (npm run fuzz runs 100,000)", () => {
  it("deep nesting, huge numbers and class indices, huge strings, BOMs, __proto__, random CSV bytes, links and FIFOs", async (t) => {
    const report = await runFuzz({ cases: 480, seed: 7, maxBytes: 1_000_000, timeoutMs: 60_000, heapMb: 512 });
    for (const [kind, s] of Object.entries(report.byKind)) t.diagnostic(`${kind}: ${s.cases} cases, slowest ${s.slowestMs.toFixed(0)} ms`);
    // Slow cases are reported by `npm run fuzz`; here only what breaks a budget fails.
    assert.deepEqual(
      report.failures.filter((f) => !f.why.includes(" ms for ")),
      [],
    );
  });
});
