import { Rng } from "../base/rng";
import type { Dataset } from "./dataset";

/**
 * Holds out round(rows × share) randomly chosen rows (seeded) for validation. At least one row
 * stays for training; a share of 0 gives an empty validation set.
 *
 * Moves `d`'s rows in place, training rows first, each part in its original order, and returns
 * the two parts as views of `d`'s arrays: the split costs no copy of the data, only of the rows
 * held out while they move. `rowOfSample[n]` says where sample n of the data's own order (the
 * sample card's and `nnspec inspect`'s numbering) now is in `d`.
 */
export function splitDataset(d: Dataset, share: number, seed: number): { train: Dataset; validation: Dataset; rowOfSample: Uint32Array } {
  const order = new Uint32Array(d.rows);
  for (let i = 0; i < d.rows; i++) order[i] = i;
  // A different stream from the generator's, so changing the split does not change the points.
  new Rng(seed ^ 0x5eed).shuffle(order);
  const held = heldOutRows(d.rows, share);
  const isHeld = new Uint8Array(d.rows);
  for (let i = 0; i < held; i++) isHeld[order[i]] = 1;
  partition(d.x, d.featureNames.length, isHeld, held);
  if (d.labels) partition(d.labels, 1, isHeld, held);
  if (d.targets) partition(d.targets, d.targetCount, isHeld, held);
  const trainRows = d.rows - held;
  // Both parts keep their order, so sample n lands at its rank among its part's rows.
  const rowOfSample = new Uint32Array(d.rows);
  let kept = 0;
  let moved = trainRows;
  for (let n = 0; n < d.rows; n++) rowOfSample[n] = isHeld[n] ? moved++ : kept++;
  return { train: rowsOf(d, 0, trainRows), validation: rowsOf(d, trainRows, d.rows), rowOfSample };
}

/** The last `validationRows` rows of `d` as its validation data (files of their own gave them), the rest for training. */
export function splitLast(d: Dataset, validationRows: number): { train: Dataset; validation: Dataset; rowOfSample: Uint32Array } {
  const trainRows = d.rows - validationRows;
  const rowOfSample = new Uint32Array(d.rows);
  for (let n = 0; n < d.rows; n++) rowOfSample[n] = n;
  return { train: rowsOf(d, 0, trainRows), validation: rowsOf(d, trainRows, d.rows), rowOfSample };
}

/** Moves the rows marked in `isHeld` to the end of `a` (rows of `width`), keeping both orders. */
function partition(a: Float64Array | Uint8Array | Int32Array, width: number, isHeld: Uint8Array, held: number): void {
  const rows = isHeld.length;
  const heldRows = a.slice(0, held * width);
  let kept = 0;
  let moved = 0;
  for (let r = 0; r < rows; r++) {
    const row = a.subarray(r * width, (r + 1) * width);
    if (isHeld[r]) heldRows.set(row, width * moved++);
    else a.copyWithin(width * kept++, r * width, (r + 1) * width);
  }
  a.set(heldRows, kept * width);
}

/** Rows [from, to) of `d`, sharing its arrays. */
function rowsOf(d: Dataset, from: number, to: number): Dataset {
  const f = d.featureNames.length;
  const t = d.targetCount;
  return {
    ...d,
    rows: to - from,
    x: d.x.subarray(from * f, to * f),
    labels: d.labels?.subarray(from, to),
    targets: d.targets?.subarray(from * t, to * t),
  };
}

/** How many of `rows` the split holds out for validation. */
export function heldOutRows(rows: number, share: number): number {
  return Math.min(rows - 1, Math.round(rows * share));
}
