/**
 * The layer diagram's arithmetic, with no DOM (webview/diagramLayout.ts, diagramScales.ts,
 * diagramItems.ts, diagramWords.ts): where each unit sits, how a value becomes a line's width and
 * a ring's thickness, where each key leads, what a pick means and what the diagram says. Every
 * expected value is worked out by hand from the rules in those files' comments.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RunSummary, WeightsSnapshot } from "../../src/protocol/run";
import { type Item, meaningOf, neighbour, sameItem, type Walkable } from "../../webview/diagramItems";
import { diagramLayout } from "../../webview/diagramLayout";
import { edgeLook, largestAbs, ringLook, ringShare, shareOf } from "../../webview/diagramScales";
import { architecture, type DiagramFacts, describeItem, describePicture, idleReadout } from "../../webview/diagramWords";

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual}, expected ${expected}`);

describe("the diagram's layout", () => {
  it("two inputs: squares 34 apart, centred on 140; columns at 40, 280 and 520", () => {
    const l = diagramLayout([2, 3, 2], false);
    assert.equal(l.mapped, true);
    assert.equal(l.height, 300, "three units need 3·34 + 70 = 172, less than the usual 300");
    assert.deepEqual([0, 1, 2].map(l.x), [40, 280, 520]);
    assert.deepEqual(
      [0, 1].map((a) => l.unitY(0, a)),
      [123, 157],
    );
    assert.deepEqual(
      [0, 1, 2].map((a) => l.unitY(1, a)),
      [106, 140, 174],
    );
  });

  it("two inputs and a layer of 20: grows to 11 slots · 34 + 70 = 444 high", () => {
    const l = diagramLayout([2, 20, 2], false);
    assert.equal(l.height, 444);
    // Centre 444/2 − 10 = 212; slot 0 of 11 is 5 gaps above it.
    assert.equal(l.unitY(1, 0), 212 - 5 * 34);
    assert.deepEqual(l.shown[1], { units: [0, 1, 2, 3, 4, 15, 16, 17, 18, 19], hidden: 10 });
  });

  it("a large layer leaves the middle slot for its +N; gaps shrink to fit 240 px", () => {
    const l = diagramLayout([3, 20, 1], false);
    assert.equal(l.mapped, false);
    const gap = 240 / 11;
    close(l.unitY(1, 4), 140 - gap, "the 5th drawn unit, slot 4");
    close(l.unitY(1, 5), 140 + gap, "the 6th drawn unit skips slot 5");
    close(l.hiddenY(1), 140, "the +N label in slot 5, the middle");
    assert.deepEqual(
      [0, 1, 2].map((a) => l.unitY(0, a)),
      [114, 140, 166],
      "three inputs 26 apart (the most)",
    );
    assert.equal(l.x(1), 280);
  });

  it("an image's input units crowd under its block: 56 px for all 11 slots", () => {
    const l = diagramLayout([784, 16, 10], true);
    assert.equal(l.mapped, false);
    close(l.unitY(0, 0), 140 - 5 * (56 / 11), "first input unit");
    close(l.unitY(0, 9), 140 + 5 * (56 / 11), "last input unit, in slot 10");
  });
});

describe("the diagram's scales", () => {
  it("an edge's share of its layer's largest |value| sets its width and opacity", () => {
    assert.deepEqual(edgeLook(2, 2), { sign: "positive", dasharray: "none", width: "4.50", opacity: "1.00" });
    // |−1.6| / 2 = 0.8: width 0.5 + 4·0.8 = 3.7, opacity 0.25 + 0.75·0.8 = 0.85.
    assert.deepEqual(edgeLook(-1.6, 2), { sign: "negative", dasharray: "4 3", width: "3.70", opacity: "0.85" });
    assert.deepEqual(edgeLook(0, 0), { sign: "positive", dasharray: "none", width: "0.50", opacity: "0.25" }, "an all-zero layer: thin, faint, solid");
  });

  it("the largest |value| and shares of it", () => {
    assert.equal(largestAbs([-3, 2, 0.5]), 3);
    assert.equal(largestAbs([]), 0);
    assert.equal(shareOf(-1.5, 3), 0.5);
    assert.equal(shareOf(1, 0), 0);
  });

  it("a unit's ring: linear in log10 over four decades below the largest |δ|", () => {
    assert.equal(ringShare(0.3, 0.3), 1);
    close(ringShare(0.003, 0.3), 0.5, "two decades below");
    close(ringShare(0.03, 0.3), 0.75, "one decade below");
    assert.equal(ringShare(0.3e-4, 0.3), 0, "four decades below");
    assert.equal(ringShare(1e-9, 0.3), 0, "further below: clamped at 0");
    assert.equal(ringShare(0, 0.3), 0, "a dead unit");
    assert.deepEqual(ringLook(0.5), { width: "3.00", dashed: false });
    assert.deepEqual(ringLook(0), { width: "1.00", dashed: true });
  });
});

/** A 2 → 3 network's edges, row-major by (a, b): edge index = 3a + b. */
const walk: Walkable = {
  unitsIn: (k) => [2, 3][k] ?? 0,
  edges: [Array.from({ length: 6 }, (_, i) => ({ a: Math.floor(i / 3), b: i % 3 }))],
};
const unit = (k: number, a: number): Item => ({ kind: "unit", k, a });
const edge = (k: number, index: number): Item => ({ kind: "edge", k, index });

