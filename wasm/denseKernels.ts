// AssemblyScript source of the WebAssembly SIMD kernels (src/core/nn/wasmKernels.ts loads them;
// esbuild.mjs compiles this file). Every pointer is a byte offset into the module's memory, every
// matrix row-major float64, as in src/core/nn/kernels.ts.
//
// One routine does all the work: dst[j] = init[j] + Σₜ values[t] · M[rowOffset[t] + j], each sum
// taken term by term in t's order, two neighbouring j in the two lanes of a f64x2. The forward
// product gathers a row of X (its non-zero entries, or all of them), the weight gradient a column
// of X, and each output's sum is then made in exactly the order, and with exactly the terms, of
// the TypeScript kernels: the same multiplications and additions, so the same bits (WebAssembly
// has no fused multiply-add here that would round once instead of twice).

/** dst[j] = init[j] + Σₜ values[t] · M[offsets[t] / 8 + j] for j < width. */
function gatheredSums(values: usize, offsets: usize, m: i32, M: usize, width: i32, init: usize, dst: usize): void {
  let j = 0;
  // Sixteen outputs at a time: eight f64x2 sums stay in registers over the whole gather.
  for (; j + 16 <= width; j += 16) {
    const jb = (<usize>j) << 3;
    let s0 = v128.load(init + jb);
    let s1 = v128.load(init + jb, 16);
    let s2 = v128.load(init + jb, 32);
    let s3 = v128.load(init + jb, 48);
    let s4 = v128.load(init + jb, 64);
    let s5 = v128.load(init + jb, 80);
    let s6 = v128.load(init + jb, 96);
    let s7 = v128.load(init + jb, 112);
    for (let t = 0; t < m; t++) {
      const x = f64x2.splat(load<f64>(values + ((<usize>t) << 3)));
      const p = M + <usize>load<i32>(offsets + ((<usize>t) << 2)) + jb;
      s0 = f64x2.add(s0, f64x2.mul(x, v128.load(p)));
      s1 = f64x2.add(s1, f64x2.mul(x, v128.load(p, 16)));
      s2 = f64x2.add(s2, f64x2.mul(x, v128.load(p, 32)));
      s3 = f64x2.add(s3, f64x2.mul(x, v128.load(p, 48)));
      s4 = f64x2.add(s4, f64x2.mul(x, v128.load(p, 64)));
      s5 = f64x2.add(s5, f64x2.mul(x, v128.load(p, 80)));
      s6 = f64x2.add(s6, f64x2.mul(x, v128.load(p, 96)));
      s7 = f64x2.add(s7, f64x2.mul(x, v128.load(p, 112)));
    }
    v128.store(dst + jb, s0);
    v128.store(dst + jb, s1, 16);
    v128.store(dst + jb, s2, 32);
    v128.store(dst + jb, s3, 48);
    v128.store(dst + jb, s4, 64);
    v128.store(dst + jb, s5, 80);
    v128.store(dst + jb, s6, 96);
    v128.store(dst + jb, s7, 112);
  }
  // Fewer than sixteen left: one block of eight at most, so each output is still one pass.
  if (j + 8 <= width) {
    const jb = (<usize>j) << 3;
    let s0 = v128.load(init + jb);
    let s1 = v128.load(init + jb, 16);
    let s2 = v128.load(init + jb, 32);
    let s3 = v128.load(init + jb, 48);
    for (let t = 0; t < m; t++) {
      const x = f64x2.splat(load<f64>(values + ((<usize>t) << 3)));
      const p = M + <usize>load<i32>(offsets + ((<usize>t) << 2)) + jb;
      s0 = f64x2.add(s0, f64x2.mul(x, v128.load(p)));
      s1 = f64x2.add(s1, f64x2.mul(x, v128.load(p, 16)));
      s2 = f64x2.add(s2, f64x2.mul(x, v128.load(p, 32)));
      s3 = f64x2.add(s3, f64x2.mul(x, v128.load(p, 48)));
    }
    v128.store(dst + jb, s0);
    v128.store(dst + jb, s1, 16);
    v128.store(dst + jb, s2, 32);
    v128.store(dst + jb, s3, 48);
    j += 8;
  }
  // Then up to three pairs together, and an odd last output alone.
  if (j + 2 <= width) {
    const jb = (<usize>j) << 3;
    const pairs = (width - j) >> 1;
    let s0 = v128.load(init + jb);
    let s1 = pairs > 1 ? v128.load(init + jb, 16) : f64x2.splat(0);
    let s2 = pairs > 2 ? v128.load(init + jb, 32) : f64x2.splat(0);
    for (let t = 0; t < m; t++) {
      const x = f64x2.splat(load<f64>(values + ((<usize>t) << 3)));
      const p = M + <usize>load<i32>(offsets + ((<usize>t) << 2)) + jb;
      s0 = f64x2.add(s0, f64x2.mul(x, v128.load(p)));
      if (pairs > 1) s1 = f64x2.add(s1, f64x2.mul(x, v128.load(p, 16)));
      if (pairs > 2) s2 = f64x2.add(s2, f64x2.mul(x, v128.load(p, 32)));
    }
    v128.store(dst + jb, s0);
    if (pairs > 1) v128.store(dst + jb, s1, 16);
    if (pairs > 2) v128.store(dst + jb, s2, 32);
    j += pairs << 1;
  }
  if (j < width) {
    const jb = (<usize>j) << 3;
    let s = load<f64>(init + jb);
    for (let t = 0; t < m; t++) {
      s += load<f64>(values + ((<usize>t) << 3)) * load<f64>(M + <usize>load<i32>(offsets + ((<usize>t) << 2)) + jb);
    }
    store<f64>(dst + jb, s);
  }
}

