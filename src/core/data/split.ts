import { Rng } from "../base/rng";
import { type Dataset, selectRows } from "./dataset";

/**
 * Holds out round(rows × share) randomly chosen rows (seeded) for validation. At least one row
 * stays for training; a share of 0 gives an empty validation set.
 */
export function splitDataset(d: Dataset, share: number, seed: number): { train: Dataset; validation: Dataset } {
  const { train, validation } = splitRows(d.rows, share, seed);
  return { train: selectRows(d, train), validation: selectRows(d, validation) };
}

/** Which rows (indices in the data's own order, ascending) splitDataset keeps for training and for validation. */
export function splitRows(rows: number, share: number, seed: number): { train: number[]; validation: number[] } {
  const order = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  // A different stream from the generator's, so changing the split does not change the points.
  new Rng(seed ^ 0x5eed).shuffle(order);
  const held = Math.min(rows - 1, Math.round(rows * share));
  return { train: Array.from(order.subarray(held)).sort((a, b) => a - b), validation: Array.from(order.subarray(0, held)).sort((a, b) => a - b) };
}