describe("the diagram's keyboard walk", () => {
  it("from a unit: up and down its layer, right to its first edge, left to the first edge into it", () => {
    assert.deepEqual(neighbour(walk, unit(0, 1), "ArrowUp"), unit(0, 0));
    assert.equal(neighbour(walk, unit(0, 0), "ArrowUp"), null, "nothing above the first unit");
    assert.equal(neighbour(walk, unit(0, 1), "ArrowDown"), null, "nothing below the last");
    assert.deepEqual(neighbour(walk, unit(0, 1), "ArrowRight"), edge(0, 3));
    assert.deepEqual(neighbour(walk, unit(1, 2), "ArrowLeft"), edge(0, 2), "unit 0 → unit 2 is edge 2");
    assert.equal(neighbour(walk, unit(0, 0), "ArrowLeft"), null, "the input has no edges in");
    assert.equal(neighbour(walk, unit(1, 0), "ArrowRight"), null, "the output has no edges out");
    assert.deepEqual(neighbour(walk, unit(1, 0), "End"), unit(1, 2));
    assert.deepEqual(neighbour(walk, unit(1, 2), "Home"), unit(1, 0));
    assert.equal(neighbour(walk, unit(1, 0), "a"), undefined, "not a key the diagram uses");
  });

  it("from an edge: up and down among the edges from the same unit, right to its end, left to its start", () => {
    assert.deepEqual(neighbour(walk, edge(0, 4), "ArrowUp"), edge(0, 3));
    assert.deepEqual(neighbour(walk, edge(0, 4), "ArrowDown"), edge(0, 5));
    assert.equal(neighbour(walk, edge(0, 5), "ArrowDown"), null, "edge 5 is unit 1's last");
    assert.equal(neighbour(walk, edge(0, 3), "ArrowUp"), null, "edge 3 is unit 1's first: edge 2 is unit 0's");
    assert.deepEqual(neighbour(walk, edge(0, 4), "ArrowRight"), unit(1, 1));
    assert.deepEqual(neighbour(walk, edge(0, 4), "ArrowLeft"), unit(0, 1));
    assert.deepEqual(neighbour(walk, edge(0, 4), "Home"), edge(0, 3));
    assert.deepEqual(neighbour(walk, edge(0, 1), "End"), edge(0, 2));
  });

  it("the same item twice (a second click unpicks)", () => {
    assert.equal(sameItem(edge(0, 4), edge(0, 4)), true);
    assert.equal(sameItem(edge(0, 4), edge(0, 3)), false);
    assert.equal(sameItem(unit(1, 0), null), false);
  });
});

