/**
 * The loss landscape's cost on the spiral network: a 41 × 41 plane through its weights after
 * 50 epochs (every suitable loss and the accuracy at each of 1,681 points, over its 320
 * training samples), with a training epoch for scale in the same run, and what recording the
 * path costs an epoch (one copy of the weights), the share a run is slowed by.
 */
import { landscapeOf, WeightPath } from "../src/core/landscape/landscape";
import { Trainer } from "../src/core/train/trainer";
import type { BenchCase } from "./cases";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export interface LandscapeCost {
  grid: number;
  rows: number;
  parameters: number;
  /** Median of `repeats` landscapes. */
  landscapeMs: number;
  /** Median training epoch, with the panel's per-epoch statistics. */
  epochMs: number;
  /** Median cost of recording the path once (an epoch's share of a run's slowdown). */
  recordMs: number;
}

export function landscapeCost(c: BenchCase, repeats = 5, grid = 41): LandscapeCost {
  const trainer = new Trainer(c.loaded);
  const path = new WeightPath(trainer.net.parameterCount);
  path.record(0, trainer.net);
  const epochs: number[] = [];
  const records: number[] = [];
  for (let e = 1; e <= 50; e++) {
    let started = performance.now();
    trainer.stepEpoch();
    epochs.push(performance.now() - started);
    started = performance.now();
    path.record(e, trainer.net);
    records.push(performance.now() - started);
  }
  const times: number[] = [];
  let rows = 0;
  landscapeOf(trainer, path, { grid }); // warm-up
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    rows = landscapeOf(trainer, path, { grid }).rows;
    times.push(performance.now() - started);
  }
  return { grid, rows, parameters: trainer.net.parameterCount, landscapeMs: median(times), epochMs: median(epochs), recordMs: median(records) };
}

export function landscapeLines(name: string, m: LandscapeCost): string[] {
  return [
    `\n${name}: a ${m.grid} × ${m.grid} loss landscape (${m.parameters} parameters, ${m.rows} samples, every suitable loss and the accuracy at each point): ${m.landscapeMs.toFixed(0)} ms, ${(m.landscapeMs / m.epochMs).toFixed(1)}× a training epoch (${m.epochMs.toFixed(2)} ms)`,
    `${name}: recording the path costs ${(m.recordMs * 1000).toFixed(1)} µs an epoch, ${((100 * m.recordMs) / m.epochMs).toFixed(2)}% of the epoch`,
  ];
}
