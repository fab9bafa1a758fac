/**
 * Makes examples/data/shapes: 16 × 16 grey PNG pictures of three shapes (circle, square,
 * triangle), 100 of each, drawn white on black at seeded random places and sizes, with a little
 * noise: the pictures examples/shapes.nnspec.json ("source": "imageFolder") trains on, made by
 * the project itself so they are free to ship. `npx tsx scripts/data/make-shapes.ts` makes them
 * again (the same bytes: the generator is seeded).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encode } from "fast-png";
import { Rng } from "../../src/core/base/rng";

const SIDE = 16;
const PER_CLASS = 100;
const OUT = join(import.meta.dirname, "..", "..", "examples", "data", "shapes");

/** Whether (x, y), a pixel's centre, is inside the shape of size r centred at (cx, cy). */
const INSIDE: Record<string, (x: number, y: number, cx: number, cy: number, r: number) => boolean> = {
  circle: (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r,
  square: (x, y, cx, cy, r) => Math.abs(x - cx) <= r * 0.85 && Math.abs(y - cy) <= r * 0.85,
  triangle: (x, y, cx, cy, r) => y <= cy + r * 0.8 && y >= cy - r && Math.abs(x - cx) <= ((y - (cy - r)) / (1.8 * r)) * r,
};

rmSync(OUT, { recursive: true, force: true });
const rng = new Rng(2024);
for (const [shape, inside] of Object.entries(INSIDE)) {
  mkdirSync(join(OUT, shape), { recursive: true });
  for (let n = 0; n < PER_CLASS; n++) {
    const r = 3.5 + rng.next() * 3;
    const cx = r + 0.5 + rng.next() * (SIDE - 2 * r - 1);
    const cy = r + 0.5 + rng.next() * (SIDE - 2 * r - 1);
    const data = new Uint8Array(SIDE * SIDE);
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        // Four samples a pixel, so edges are grey as a camera or a pen would leave them.
        let covered = 0;
        for (const [dx, dy] of [
          [0.25, 0.25],
          [0.75, 0.25],
          [0.25, 0.75],
          [0.75, 0.75],
        ])
          if (inside(x + dx, y + dy, cx, cy, r)) covered++;
        const noise = rng.int(24);
        data[y * SIDE + x] = Math.min(255, Math.round((covered / 4) * 230) + noise);
      }
    }
    writeFileSync(join(OUT, shape, `${String(n).padStart(2, "0")}.png`), encode({ width: SIDE, height: SIDE, data, channels: 1, depth: 8 }));
  }
}
console.log(`wrote ${3 * PER_CLASS} pictures in ${OUT}`);
