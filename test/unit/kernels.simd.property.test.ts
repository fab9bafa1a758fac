/**
 * The WebAssembly SIMD kernels (kernelsSimd.ts) against the TypeScript kernels they stand in for,
 * bit for bit, and against plain loops, on random shapes of 1 to 40 (odd widths, every block of
 * 16, 8, pairs and the odd last output), with about half the entries exact zeros or none, each
 * told to skip zeros or not. Then whole networks trained with SIMD and with the TypeScript
 * kernels forced (the fallback where WebAssembly SIMD is missing) give the same bits.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { inputGradients, SIMD_MIN_TERMS, useSimdKernels } from "../../src/core/nn/kernels";
import { forwardRowPairs, weightGradientsRowPairs } from "../../src/core/nn/kernelsRowPairs";
import { simdKernels, simdKernelsFrom } from "../../src/core/nn/kernelsSimd";
import { forwardSkippingZeros, weightGradientsSkippingZeros } from "../../src/core/nn/kernelsSkippingZeros";
import { Network } from "../../src/core/nn/network";

const RUNS = { numRuns: 300 };
const size = fc.integer({ min: 1, max: 40 });
const nonZero = fc.double({ min: -2, max: 2, noNaN: true }).filter((v) => v !== 0);
const value = fc.oneof(fc.constant(0), nonZero);
/** A row-major matrix with about half its entries zero, or none. */
const matrix = (rows: number, columns: number) =>
  fc.boolean().chain((zeros) => fc.array(zeros ? value : nonZero, { minLength: rows * columns, maxLength: rows * columns }).map((v) => Float64Array.from(v)));

/** Every entry the same bits (Object.is: −0 and +0 differ, NaN equals NaN). */
function assertSameBits(got: Float64Array, want: Float64Array, what: string): void {
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++) assert.ok(Object.is(got[i], want[i]), `${what}[${i}]: ${got[i]} vs TypeScript's ${want[i]}`);
}

/** Within 1e-12 of a plain triple loop's sums (scaled by the terms' sizes). */
function assertNearPlain(got: Float64Array, plain: (q: number) => [sum: number, scale: number], what: string): void {
  for (let q = 0; q < got.length; q++) {
    const [sum, scale] = plain(q);
    assert.ok(Math.abs(got[q] - sum) <= 1e-12 * scale + 1e-300, `${what}[${q}]: ${got[q]} vs a plain loop's ${sum}`);
  }
}

const simd = simdKernels;

