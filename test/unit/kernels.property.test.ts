/**
 * The fast kernels against the readable reference (test/helpers/reference.ts), on random shapes
 * of 1 to 20 (so every output width reaches the 4- and 8-wide blocks and the narrow tails), with
 * about half the entries exact zeros (the zero-skipping kernel skips them) or none (the row-pair
 * kernel's case), and ReLU gating on and off. Each of the two kernels is checked on its own and
 * through the function that chooses between them, and the two are checked to give the same bits.
 * Then whole networks: forward, loss and backward against the reference, per sample.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ACTIVATIONS, type ActivationName } from "../../src/core/nn/activations";
import { forwardDense, inputGradients, weightGradients, worthSkippingZeros } from "../../src/core/nn/kernels";
import { forwardRowPairs, weightGradientsRowPairs } from "../../src/core/nn/kernelsRowPairs";
import { forwardSkippingZeros, weightGradientsSkippingZeros } from "../../src/core/nn/kernelsSkippingZeros";
import type { LossName } from "../../src/core/nn/losses";
import { Network } from "../../src/core/nn/network";
import { suitableLosses } from "../../src/core/spec/lossRules";
import { rowOf, toReference } from "../helpers/gradcheck";
import { batchGradients, forwardFrom, type RefNet } from "../helpers/reference";

const RUNS = { numRuns: 300 };
const size = fc.integer({ min: 1, max: 20 });
const nonZero = fc.double({ min: -2, max: 2, noNaN: true }).filter((v) => v !== 0);
/** Half the values exact zeros, as after ReLU; the rest in ±2. */
const value = fc.oneof(fc.constant(0), nonZero);
/** A matrix with about half its entries zero, or (as after tanh) none. */
const matrix = (rows: number, columns: number) =>
  fc.boolean().chain((zeros) => fc.array(fc.array(zeros ? value : nonZero, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }));
const flat = (m: number[][]) => Float64Array.from(m.flat());

/** |got − want| within a few rounding errors of the terms summed: Σ|terms| · 1e-14. */
function assertClose(got: ArrayLike<number>, want: number[], scale: number[], what: string): void {
  for (let i = 0; i < want.length; i++) {
    assert.ok(Math.abs(got[i] - want[i]) <= 1e-14 * scale[i] + 1e-300, `${what}[${i}]: ${got[i]} vs the reference's ${want[i]}`);
  }
}