describe("what a pick means", () => {
  // A collapsed layer: drawn unit 6 is unit 16 of 20.
  const unitOf = (k: number, a: number) => (k === 1 && a === 6 ? 16 : a);
  const edgeOf = (k: number, index: number) => (k === 0 && index === 4 ? { from: 1, to: 16 } : undefined);
  it("a hidden unit picks its bias (by its index in the layer, not its drawn place)", () => {
    assert.deepEqual(meaningOf(unit(1, 6), unitOf, edgeOf), { parameter: { layer: 1, from: "bias", to: 16 }, unit: { layer: 1, unit: 16 } });
  });
  it("an input unit has nothing to set", () => {
    assert.deepEqual(meaningOf(unit(0, 1), unitOf, edgeOf), { parameter: null, unit: null });
  });
  it("an edge from layer 0 picks layers[1]'s weight and the unit it leads to", () => {
    assert.deepEqual(meaningOf(edge(0, 4), unitOf, edgeOf), { parameter: { layer: 1, from: 1, to: 16 }, unit: { layer: 1, unit: 16 } });
    assert.equal(meaningOf(edge(0, 5), unitOf, edgeOf), null, "an edge not drawn");
  });
});

describe("what the diagram says", () => {
  const summary = { sizes: [2, 3, 2], activations: ["tanh", "softmax"] } as unknown as RunSummary;
  const snapshot: WeightsSnapshot = { weights: [[0, 0, 0, 0, 0.5, 0]], gradients: [[0, 0, 0, 0, -0.25, 0]], biases: [[0, 0, 0]] };
  const facts = (ranged: boolean): DiagramFacts => ({
    summary: () => summary,
    snapshot: () => snapshot,
    unitGradients: () => [[0.1, 0, 0.3]],
    unitOf: (_k, a) => a,
    edgeOf: (k, index) => (k === 0 ? { from: Math.floor(index / 3), to: index % 3 } : undefined),
    rangeOf: () => (ranged ? { lo: -0.5, hi: 2 } : undefined),
  });
  it("an edge: its ends, its weight and its last gradient (with a true minus sign)", () => {
    assert.equal(describeItem(facts(false), edge(0, 4)), "layers[0] unit 1 → layers[1] unit 1: weight 0.5, last gradient −0.25");
  });
  it("a unit: its layer, index and activation, its mean |δ|, and over the plane its range", () => {
    assert.equal(describeItem(facts(false), unit(1, 2)), "layers[1] unit 2 (tanh); mean |δ| over the last epoch 0.3");
    assert.equal(describeItem(facts(false), unit(0, 1)), "layers[0] unit 1 (input)", "an input has no δ");
    assert.equal(describeItem(facts(true), unit(1, 0), false), "layers[1] unit 0 (tanh): over the input plane its values run from −0.5 to 2", "without its δ");
    assert.equal(
      describePicture(facts(true), { kind: "unit", k: 1, a: 0 }),
      "layers[1] unit 0 (tanh): over the input plane its values run from −0.5 to 2; blue where positive, vermilion where negative, stronger where larger; mean |δ| over the last epoch 0.1",
      "the picture's colours before its δ",
    );
  });
  it("the diagram's name lists the layers", () => {
    assert.equal(architecture(summary), "Layer diagram: 2 inputs → 3 tanh → 2 softmax. Arrow keys move between units and weights.");
  });
  it("with nothing pointed at: the open card's sample, a drawing, or how to use it", () => {
    assert.match(idleReadout(3, true), /^Showing sample 3: /);
    assert.match(idleReadout(-1, false), /^Showing your drawing: /);
    assert.match(idleReadout(null, true), /or at a unit to see what it computes over the input plane/);
    assert.doesNotMatch(idleReadout(null, false), /input plane/, "without pictures, no word of them");
  });
});