describe("the WebAssembly SIMD kernels give the TypeScript kernels' bits", () => {
  it("this engine runs them (Node 20 has WebAssembly SIMD): else every case below would test nothing", () => {
    assert.ok(simd !== null);
    assert.equal(useSimdKernels(true), true);
  });

  it("forwardDense: Z = X·W + b, skipping zeros as forwardSkippingZeros does or adding them as forwardRowPairs does", () => {
    const shapes = fc
      .tuple(size, size, size)
      .chain(([rows, inDim, outDim]) => fc.tuple(fc.constant([rows, inDim, outDim]), matrix(rows, inDim), matrix(inDim, outDim), matrix(1, outDim)));
    fc.assert(
      fc.property(shapes, fc.boolean(), ([[rows, inDim, outDim], X, W, b], skip) => {
        const got = new Float64Array(rows * outDim).fill(Number.NaN);
        simd!.forwardDense(X, rows, inDim, W, outDim, b, got, skip);
        const want = new Float64Array(rows * outDim);
        (skip ? forwardSkippingZeros : forwardRowPairs)(X, rows, inDim, W, outDim, b, want);
        assertSameBits(got, want, "Z");
        assertNearPlain(
          got,
          (q) => {
            const [r, j] = [Math.floor(q / outDim), q % outDim];
            let [s, scale] = [b[j], Math.abs(b[j])];
            for (let i = 0; i < inDim; i++) [s, scale] = [s + X[r * inDim + i] * W[i * outDim + j], scale + Math.abs(X[r * inDim + i] * W[i * outDim + j])];
            return [s, scale];
          },
          "Z",
        );
      }),
      RUNS,
    );
  });

  it("weightGradients: gW = Xᵀ·D and gB = Σ rows of D", () => {
    const shapes = fc
      .tuple(size, size, size)
      .chain(([rows, inDim, outDim]) => fc.tuple(fc.constant([rows, inDim, outDim]), matrix(rows, inDim), matrix(rows, outDim)));
    fc.assert(
      fc.property(shapes, fc.boolean(), ([[rows, inDim, outDim], X, D], skip) => {
        const [gW, gB] = [new Float64Array(inDim * outDim).fill(Number.NaN), new Float64Array(outDim).fill(Number.NaN)];
        simd!.weightGradients(X, rows, inDim, D, outDim, gW, gB, skip);
        const want = new Float64Array(inDim * outDim);
        (skip ? weightGradientsSkippingZeros : weightGradientsRowPairs)(X, rows, inDim, D, outDim, want);
        assertSameBits(gW, want, "gW");
        const wantB = new Float64Array(outDim);
        for (let j = 0; j < outDim; j++) for (let r = 0; r < rows; r++) wantB[j] += D[r * outDim + j];
        assertSameBits(gB, wantB, "gB");
        assertNearPlain(
          gW,
          (q) => {
            const [i, j] = [Math.floor(q / outDim), q % outDim];
            let [s, scale] = [0, 0];
            for (let r = 0; r < rows; r++) [s, scale] = [s + X[r * inDim + i] * D[r * outDim + j], scale + Math.abs(X[r * inDim + i] * D[r * outDim + j])];
            return [s, scale];
          },
          "gW",
        );
      }),
      RUNS,
    );
  });

  it("inputGradients: DX = D·Wᵀ, the TypeScript path's bits (forced) and a plain loop's sums", () => {
    const shapes = fc
      .tuple(size, size, size)
      .chain(([rows, inDim, outDim]) => fc.tuple(fc.constant([rows, inDim, outDim]), matrix(rows, outDim), matrix(inDim, outDim)));
    fc.assert(
      fc.property(shapes, fc.boolean(), ([[rows, inDim, outDim], D, W], skip) => {
        const got = new Float64Array(rows * inDim).fill(Number.NaN);
        simd!.inputGradients(D, rows, outDim, W, inDim, got, skip);
        // The TypeScript path chooses skipping itself; the two choices give the same bits but
        // for the sign of a zero, so compare where the choice agrees and the sums everywhere.
        const want = new Float64Array(rows * inDim);
        useSimdKernels(false);
        inputGradients(D, rows, outDim, W, inDim, want, null);
        useSimdKernels(true);
        for (let q = 0; q < want.length; q++) assert.ok(got[q] === want[q], `DX[${q}]: ${got[q]} vs TypeScript's ${want[q]}`);
        assertNearPlain(
          got,
          (q) => {
            const [r, i] = [Math.floor(q / inDim), q % inDim];
            let [s, scale] = [0, 0];
            for (let j = 0; j < outDim; j++) [s, scale] = [s + D[r * outDim + j] * W[i * outDim + j], scale + Math.abs(D[r * outDim + j] * W[i * outDim + j])];
            return [s, scale];
          },
          "DX",
        );
      }),
      RUNS,
    );
  });

  it("an engine without WebAssembly SIMD gets no SIMD kernels (its validate() rejects the module), so the TypeScript ones run", () => {
    assert.equal(simdKernelsFrom(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff)), null);
    assert.equal(useSimdKernels(false), false);
    assert.equal(useSimdKernels(true), true);
  });
});

describe("whole networks train to the same bits with SIMD and with the TypeScript kernels forced", () => {
  for (const [sizes, activations] of [
    [
      [784, 128, 64, 10],
      ["relu", "relu", "softmax"],
    ],
    [
      [2, 16, 16, 2],
      ["tanh", "tanh", "softmax"],
    ],
    [
      [37, 33, 17, 3],
      ["tanh", "sigmoid", "linear"],
    ],
  ] as const) {
    it(`${sizes.join("-")} ${activations.join("/")}: ten steps of batch 64, outputs and gradients`, () => {
      assert.ok(64 * sizes[0] * sizes[1] >= SIMD_MIN_TERMS || sizes[0] === 2, "the big layers reach the SIMD kernels");
      const run = (withSimd: boolean) => {
        useSimdKernels(withSimd);
        const net = new Network(sizes, activations);
        let seed = 7;
        const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
        for (let k = 0; k < net.layerCount; k++) for (let q = 0; q < net.weights[k].length; q++) net.weights[k][q] = random() * 0.3;
        const rows = 64;
        const targets = new Float64Array(rows * sizes[3]);
        for (let r = 0; r < rows; r++) targets[r * sizes[3] + (r % sizes[3])] = 1;
        const seen: number[] = [];
        for (let step = 0; step < 10; step++) {
          const x = net.inputBuffer(rows);
          // Image-like inputs: most of them exact zeros, as the zero-skipping paths need.
          for (let q = 0; q < rows * sizes[0]; q++) x[q] = random() > 0.6 ? random() : 0;
          seen.push(...net.forward(rows).subarray(0, rows * sizes[3]));
          net.backward(activations[2] === "linear" ? "mse" : "crossEntropy", targets);
          for (let k = 0; k < net.layerCount; k++) {
            seen.push(...net.gradWeights[k], ...net.gradBiases[k]);
            for (let q = 0; q < net.weights[k].length; q++) net.weights[k][q] -= 0.1 * net.gradWeights[k][q];
          }
        }
        useSimdKernels(true);
        return Float64Array.from(seen);
      };
      assertSameBits(run(true), run(false), "outputs and gradients");
    });
  }
});