describe("the kernels equal plain loops on shapes 1–20 with exact zeros", () => {
  for (const [name, forward] of [
    ["forwardDense", forwardDense],
    ["forwardRowPairs", forwardRowPairs],
    ["forwardSkippingZeros", forwardSkippingZeros],
  ] as const) {
    it(`${name}: Z = X·W + b`, () => {
      const shapes = fc.tuple(size, size, size).chain(([rows, inDim, outDim]) => fc.tuple(matrix(rows, inDim), matrix(inDim, outDim), matrix(1, outDim)));
      fc.assert(
        fc.property(shapes, ([X, W, [b]]) => {
          const rows = X.length;
          const outDim = b.length;
          const Z = new Float64Array(rows * outDim);
          forward(flat(X), rows, W.length, flat(W), outDim, Float64Array.from(b), Z);
          const ref: RefNet = { weights: [W], biases: [b], activations: ["linear"] };
          const want = X.flatMap((x) => forwardFrom(ref, 0, x).z[0]);
          const scale = X.flatMap((x) => b.map((bj, j) => Math.abs(bj) + x.reduce((s, xi, i) => s + Math.abs(xi * W[i][j]), 0)));
          assertClose(Z, want, scale, "Z");
        }),
        RUNS,
      );
    });
  }

  // The two kernels make gW; weightGradients chooses one and adds gB.
  const noBiases =
    (kernel: typeof weightGradientsRowPairs) => (X: Float64Array, rows: number, inDim: number, D: Float64Array, outDim: number, gW: Float64Array) =>
      kernel(X, rows, inDim, D, outDim, gW);
  for (const [name, gradients, biases] of [
    ["weightGradients", weightGradients, true],
    ["weightGradientsRowPairs", noBiases(weightGradientsRowPairs), false],
    ["weightGradientsSkippingZeros", noBiases(weightGradientsSkippingZeros), false],
  ] as const) {
    it(`${name}: gW = Xᵀ·D${biases ? ", gB = Σ rows of D" : ""}`, () => {
      const shapes = fc.tuple(size, size, size).chain(([rows, inDim, outDim]) => fc.tuple(matrix(rows, inDim), matrix(rows, outDim)));
      fc.assert(
        fc.property(shapes, ([X, D]) => {
          const [rows, inDim, outDim] = [X.length, X[0].length, D[0].length];
          const gW = new Float64Array(inDim * outDim);
          const gB = new Float64Array(outDim).fill(Number.NaN);
          gradients(flat(X), rows, inDim, flat(D), outDim, gW, gB);
          // ∂L/∂wᵢⱼ = Σ_rows aᵢ·δⱼ; ∂L/∂bⱼ = Σ_rows δⱼ
          const want = X[0].flatMap((_, i) => D[0].map((_, j) => X.reduce((s, x, r) => s + x[i] * D[r][j], 0)));
          const scale = X[0].flatMap((_, i) => D[0].map((_, j) => X.reduce((s, x, r) => s + Math.abs(x[i] * D[r][j]), 0)));
          assertClose(gW, want, scale, "gW");
          if (!biases) return;
          const wantB = D[0].map((_, j) => D.reduce((s, d) => s + d[j], 0));
          assertClose(
            gB,
            wantB,
            D[0].map((_, j) => D.reduce((s, d) => s + Math.abs(d[j]), 0)),
            "gB",
          );
        }),
        RUNS,
      );
    });
  }

  it("the zero sample sees every column: one always-zero column in ten is not worth skipping, whatever the batch size", () => {
    for (const rows of [1, 16, 32, 64, 128, 100]) {
      for (const [zeroColumns, worth] of [
        [[0], false],
        [[0, 3, 6, 9], true],
      ] as const) {
        const X = Float64Array.from({ length: rows * 10 }, (_, q) => ((zeroColumns as readonly number[]).includes(q % 10) ? 0 : 1));
        assert.equal(worthSkippingZeros(X, X.length), worth, `${rows} rows, zero columns ${zeroColumns}`);
      }
    }
  });

  it("the two kernels give the same bits, zeros or not: which one runs never changes a result", () => {
    const shapes = fc
      .tuple(size, size, size)
      .chain(([rows, inDim, outDim]) => fc.tuple(matrix(rows, inDim), matrix(inDim, outDim), matrix(1, outDim), matrix(rows, outDim)));
    fc.assert(
      fc.property(shapes, ([X, W, [b], D]) => {
        const [rows, inDim, outDim] = [X.length, W.length, b.length];
        const [x, w, bias, d] = [flat(X), flat(W), Float64Array.from(b), flat(D)];
        const [pairs, skipping] = [new Float64Array(rows * outDim), new Float64Array(rows * outDim)];
        forwardRowPairs(x, rows, inDim, w, outDim, bias, pairs);
        forwardSkippingZeros(x, rows, inDim, w, outDim, bias, skipping);
        assert.deepEqual(pairs, skipping);
        const [gPairs, gSkipping] = [new Float64Array(inDim * outDim), new Float64Array(inDim * outDim)];
        weightGradientsRowPairs(x, rows, inDim, d, outDim, gPairs);
        weightGradientsSkippingZeros(x, rows, inDim, d, outDim, gSkipping);
        assert.deepEqual(gPairs, gSkipping);
      }),
      RUNS,
    );
  });

  it("inputGradients: DX = D·Wᵀ, zeroed where a ReLU below was off (gating on and off)", () => {
    const shapes = fc
      .tuple(size, size, size, fc.boolean())
      .chain(([rows, inDim, outDim, gated]) =>
        fc.tuple(matrix(rows, outDim), matrix(inDim, outDim), gated ? matrix(rows, inDim).map((m) => m as number[][] | null) : fc.constant(null)),
      );
    fc.assert(
      fc.property(shapes, ([D, W, reluZ]) => {
        const [rows, outDim, inDim] = [D.length, D[0].length, W.length];
        const DX = new Float64Array(rows * inDim).fill(Number.NaN);
        inputGradients(flat(D), rows, outDim, flat(W), inDim, DX, reluZ ? flat(reluZ) : null);
        // δᵢ below = Σⱼ wᵢⱼ·δⱼ, times ReLU's derivative (0 where z ≤ 0) when gated
        const want = D.flatMap((d, r) => W.map((w, i) => (reluZ && reluZ[r][i] <= 0 ? 0 : w.reduce((s, wij, j) => s + wij * d[j], 0))));
        const scale = D.flatMap((d) => W.map((w) => w.reduce((s, wij, j) => s + Math.abs(wij * d[j]), 0)));
        assertClose(DX, want, scale, "DX");
      }),
      RUNS,
    );
  });
});

