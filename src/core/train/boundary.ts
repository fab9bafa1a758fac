/**
 * The decision-boundary grid for networks with two inputs: at each cell of a resolution ×
 * resolution grid over the data's range, the class the network predicts there and how sure it is,
 * as TensorFlow Playground draws it. Two numbers a cell whatever the number of classes, so an
 * update stays small with thousands of classes too.
 */
import { copyFeatureRows, type Dataset } from "../data/dataset";
import type { Network } from "../nn/network";
import { outputClasses, predictedClass } from "./confusion";

export interface BoundaryGrid {
  resolution: number;
  /** The range covered, the data's extent plus a margin. */
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** How many classes there are (2 for one sigmoid output): a cell's chance level is 1 / classes. */
  classes: number;
  /** Each cell's predicted class (predictedClass, the rule accuracy counts by), row by row from yMin (row 0) to yMax, x from xMin to xMax. */
  predicted: Uint16Array;
  /** The probability the network gives that class in each cell. */
  probability: Float32Array;
}

export interface Extent {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** The data's range in both features, widened by 10% on each side. */
export function dataExtent(d: Dataset): Extent {
  let xMin = Number.POSITIVE_INFINITY;
  let xMax = Number.NEGATIVE_INFINITY;
  let yMin = Number.POSITIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  const point = new Float64Array(2);
  for (let r = 0; r < d.rows; r++) {
    copyFeatureRows(d, r, 1, point);
    const a = point[0];
    const b = point[1];
    if (a < xMin) xMin = a;
    if (a > xMax) xMax = a;
    if (b < yMin) yMin = b;
    if (b > yMax) yMax = b;
  }
  if (!(xMax > xMin)) [xMin, xMax] = [xMin - 1, xMin + 1];
  if (!(yMax > yMin)) [yMin, yMax] = [yMin - 1, yMin + 1];
  const mx = (xMax - xMin) * 0.1;
  const my = (yMax - yMin) * 0.1;
  return { xMin: xMin - mx, xMax: xMax + mx, yMin: yMin - my, yMax: yMax + my };
}

/**
 * Writes the grid cells start … start + rows − 1 as input rows (x, y): cell c is column
 * c mod resolution from xMin and row ⌊c / resolution⌋ from yMin, both ends included.
 */
export function writeGridInputs(input: Float64Array, start: number, rows: number, extent: Extent, resolution: number): void {
  const step = (max: number, min: number) => (resolution > 1 ? (max - min) / (resolution - 1) : 0);
  const dx = step(extent.xMax, extent.xMin);
  const dy = step(extent.yMax, extent.yMin);
  for (let r = 0; r < rows; r++) {
    const cell = start + r;
    input[2 * r] = extent.xMin + (cell % resolution) * dx;
    input[2 * r + 1] = extent.yMin + Math.floor(cell / resolution) * dy;
  }
}

/** An empty grid over `extent`, for fillBoundary to fill. */
export function emptyBoundary(net: Network, extent: Extent, resolution: number): BoundaryGrid {
  const cells = resolution * resolution;
  return { resolution, ...extent, classes: outputClasses(net.outputSize), predicted: new Uint16Array(cells), probability: new Float32Array(cells) };
}

/** Grid rows per forward pass: keeps the network's batch buffers small. */
export const GRID_CHUNK = 1024;

/**
 * Fills cells start … start + count − 1 of `grid` from the network's outputs, so a caller can
 * spread a large grid over several turns (the worker answers Stop between them).
 */
export function fillBoundary(net: Network, grid: BoundaryGrid, start: number, count: number): void {
  const width = net.outputSize;
  const input = net.inputBuffer(Math.min(count, GRID_CHUNK));
  for (let from = start; from < start + count; from += GRID_CHUNK) {
    const rows = Math.min(GRID_CHUNK, start + count - from);
    writeGridInputs(input, from, rows, grid, grid.resolution);
    const out = net.forward(rows);
    for (let r = 0; r < rows; r++) {
      const best = predictedClass(out, r * width, width);
      grid.predicted[from + r] = best;
      // One sigmoid output is class 1's probability.
      grid.probability[from + r] = width === 1 ? (best === 1 ? out[r] : 1 - out[r]) : out[r * width + best];
    }
  }
}

export function boundaryGrid(net: Network, extent: Extent, resolution: number): BoundaryGrid {
  const grid = emptyBoundary(net, extent, resolution);
  fillBoundary(net, grid, 0, resolution * resolution);
  return grid;
}
