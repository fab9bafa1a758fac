/** The benchmark's data sets, seeded so every implementation trains on the same numbers. */
import { Rng } from "../src/core/base/rng";

export interface BenchData {
  rows: number;
  features: number;
  classes: number;
  /** rows × features */
  x: Float64Array;
  labels: Int32Array;
}

/**
 * 10,000 MNIST-shaped samples: 28×28 "images" in [0, 1], about a fifth of the pixels lit like
 * MNIST's strokes. Each class has a prototype stroke (a random walk); a sample is its class's
 * prototype shifted by up to 2 pixels, with pixel noise.
 */
export function mnistShaped(rows = 10_000, seed = 1): BenchData {
  const rng = new Rng(seed);
  const side = 28;
  const prototypes: Float64Array[] = [];
  for (let c = 0; c < 10; c++) {
    const img = new Float64Array(side * side);
    let px = 8 + rng.int(12);
    let py = 8 + rng.int(12);
    for (let step = 0; step < 90; step++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const x = px + dx;
          const y = py + dy;
          if (x >= 0 && x < side && y >= 0 && y < side) img[y * side + x] = Math.max(img[y * side + x], dx === 0 && dy === 0 ? 1 : 0.6);
        }
      }
      px = Math.min(side - 4, Math.max(3, px + rng.int(3) - 1));
      py = Math.min(side - 4, Math.max(3, py + rng.int(3) - 1));
    }
    prototypes.push(img);
  }
  const x = new Float64Array(rows * side * side);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = r % 10;
    labels[r] = c;
    const sx = rng.int(5) - 2;
    const sy = rng.int(5) - 2;
    const proto = prototypes[c];
    for (let y = 0; y < side; y++) {
      for (let xx = 0; xx < side; xx++) {
        const ox = xx - sx;
        const oy = y - sy;
        const v = ox >= 0 && ox < side && oy >= 0 && oy < side ? proto[oy * side + ox] : 0;
        x[r * side * side + y * side + xx] = v > 0 ? Math.min(1, v * (0.8 + 0.4 * rng.next())) : 0;
      }
    }
  }
  return { rows, features: side * side, classes: 10, x, labels };
}

/** Share of non-zero inputs, reported beside the results (it matters to any sparse shortcut). */
export function density(d: BenchData): number {
  let nonZero = 0;
  for (let i = 0; i < d.x.length; i++) if (d.x[i] !== 0) nonZero++;
  return nonZero / d.x.length;
}
