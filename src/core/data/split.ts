import { Rng } from "../base/rng";
import { type Dataset, selectRows } from "./dataset";

/**
 * Holds out round(rows × share) randomly chosen rows (seeded) for validation. At least one row
 * stays for training; a share of 0 gives an empty validation set.
 */
export function splitDataset(d: Dataset, share: number, seed: number): { train: Dataset; validation: Dataset } {
  const order = new Uint32Array(d.rows);
  for (let i = 0; i < d.rows; i++) order[i] = i;
  // A different stream from the generator's, so changing the split does not change the points.
  new Rng(seed ^ 0x5eed).shuffle(order);
  const held = Math.min(d.rows - 1, Math.round(d.rows * share));
  const validation = Array.from(order.subarray(0, held)).sort((a, b) => a - b);
  const train = Array.from(order.subarray(held)).sort((a, b) => a - b);
  return { train: selectRows(d, train), validation: selectRows(d, validation) };
}
