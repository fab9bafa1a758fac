/**
 * `node --import tsx bench/simdSizes.ts`: microseconds per call of each dense product in
 * TypeScript and in WebAssembly SIMD over the layer shapes the bench trains, the copies in and
 * out included; kernels.ts's SIMD_MIN_TERMS comes from where SIMD starts to pay.
 */
import { forwardDense, inputGradients, useSimdKernels, weightGradients } from "../src/core/nn/kernels";

const SHAPES: [rows: number, inDim: number, outDim: number, zeros: number][] = [
  [32, 2, 16, 0],
  [32, 16, 16, 0],
  [32, 16, 2, 0],
  [32, 8, 8, 0],
  [32, 32, 32, 0],
  [64, 784, 128, 0.8],
  [64, 128, 64, 0.5],
  [64, 64, 10, 0.5],
];

function random(n: number, zeros: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() < zeros ? 0 : Math.random() * 2 - 1;
  return a;
}

function usPerCall(work: () => void): number {
  for (let i = 0; i < 200; i++) work();
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < 300) {
    work();
    n++;
  }
  return ((performance.now() - started) / n) * 1000;
}

for (const [rows, inDim, outDim, share] of SHAPES) {
  const X = random(rows * inDim, share);
  const W = random(inDim * outDim, 0);
  const b = random(outDim, 0);
  const Z = new Float64Array(rows * outDim);
  const D = random(rows * outDim, share);
  const gW = new Float64Array(inDim * outDim);
  const gB = new Float64Array(outDim);
  const DX = new Float64Array(rows * inDim);
  const line: string[] = [];
  for (const [name, work] of [
    ["forward", () => forwardDense(X, rows, inDim, W, outDim, b, Z)],
    ["weightGradients", () => weightGradients(X, rows, inDim, D, outDim, gW, gB)],
    ["inputGradients", () => inputGradients(D, rows, outDim, W, inDim, DX, null)],
  ] as const) {
    useSimdKernels(false);
    const ts = usPerCall(work);
    useSimdKernels(true);
    const simd = usPerCall(work);
    line.push(`${name} ${ts.toFixed(2)} → ${simd.toFixed(2)} µs (${(ts / simd).toFixed(2)}×)`);
  }
  console.log(`${rows}×${inDim}×${outDim} (${rows * inDim * outDim} terms, ${share * 100}% zeros): ${line.join(" · ")}`);
}
