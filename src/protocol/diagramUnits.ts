/**
 * Which units the layer diagram draws: all of a small layer, the first and last five of a large
 * one. Shared by the worker (which sends only the drawn edges' weights, keeping each update small
 * however big the network) and the webview (which draws them).
 */
export const MAX_DRAWN_UNITS = 10;

export function drawnUnits(n: number): number[] {
  if (n <= MAX_DRAWN_UNITS) return Array.from({ length: n }, (_, i) => i);
  const half = MAX_DRAWN_UNITS / 2;
  return [...Array.from({ length: half }, (_, i) => i), ...Array.from({ length: half }, (_, i) => n - half + i)];
}

/**
 * The drawn part of each layer's matrix: for layer k, drawn(k) × drawn(k+1) values, row-major,
 * from a full row-major [in][out] matrix per layer.
 */
export function drawnEdges(sizes: readonly number[], matrices: readonly Float64Array[]): number[][] {
  return matrices.map((m, k) => {
    const from = drawnUnits(sizes[k]);
    const to = drawnUnits(sizes[k + 1]);
    const out: number[] = [];
    for (const i of from) for (const j of to) out.push(m[i * sizes[k + 1] + j]);
    return out;
  });
}

/** The drawn units' entries of each layer's vector (biases), per layer after the input. */
export function drawnVectors(sizes: readonly number[], vectors: readonly ArrayLike<number>[]): number[][] {
  return vectors.map((v, k) => drawnUnits(sizes[k + 1]).map((j) => v[j]));
}