/**
 * Gathers `count` entries of X, `stride` bytes apart from `from`, into values and offsets (the
 * i-th entry's offset is i · step bytes); without `skipZeros` every entry, else only the non-zero
 * ones. Returns how many were gathered.
 */
function gather(from: usize, count: i32, stride: usize, step: i32, skipZeros: bool, values: usize, offsets: usize): i32 {
  let m = 0;
  for (let i = 0; i < count; i++) {
    const x = load<f64>(from + <usize>i * stride);
    if (skipZeros && x == 0) continue;
    store<f64>(values + ((<usize>m) << 3), x);
    store<i32>(offsets + ((<usize>m) << 2), i * step);
    m++;
  }
  return m;
}

/** Z[rows×out] = X[rows×in] · W[in×out] + b[out]; values and offsets have room for `inDim` entries. */
export function forwardDense(X: usize, rows: i32, inDim: i32, W: usize, outDim: i32, b: usize, Z: usize, skipZeros: bool, values: usize, offsets: usize): void {
  for (let r = 0; r < rows; r++) {
    const m = gather(X + <usize>r * <usize>inDim * 8, inDim, 8, outDim * 8, skipZeros, values, offsets);
    gatheredSums(values, offsets, m, W, outDim, b, Z + <usize>r * <usize>outDim * 8);
  }
}

/**
 * gW[in×out] = Xᵀ · D and gB[out] = Σ_rows D, from sums starting at `zeros` (outDim zeros);
 * values and offsets have room for `rows` entries.
 */
export function weightGradients(X: usize, rows: i32, inDim: i32, D: usize, outDim: i32, gW: usize, gB: usize, skipZeros: bool, zeros: usize, values: usize, offsets: usize): void {
  // gB: every row's error times 1, which is the error itself, in the rows' order.
  for (let r = 0; r < rows; r++) {
    store<f64>(values + ((<usize>r) << 3), 1.0);
    store<i32>(offsets + ((<usize>r) << 2), r * outDim * 8);
  }
  gatheredSums(values, offsets, rows, D, outDim, zeros, gB);
  for (let i = 0; i < inDim; i++) {
    const m = gather(X + <usize>i * 8, rows, <usize>inDim * 8, outDim * 8, skipZeros, values, offsets);
    gatheredSums(values, offsets, m, D, outDim, zeros, gW + <usize>i * <usize>outDim * 8);
  }
}

/** Wt[out×in] = W[in×out]ᵀ, for the product that passes the error down. */
export function transpose(W: usize, inDim: i32, outDim: i32, Wt: usize): void {
  for (let i = 0; i < inDim; i++) {
    for (let j = 0; j < outDim; j++) {
      store<f64>(Wt + (<usize>j * <usize>inDim + <usize>i) * 8, load<f64>(W + (<usize>i * <usize>outDim + <usize>j) * 8));
    }
  }
}
