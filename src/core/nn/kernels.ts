/**
 * The three matrix products a dense layer needs, on row-major Float64Arrays.
 *
 * Why hand-written: these run millions of times a second on matrices of a few to a few hundred
 * columns, where a library's per-call overhead dominates (ARCHITECTURE.md, "Speed facts").
 * Every inner loop is a contiguous axpy or dot product, unrolled ×4, which V8 compiles to
 * tight code. Zero inputs are skipped: after ReLU half of the activations are exactly zero,
 * and image-like inputs are mostly zero, so this saves a large share of the work at no cost in
 * precision (the skipped terms are exact zeros).
 */

/** Z[rows×out] = X[rows×in] · W[in×out] + b[out] */
export function forwardDense(X: Float64Array, rows: number, inDim: number, W: Float64Array, outDim: number, b: Float64Array, Z: Float64Array): void {
  const tail = outDim & ~3;
  for (let r = 0; r < rows; r++) {
    const zRow = r * outDim;
    const xRow = r * inDim;
    for (let j = 0; j < outDim; j++) Z[zRow + j] = b[j];
    for (let i = 0; i < inDim; i++) {
      const x = X[xRow + i];
      if (x === 0) continue;
      const wRow = i * outDim;
      let j = 0;
      for (; j < tail; j += 4) {
        Z[zRow + j] += x * W[wRow + j];
        Z[zRow + j + 1] += x * W[wRow + j + 1];
        Z[zRow + j + 2] += x * W[wRow + j + 2];
        Z[zRow + j + 3] += x * W[wRow + j + 3];
      }
      for (; j < outDim; j++) Z[zRow + j] += x * W[wRow + j];
    }
  }
}

/** gW[in×out] = Xᵀ · D and gB[out] = Σ_rows D (both overwritten). */
export function weightGradients(X: Float64Array, rows: number, inDim: number, D: Float64Array, outDim: number, gW: Float64Array, gB: Float64Array): void {
  gW.fill(0, 0, inDim * outDim);
  gB.fill(0, 0, outDim);
  const tail = outDim & ~3;
  for (let r = 0; r < rows; r++) {
    const dRow = r * outDim;
    const xRow = r * inDim;
    for (let j = 0; j < outDim; j++) gB[j] += D[dRow + j];
    for (let i = 0; i < inDim; i++) {
      const x = X[xRow + i];
      if (x === 0) continue;
      const wRow = i * outDim;
      let j = 0;
      for (; j < tail; j += 4) {
        gW[wRow + j] += x * D[dRow + j];
        gW[wRow + j + 1] += x * D[dRow + j + 1];
        gW[wRow + j + 2] += x * D[dRow + j + 2];
        gW[wRow + j + 3] += x * D[dRow + j + 3];
      }
      for (; j < outDim; j++) gW[wRow + j] += x * D[dRow + j];
    }
  }
}

/** DX[rows×in] = D[rows×out] · Wᵀ: the error passed down to the layer below. */
export function inputGradients(D: Float64Array, rows: number, outDim: number, W: Float64Array, inDim: number, DX: Float64Array): void {
  const tail = outDim & ~3;
  for (let r = 0; r < rows; r++) {
    const dRow = r * outDim;
    const xRow = r * inDim;
    for (let i = 0; i < inDim; i++) {
      const wRow = i * outDim;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j < tail; j += 4) {
        s0 += D[dRow + j] * W[wRow + j];
        s1 += D[dRow + j + 1] * W[wRow + j + 1];
        s2 += D[dRow + j + 2] * W[wRow + j + 2];
        s3 += D[dRow + j + 3] * W[wRow + j + 3];
      }
      for (; j < outDim; j++) s0 += D[dRow + j] * W[wRow + j];
      DX[xRow + i] = s0 + s1 + s2 + s3;
    }
  }
}