const HIDDEN = ACTIVATIONS.filter((a) => a !== "softmax");
const OUTPUTS: ActivationName[] = ["linear", "softmax", "sigmoid", "tanh"];

/** A random network: 1 to 3 layers after the input, each 1 to 20 units, weights with exact zeros. */
const network = fc
  .record({
    sizes: fc.array(size, { minLength: 2, maxLength: 4 }),
    hidden: fc.constantFrom(...HIDDEN),
    output: fc.constantFrom(...OUTPUTS),
    rows: fc.integer({ min: 1, max: 6 }),
  })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      weights: fc.tuple(...shape.sizes.slice(1).map((out, k) => matrix(shape.sizes[k], out))),
      biases: fc.tuple(...shape.sizes.slice(1).map((out) => matrix(1, out).map((m) => m[0]))),
      x: matrix(shape.rows, shape.sizes[0]),
      lossPick: fc.nat(),
      targets: matrix(shape.rows, shape.sizes[shape.sizes.length - 1]),
      classes: fc.array(fc.nat(), { minLength: shape.rows, maxLength: shape.rows }),
    }),
  );

describe("whole networks equal the reference", () => {
  it("forward, loss and backward on random networks, every loss that suits the output", () => {
    fc.assert(
      fc.property(network, ({ shape, weights, biases, x, lossPick, targets, classes }) => {
        const { sizes, hidden, output, rows } = shape;
        const activations = sizes.slice(1).map((_, k) => (k === sizes.length - 2 ? output : hidden));
        const width = sizes[sizes.length - 1];
        const task = output === "softmax" || output === "sigmoid" ? "classification" : "regression";
        const losses = suitableLosses(task, output, width);
        const loss: LossName = losses[lossPick % losses.length];
        // Class labels for the cross-entropies (one-hot, or 0/1 per sigmoid output); numbers otherwise.
        const T =
          loss === "crossEntropy"
            ? classes.map((c) => Array.from({ length: width }, (_, j) => (j === c % width ? 1 : 0)))
            : loss === "binaryCrossEntropy"
              ? targets.map((t) => t.map((v) => (v > 0 ? 1 : 0)))
              : targets;
        const net = new Network(sizes, activations);
        weights.forEach((W, k) => {
          net.weights[k].set(W.flat());
          net.biases[k].set(biases[k]);
        });
        net.inputBuffer(rows).set(x.flat());
        const out = net.forward(rows);
        const ref = toReference(net);
        for (let r = 0; r < rows; r++) {
          const want = forwardFrom(ref, 0, x[r]).a[sizes.length - 2];
          assert.ok(
            want.every((v, j) => Math.abs(out[r * width + j] - v) <= 1e-12 * Math.max(1, Math.abs(v))),
            `row ${r}: ${rowOf(out, r, width)} vs ${want}`,
          );
        }
        const targetsFlat = Float64Array.from(T.flat());
        const lossValue = net.lossSum(loss, targetsFlat) / rows;
        net.backward(loss, targetsFlat);
        const want = batchGradients(ref, x, T, loss);
        const close = (a: number, b: number) => Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(b));
        assert.ok(close(lossValue, want.loss), `${loss}: ${lossValue} vs ${want.loss}`);
        for (let k = 0; k < net.layerCount; k++) {
          const gW = want.dW[k].flat();
          assert.ok(
            gW.every((g, i) => close(net.gradWeights[k][i], g)),
            `${activations.join("/")} ${loss}: layer ${k + 1} weights ${Array.from(net.gradWeights[k])} vs ${gW}`,
          );
          assert.ok(
            want.dB[k].every((g, j) => close(net.gradBiases[k][j], g)),
            `${activations.join("/")} ${loss}: layer ${k + 1} biases`,
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
