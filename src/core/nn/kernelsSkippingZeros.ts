/**
 * The forward and weight-gradient products for inputs with many exact zeros (after ReLU about
 * half the activations are zero, and image-like inputs are mostly zero). The non-zero entries of
 * a row (or column) are gathered once, and only they are multiplied; up to eight sums are kept in
 * local variables and stored once (register blocking).
 *
 * A skipped term is 0 × w, which is 0 for every finite weight, so results are unchanged; with an
 * infinite or NaN weight the full product would be NaN where the skip gives 0 (training has
 * stopped with a divergence by then: the trainer checks every loss and gradient).
 */

/** Scratch space for the gathered non-zero entries; grown on demand, never shrunk. */
let gatherValues = new Float64Array(256);
let gatherOffsets = new Int32Array(256);

function ensureGather(n: number): void {
  if (gatherValues.length < n) {
    gatherValues = new Float64Array(n);
    gatherOffsets = new Int32Array(n);
  }
}

/** Z[rows×out] = X[rows×in] · W[in×out] + b[out] */
export function forwardSkippingZeros(X: Float64Array, rows: number, inDim: number, W: Float64Array, outDim: number, b: Float64Array, Z: Float64Array): void {
  ensureGather(inDim);
  const values = gatherValues;
  const offsets = gatherOffsets;
  for (let r = 0; r < rows; r++) {
    const xRow = r * inDim;
    const zRow = r * outDim;
    // The row's non-zero inputs and the offsets of their weight rows.
    let m = 0;
    for (let i = 0; i < inDim; i++) {
      const x = X[xRow + i];
      if (x !== 0) {
        values[m] = x;
        offsets[m] = i * outDim;
        m++;
      }
    }
    let j = 0;
    for (; j + 8 <= outDim; j += 8) {
      let s0 = b[j];
      let s1 = b[j + 1];
      let s2 = b[j + 2];
      let s3 = b[j + 3];
      let s4 = b[j + 4];
      let s5 = b[j + 5];
      let s6 = b[j + 6];
      let s7 = b[j + 7];
      for (let t = 0; t < m; t++) {
        const x = values[t];
        const w = offsets[t] + j;
        s0 += x * W[w];
        s1 += x * W[w + 1];
        s2 += x * W[w + 2];
        s3 += x * W[w + 3];
        s4 += x * W[w + 4];
        s5 += x * W[w + 5];
        s6 += x * W[w + 6];
        s7 += x * W[w + 7];
      }
      Z[zRow + j] = s0;
      Z[zRow + j + 1] = s1;
      Z[zRow + j + 2] = s2;
      Z[zRow + j + 3] = s3;
      Z[zRow + j + 4] = s4;
      Z[zRow + j + 5] = s5;
      Z[zRow + j + 6] = s6;
      Z[zRow + j + 7] = s7;
    }
    // Fewer than 8 outputs left: one block of 4, 2 and 1 each at most, so every output is
    // still made in a single pass over the row's inputs.
    if (j + 4 <= outDim) {
      let s0 = b[j];
      let s1 = b[j + 1];
      let s2 = b[j + 2];
      let s3 = b[j + 3];
      for (let t = 0; t < m; t++) {
        const x = values[t];
        const w = offsets[t] + j;
        s0 += x * W[w];
        s1 += x * W[w + 1];
        s2 += x * W[w + 2];
        s3 += x * W[w + 3];
      }
      Z[zRow + j] = s0;
      Z[zRow + j + 1] = s1;
      Z[zRow + j + 2] = s2;
      Z[zRow + j + 3] = s3;
      j += 4;
    }
    if (j + 2 <= outDim) {
      let s0 = b[j];
      let s1 = b[j + 1];
      for (let t = 0; t < m; t++) {
        const x = values[t];
        const w = offsets[t] + j;
        s0 += x * W[w];
        s1 += x * W[w + 1];
      }
      Z[zRow + j] = s0;
      Z[zRow + j + 1] = s1;
      j += 2;
    }
    if (j < outDim) {
      let s = b[j];
      for (let t = 0; t < m; t++) s += values[t] * W[offsets[t] + j];
      Z[zRow + j] = s;
    }
  }
}

/** gW[in×out] = Xᵀ · D (overwritten). */
export function weightGradientsSkippingZeros(X: Float64Array, rows: number, inDim: number, D: Float64Array, outDim: number, gW: Float64Array): void {
  ensureGather(rows);
  const values = gatherValues;
  const offsets = gatherOffsets;
  for (let i = 0; i < inDim; i++) {
    // The rows where input i is non-zero, and the offsets of their error rows.
    let m = 0;
    for (let r = 0; r < rows; r++) {
      const x = X[r * inDim + i];
      if (x !== 0) {
        values[m] = x;
        offsets[m] = r * outDim;
        m++;
      }
    }
    const wRow = i * outDim;
    let j = 0;
    for (; j + 8 <= outDim; j += 8) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let s4 = 0;
      let s5 = 0;
      let s6 = 0;
      let s7 = 0;
      for (let t = 0; t < m; t++) {
        const x = values[t];
        const d = offsets[t] + j;
        s0 += x * D[d];
        s1 += x * D[d + 1];
        s2 += x * D[d + 2];
        s3 += x * D[d + 3];
        s4 += x * D[d + 4];
        s5 += x * D[d + 5];
        s6 += x * D[d + 6];
        s7 += x * D[d + 7];
      }
      gW[wRow + j] = s0;
      gW[wRow + j + 1] = s1;
      gW[wRow + j + 2] = s2;
      gW[wRow + j + 3] = s3;
      gW[wRow + j + 4] = s4;
      gW[wRow + j + 5] = s5;
      gW[wRow + j + 6] = s6;
      gW[wRow + j + 7] = s7;
    }
    if (j + 4 <= outDim) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let t = 0; t < m; t++) {
        const x = values[t];
        const d = offsets[t] + j;
        s0 += x * D[d];
        s1 += x * D[d + 1];
        s2 += x * D[d + 2];
        s3 += x * D[d + 3];
      }
      gW[wRow + j] = s0;
      gW[wRow + j + 1] = s1;
      gW[wRow + j + 2] = s2;
      gW[wRow + j + 3] = s3;
      j += 4;
    }
    if (j + 2 <= outDim) {
      let s0 = 0;
      let s1 = 0;
      for (let t = 0; t < m; t++) {
        const x = values[t];
        const d = offsets[t] + j;
        s0 += x * D[d];
        s1 += x * D[d + 1];
      }
      gW[wRow + j] = s0;
      gW[wRow + j + 1] = s1;
      j += 2;
    }
    if (j < outDim) {
      let s = 0;
      for (let t = 0; t < m; t++) s += values[t] * D[offsets[t] + j];
      gW[wRow + j] = s;
    }
  }
}
