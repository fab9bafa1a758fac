/**
 * An older build's Trainer against this one's, side by side in one process, alternating 0.3 s
 * turns (20 pairs, the median of the pairs' ratios), so that a change's speed is read on the same
 * machine at the same moment. The older tree is a source checkout of another commit:
 *
 *   git archive ad148c0 | tar -x -C /tmp/old && ln -s "$PWD/node_modules" /tmp/old/node_modules
 *   (cd /tmp/old && node esbuild.mjs)   # only where that tree generates files at build time
 *   node --import tsx bench/beforeAfter.ts /tmp/old [--big]
 *
 * The spiral (2 → 16 → 16 → 2 tanh, batch 32), or with --big 2 → 256 → 128 → 2 relu at batch 64,
 * whose products are large enough for the SIMD kernels.
 */
import { resolve } from "node:path";
import { noFiles } from "../src/core/base/files";
import { loadSpec } from "../src/core/spec/load";
import { Trainer } from "../src/core/train/trainer";

interface Steps {
  stepBatch(): unknown;
}

const oldTree = process.argv[2];
if (!oldTree) throw new Error("usage: node --import tsx bench/beforeAfter.ts OLD_TREE [--big]");
const big = process.argv.includes("--big");
const batch = big ? 64 : 32;
const spec = JSON.stringify({
  data: { source: "spiral", samples: 1000 },
  layers: big
    ? [{ units: 2 }, { units: 256, activation: "relu" }, { units: 128, activation: "relu" }, { units: 2, activation: "softmax" }]
    : [{ units: 2 }, { units: 16, activation: "tanh" }, { units: 16, activation: "tanh" }, { units: 2, activation: "softmax" }],
  training: { epochs: 1_000_000, batchSize: batch },
});

async function oldTrainer(): Promise<Steps> {
  const files = await import(resolve(oldTree, "src/core/base/files.ts"));
  const load = await import(resolve(oldTree, "src/core/spec/load.ts"));
  const train = await import(resolve(oldTree, "src/core/train/trainer.ts"));
  return new train.Trainer(load.loadSpec(spec, files.noFiles()).loaded);
}

function newTrainer(): Steps {
  const loaded = loadSpec(spec, noFiles()).loaded;
  if (!loaded) throw new Error("the bench's spec does not load");
  return new Trainer(loaded);
}

/** Rows trained per millisecond in a turn of `ms`. */
function turn(t: Steps, ms: number): number {
  const end = performance.now() + ms;
  let rows = 0;
  while (performance.now() < end) {
    t.stepBatch();
    rows += batch;
  }
  return rows / ms;
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
async function main(): Promise<void> {
  const trainers = { old: await oldTrainer(), new: newTrainer() };
  turn(trainers.old, 500);
  turn(trainers.new, 500);
  const speeds = { old: [] as number[], new: [] as number[] };
  const ratios: number[] = [];
  for (let i = 0; i < 20; i++) {
    const s = { old: 0, new: 0 };
    for (const which of i % 2 ? (["new", "old"] as const) : (["old", "new"] as const)) s[which] = turn(trainers[which], 300);
    speeds.old.push(s.old);
    speeds.new.push(s.new);
    ratios.push(s.new / s.old);
  }
  console.log(
    `${big ? "2→256→128→2 relu, batch 64" : "spiral 2→16→16→2 tanh, batch 32"}: before ${median(speeds.old).toFixed(0)} rows/ms, after ${median(speeds.new).toFixed(0)} rows/ms, after ÷ before ${median(ratios).toFixed(2)}× (median of 20 pairs)`,
  );
}

void main();
