/**
 * Dropout's cost: the same network trained with and without dropout 0.2 on every hidden layer,
 * epoch by epoch in turns in one process (so a slow spell weighs on both), as the ratio of the
 * median epochs. The extra work is one draw and one multiplication per hidden output, forward,
 * and one multiplication per hidden output, backward.
 */
import { Trainer } from "../src/core/train/trainer";
import type { BenchCase } from "./cases";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export interface DropoutCost {
  /** Median epoch without dropout, and with it. */
  plainMs: number;
  droppedMs: number;
}

export function dropoutCost(c: BenchCase, epochs = 30): DropoutCost {
  const rates = c.loaded.spec.sizes.slice(1).map((_, k, all) => (k < all.length - 1 ? 0.2 : 0));
  const plain = new Trainer(c.loaded);
  const dropped = new Trainer({ ...c.loaded, spec: { ...c.loaded.spec, dropout: rates } });
  const times: [number[], number[]] = [[], []];
  for (let e = 0; e < epochs + 2; e++) {
    for (const [i, trainer] of [plain, dropped].entries()) {
      const started = performance.now();
      trainer.stepEpoch();
      if (e >= 2) times[i].push(performance.now() - started); // the first two warm up
    }
  }
  return { plainMs: median(times[0]), droppedMs: median(times[1]) };
}

export function dropoutLine(name: string, m: DropoutCost): string {
  return `${name}: dropout 0.2 on every hidden layer: an epoch ${m.droppedMs.toFixed(2)} ms against ${m.plainMs.toFixed(2)} ms without, ${(m.droppedMs / m.plainMs).toFixed(2)}×`;
}
