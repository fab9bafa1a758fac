/**
 * The three matrix products a dense layer needs, on row-major Float64Arrays.
 *
 * Why hand-written: these run millions of times a second on matrices of a few to a few hundred
 * columns, where a library's per-call overhead dominates (DEVELOPMENT.md's "Speed" section
 * measures it). Two kernels share the work, chosen by how many of the inputs are exact zeros:
 * kernelsSkippingZeros.ts multiplies only the non-zero ones (ReLU outputs, image-like data),
 * kernelsRowPairs.ts multiplies everything, two rows at a time (tanh, sigmoid and the like).
 * Both sum every output's terms in the same order, so which one runs never changes a result
 * (while the weights are finite: 0 × ∞ is NaN where a skip gives 0, and by then training has
 * stopped with a divergence, as the trainer checks every loss and gradient; and but for the sign
 * of a zero: a bias of −0 over an all-zero row stays −0 when skipped, +0 when 0 × w is added).
 *
 * Where WebAssembly SIMD is there, products of at least SIMD_MIN_TERMS multiply-adds run in
 * kernelsSimd.ts instead, told the same choice of skipping zeros, so again the same bits.
 */
import { forwardRowPairs, weightGradientsRowPairs } from "./kernelsRowPairs";
import { simdKernels } from "./kernelsSimd";
import { forwardSkippingZeros, weightGradientsSkippingZeros } from "./kernelsSkippingZeros";

/**
 * Below this many multiply-adds (rows × in × out) a product stays in TypeScript: copying the
 * operands into WebAssembly's memory and back costs more than SIMD saves (bench/simdSizes.ts).
 */
export const SIMD_MIN_TERMS = 4096;

let simd = simdKernels;

/**
 * Whether the products may run in WebAssembly SIMD: true where the engine has it. `false` forces
 * the TypeScript kernels (tests check that path on its own); returns whether SIMD is now used.
 */
export function useSimdKernels(enabled: boolean): boolean {
  simd = enabled ? simdKernels : null;
  return simd !== null;
}

/** Whether the large products run in WebAssembly SIMD here (the panel says which, for whoever asks why a run is fast or slow). */
export function simdInUse(): boolean {
  return simd !== null;
}

/**
 * Entries looked at to judge how many of a matrix's entries are zero: enough to tell a third
 * from a half, few enough to cost little beside a 16-unit layer's product.
 */
const ZEROS_SAMPLE = 64;
/**
 * The sample's i-th entry is at frac(i · SPREAD) of the matrix: the golden ratio's fractional
 * part spreads any number of points evenly without lining up with rows, so the sample sees every
 * column whatever the batch size (an even step of n / 64 over a batch of 64 rows would see only
 * the first column: one dead unit or one blank pixel).
 */
const SPREAD = (Math.sqrt(5) - 1) / 2;

/**
 * Whether skipping zeros pays for the first `n` entries of X: when at least a third of them are
 * zero (judged on ZEROS_SAMPLE of them). Without zeros the row-pair kernel takes 0.5–0.75 of the
 * zero-skipping kernel's time, and the zero-skipping kernel's time falls with the share of zeros,
 * so the two meet at about a third.
 */
export function worthSkippingZeros(X: Float64Array, n: number): boolean {
  const seen = Math.min(n, ZEROS_SAMPLE);
  let zeros = 0;
  for (let i = 0; i < seen; i++) if (X[Math.floor(((i * SPREAD) % 1) * n)] === 0) zeros++;
  return zeros * 3 >= seen;
}

/** Z[rows×out] = X[rows×in] · W[in×out] + b[out] */
export function forwardDense(X: Float64Array, rows: number, inDim: number, W: Float64Array, outDim: number, b: Float64Array, Z: Float64Array): void {
  const skip = worthSkippingZeros(X, rows * inDim);
  if (simd !== null && rows * inDim * outDim >= SIMD_MIN_TERMS) simd.forwardDense(X, rows, inDim, W, outDim, b, Z, skip);
  else if (skip) forwardSkippingZeros(X, rows, inDim, W, outDim, b, Z);
  else forwardRowPairs(X, rows, inDim, W, outDim, b, Z);
}

/** gW[in×out] = Xᵀ · D and gB[out] = Σ_rows D (both overwritten). */
export function weightGradients(X: Float64Array, rows: number, inDim: number, D: Float64Array, outDim: number, gW: Float64Array, gB: Float64Array): void {
  if (simd !== null && rows * inDim * outDim >= SIMD_MIN_TERMS) {
    simd.weightGradients(X, rows, inDim, D, outDim, gW, gB, worthSkippingZeros(X, rows * inDim));
    return;
  }
  for (let j = 0; j < outDim; j++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += D[r * outDim + j];
    gB[j] = s;
  }
  if (worthSkippingZeros(X, rows * inDim)) weightGradientsSkippingZeros(X, rows, inDim, D, outDim, gW);
  else weightGradientsRowPairs(X, rows, inDim, D, outDim, gW);
}

/** Wᵀ and a zero bias for inputGradients; grown on demand, never shrunk. */
let transposed = new Float64Array(256);
let zeros = new Float64Array(256);

/**
 * DX[rows×in] = D[rows×out] · Wᵀ: the error passed down to the layer below.
 * W is transposed first (in × out copies, against rows × in × out multiply-adds), so that the
 * product is forwardDense's, with its register blocking and its skipping of zero errors (a
 * ReLU layer's δ is 0 at every unit that was off).
 * With `reluInput` (the lower layer's total input, when that layer is ReLU), entries whose unit
 * was off are then set to 0: ReLU's derivative is 0 there.
 */
export function inputGradients(
  D: Float64Array,
  rows: number,
  outDim: number,
  W: Float64Array,
  inDim: number,
  DX: Float64Array,
  reluInput: Float64Array | null,
): void {
  if (simd !== null && rows * inDim * outDim >= SIMD_MIN_TERMS) simd.inputGradients(D, rows, outDim, W, inDim, DX, worthSkippingZeros(D, rows * outDim));
  else transposedProduct(D, rows, outDim, W, inDim, DX);
  if (reluInput !== null) {
    const n = rows * inDim;
    for (let q = 0; q < n; q++) if (reluInput[q] <= 0) DX[q] = 0;
  }
}

/** DX = D · Wᵀ in TypeScript: W transposed into `transposed`, then forwardDense's product. */
function transposedProduct(D: Float64Array, rows: number, outDim: number, W: Float64Array, inDim: number, DX: Float64Array): void {
  if (transposed.length < inDim * outDim) transposed = new Float64Array(inDim * outDim);
  if (zeros.length < inDim) zeros = new Float64Array(inDim);
  const Wt = transposed;
  for (let i = 0; i < inDim; i++) {
    const wRow = i * outDim;
    for (let j = 0; j < outDim; j++) Wt[j * inDim + i] = W[wRow + j];
  }
  if (worthSkippingZeros(D, rows * outDim)) forwardSkippingZeros(D, rows, outDim, Wt, inDim, zeros, DX);
  else forwardRowPairs(D, rows, outDim, Wt, inDim, zeros, DX);
}
