/**
 * The forward and weight-gradient products for inputs with few zeros (after tanh, sigmoid and
 * the like), two rows at a time: each weight (or error) loaded is used for both rows, and a
 * 2×4 block of sums stays in local variables until it is stored. That halves the loads per
 * multiply-add of a one-row kernel, and there is no gathering pass. On inputs without zeros it
 * takes 0.5–0.75 of kernelsSkippingZeros.ts's time (a 16×16 to a 128×64 layer), and with it
 * and the narrow-output blocks the spiral bench network trains about 1.26× as fast.
 *
 * Each sum is accumulated in the same order as in kernelsSkippingZeros.ts, term by term, so the
 * two give the same bits (a skipped term is 0 × w, and adding 0 leaves a sum unchanged, but for
 * the sign of a zero sum: kernels.ts says when).
 */

/** Z[rows×out] = X[rows×in] · W[in×out] + b[out], two rows at a time. */
export function forwardRowPairs(X: Float64Array, rows: number, inDim: number, W: Float64Array, outDim: number, b: Float64Array, Z: Float64Array): void {
  let r = 0;
  for (; r + 2 <= rows; r += 2) {
    const x0 = r * inDim;
    const x1 = x0 + inDim;
    const z0 = r * outDim;
    const z1 = z0 + outDim;
    let j = 0;
    for (; j + 4 <= outDim; j += 4) {
      let a0 = b[j];
      let a1 = b[j + 1];
      let a2 = b[j + 2];
      let a3 = b[j + 3];
      let c0 = a0;
      let c1 = a1;
      let c2 = a2;
      let c3 = a3;
      for (let i = 0; i < inDim; i++) {
        const u = X[x0 + i];
        const v = X[x1 + i];
        const w = i * outDim + j;
        const w0 = W[w];
        const w1 = W[w + 1];
        const w2 = W[w + 2];
        const w3 = W[w + 3];
        a0 += u * w0;
        a1 += u * w1;
        a2 += u * w2;
        a3 += u * w3;
        c0 += v * w0;
        c1 += v * w1;
        c2 += v * w2;
        c3 += v * w3;
      }
      Z[z0 + j] = a0;
      Z[z0 + j + 1] = a1;
      Z[z0 + j + 2] = a2;
      Z[z0 + j + 3] = a3;
      Z[z1 + j] = c0;
      Z[z1 + j + 1] = c1;
      Z[z1 + j + 2] = c2;
      Z[z1 + j + 3] = c3;
    }
    for (; j < outDim; j++) {
      let a = b[j];
      let c = a;
      for (let i = 0; i < inDim; i++) {
        const w = W[i * outDim + j];
        a += X[x0 + i] * w;
        c += X[x1 + i] * w;
      }
      Z[z0 + j] = a;
      Z[z1 + j] = c;
    }
  }
  if (r < rows) {
    // The odd last row.
    const x0 = r * inDim;
    const z0 = r * outDim;
    for (let j = 0; j < outDim; j++) {
      let a = b[j];
      for (let i = 0; i < inDim; i++) a += X[x0 + i] * W[i * outDim + j];
      Z[z0 + j] = a;
    }
  }
}

/** gW[in×out] = Xᵀ · D (overwritten), two inputs at a time. */
export function weightGradientsRowPairs(X: Float64Array, rows: number, inDim: number, D: Float64Array, outDim: number, gW: Float64Array): void {
  let i = 0;
  for (; i + 2 <= inDim; i += 2) {
    const g0 = i * outDim;
    const g1 = g0 + outDim;
    let j = 0;
    for (; j + 4 <= outDim; j += 4) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      for (let r = 0; r < rows; r++) {
        const x = r * inDim + i;
        const u = X[x];
        const v = X[x + 1];
        const d = r * outDim + j;
        const d0 = D[d];
        const d1 = D[d + 1];
        const d2 = D[d + 2];
        const d3 = D[d + 3];
        a0 += u * d0;
        a1 += u * d1;
        a2 += u * d2;
        a3 += u * d3;
        c0 += v * d0;
        c1 += v * d1;
        c2 += v * d2;
        c3 += v * d3;
      }
      gW[g0 + j] = a0;
      gW[g0 + j + 1] = a1;
      gW[g0 + j + 2] = a2;
      gW[g0 + j + 3] = a3;
      gW[g1 + j] = c0;
      gW[g1 + j + 1] = c1;
      gW[g1 + j + 2] = c2;
      gW[g1 + j + 3] = c3;
    }
    for (; j < outDim; j++) {
      let a = 0;
      let c = 0;
      for (let r = 0; r < rows; r++) {
        const d = D[r * outDim + j];
        a += X[r * inDim + i] * d;
        c += X[r * inDim + i + 1] * d;
      }
      gW[g0 + j] = a;
      gW[g1 + j] = c;
    }
  }
  if (i < inDim) {
    // The odd last input.
    const g0 = i * outDim;
    for (let j = 0; j < outDim; j++) {
      let a = 0;
      for (let r = 0; r < rows; r++) a += X[r * inDim + i] * D[r * outDim + j];
      gW[g0 + j] = a;
    }
  }
}
