/**
 * The scalar limit for the spiral: the same network (dense layers, tanh hidden, softmax output,
 * cross-entropy, SGD) trained by plain Float64Array loops, each inner product unrolled 4× over
 * the outputs, with no statistic, no check and no panel work. Our trainer's speed beside this
 * one, in the same run, is what every metric and the general code cost (target: ≥ 0.9×).
 */
import type { BenchCase } from "./cases";

/** s[j..j+3] = init + Σᵢ x[i] · M[i·width + j..j+3], over the whole width (a tail of 1–3 alone). */
function product(x: Float64Array, xAt: number, n: number, M: Float64Array, width: number, init: Float64Array | null, out: Float64Array, outAt: number): void {
  let j = 0;
  for (; j + 4 <= width; j += 4) {
    let s0 = init ? init[j] : 0;
    let s1 = init ? init[j + 1] : 0;
    let s2 = init ? init[j + 2] : 0;
    let s3 = init ? init[j + 3] : 0;
    for (let i = 0; i < n; i++) {
      const v = x[xAt + i];
      const m = i * width + j;
      s0 += v * M[m];
      s1 += v * M[m + 1];
      s2 += v * M[m + 2];
      s3 += v * M[m + 3];
    }
    out[outAt + j] = s0;
    out[outAt + j + 1] = s1;
    out[outAt + j + 2] = s2;
    out[outAt + j + 3] = s3;
  }
  for (; j < width; j++) {
    let s = init ? init[j] : 0;
    for (let i = 0; i < n; i++) s += x[xAt + i] * M[i * width + j];
    out[outAt + j] = s;
  }
}

/** Trains the case's network this plain way; each call trains on for `seconds`, returns examples per second. */
export function plainLoopRunner(c: BenchCase): (seconds: number) => number {
  const sizes = c.sizes;
  const L = sizes.length - 1;
  const B = c.batchSize;
  const W = sizes.slice(1).map((out, k) => Float64Array.from({ length: sizes[k] * out }, (_, q) => Math.sin(q * 12.9898 + k) * Math.sqrt(1 / sizes[k])));
  const b = sizes.slice(1).map((out) => new Float64Array(out));
  const a = sizes.map((n) => new Float64Array(B * n)); // a[0] is the batch's inputs
  const delta = sizes.slice(1).map((n) => new Float64Array(B * n));
  const gW = W.map((w) => new Float64Array(w.length));
  const gB = b.map((v) => new Float64Array(v.length));
  const column = new Float64Array(B);
  const inputs = sizes[0];
  const classes = sizes[L];
  const lr = c.learningRate;

  const batch = (from: number, rows: number) => {
    a[0].set(c.x.subarray(from * inputs, (from + rows) * inputs));
    for (let k = 0; k < L; k++) {
      const [n, m] = [sizes[k], sizes[k + 1]];
      for (let r = 0; r < rows; r++) product(a[k], r * n, n, W[k], m, b[k], a[k + 1], r * m);
      const out = a[k + 1];
      if (k < L - 1) for (let q = 0; q < rows * m; q++) out[q] = Math.tanh(out[q]);
      else
        for (let r = 0; r < rows; r++) {
          let max = -Infinity;
          for (let j = 0; j < m; j++) max = Math.max(max, out[r * m + j]);
          let sum = 0;
          for (let j = 0; j < m; j++) sum += out[r * m + j] = Math.exp(out[r * m + j] - max);
          for (let j = 0; j < m; j++) out[r * m + j] /= sum;
        }
    }
    // Softmax with cross-entropy: δ = (p − one-hot) / rows.
    const dOut = delta[L - 1];
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < classes; j++) dOut[r * classes + j] = (a[L][r * classes + j] - (c.labels[from + r] === j ? 1 : 0)) / rows;
    for (let k = L - 1; k >= 0; k--) {
      const [n, m] = [sizes[k], sizes[k + 1]];
      const d = delta[k];
      // gW = aᵀ·δ, one input unit's row at a time (its column of a gathered first).
      for (let i = 0; i < n; i++) {
        for (let r = 0; r < rows; r++) column[r] = a[k][r * n + i];
        product(column, 0, rows, d, m, null, gW[k], i * m);
      }
      gB[k].fill(0);
      for (let r = 0; r < rows; r++) for (let j = 0; j < m; j++) gB[k][j] += d[r * m + j];
      if (k > 0) {
        // δ below = δ·Wᵀ ⊙ tanh′ = δ·Wᵀ ⊙ (1 − a²)
        const below = delta[k - 1];
        const w = W[k];
        for (let r = 0; r < rows; r++)
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j < m; j++) s += d[r * m + j] * w[i * m + j];
            const act = a[k][r * n + i];
            below[r * n + i] = s * (1 - act * act);
          }
      }
    }
    for (let k = 0; k < L; k++) {
      for (let q = 0; q < W[k].length; q++) W[k][q] -= lr * gW[k][q];
      for (let q = 0; q < b[k].length; q++) b[k][q] -= lr * gB[k][q];
    }
  };
  const epoch = () => {
    for (let from = 0; from < c.trainRows; from += B) batch(from, Math.min(B, c.trainRows - from));
  };
  epoch();
  return (seconds) => {
    const started = performance.now();
    let epochs = 0;
    while (performance.now() - started < seconds * 1000) {
      epoch();
      epochs++;
    }
    if (!W.every((w) => w.every(Number.isFinite))) throw new Error("the plain loop diverged");
    return (epochs * c.trainRows) / ((performance.now() - started) / 1000);
  };
}
