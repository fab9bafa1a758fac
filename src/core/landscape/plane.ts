/**
 * The loss landscape: the training loss and accuracy over a plane through the current weights,
 * at center + α·d1 + β·d2 for α and β on a square grid from −span to +span (the middle point is
 * the current weights exactly), under every loss that suits the task from one forward pass a
 * point, so MAE's creases, MSE's bowl and cross-entropy's walls show on the same plane.
 *
 * The loss is the epoch loss's kind: the mean over the rows of each row's loss, without
 * regularization. Bounds: at most MAX_GRID × MAX_GRID points; at most `maxRows` training rows
 * (default 500) spread evenly over the data, fewer for a large network so that points × rows ×
 * parameters stays under WORK_BUDGET multiply-adds. The grid is computed a point at a time
 * (`planeRows`), so a worker can yield between points and a cancelled request stops there.
 */
import type { Dataset } from "../data/dataset";
import type { LossName } from "../nn/losses";
import type { Network } from "../nn/network";
import { evenlySpacedRows, forEachChunk } from "../train/lossAlongWeight";
import { countCorrect, targetMatrix } from "../train/metrics";
import { setParameterVector, setPlanePoint } from "./parameterVector";

/** The largest grid a side: 101 × 101 points. */
export const MAX_GRID = 101;
/** Multiply-adds one landscape may cost, about 2 s in V8 at the most. */
const WORK_BUDGET = 2e9;

export interface PlaneRequest {
  center: Float64Array;
  d1: Float64Array;
  d2: Float64Array;
  /** Points a side, made odd so that the middle one is the center; 3 to MAX_GRID. */
  grid: number;
  /** α and β run from −span to +span. */
  span: number;
  /** The losses to measure, the spec's first. */
  losses: readonly LossName[];
  /** Regression: an output within this of its target counts as right (metrics.tolerance). */
  tolerance: number;
  maxRows?: number;
}

export interface LossPlane {
  /** The α (and β) values of the grid's columns (and rows), ascending; the middle one is 0. */
  values: number[];
  /** Training rows measured, of `totalRows`. */
  rows: number;
  totalRows: number;
  /** Per loss, the mean loss at each point, row-major: surfaces[c].values[b × grid + a] at α = values[a], β = values[b]. */
  surfaces: { loss: LossName; values: number[] }[];
  /** The accuracy at each point, in the same order (for regression: of output values within the tolerance). */
  accuracy: number[];
}

/** The grid's side and α values for a request, after its bounds. */
export function gridValues(grid: number, span: number): number[] {
  const side = Math.min(MAX_GRID, Math.max(3, Math.floor(grid / 2) * 2 + 1));
  const half = (side - 1) / 2;
  return Array.from({ length: side }, (_, i) => (i === half ? 0 : ((i - half) / half) * span));
}

/** How many training rows a landscape of `points` points over `parameters` parameters measures. */
export function landscapeRows(totalRows: number, points: number, parameters: number, maxRows = 500): number {
  return Math.min(totalRows, maxRows, Math.max(1, Math.floor(WORK_BUDGET / (points * Math.max(1, parameters)))));
}

/**
 * Computes the plane a point at a time (a row of β after another), yielding after each the share
 * done; returns the plane. The network's weights are the center's again after the last row and whenever the
 * generator is closed early (a cancelled request).
 */
export function* planeRows(net: Network, train: Dataset, request: PlaneRequest): Generator<number, LossPlane, void> {
  const values = gridValues(request.grid, request.span);
  const side = values.length;
  const data = evenlySpacedRows(train, landscapeRows(train.rows, side * side, net.parameterCount, request.maxRows));
  const width = net.outputSize;
  const targets = targetMatrix(data, width);
  const regression = data.task === "regression";
  const perRow = regression ? width : 1;
  const surfaces = request.losses.map((loss) => ({ loss, values: new Array<number>(side * side) }));
  const accuracy = new Array<number>(side * side);
  try {
    for (let b = 0; b < side; b++) {
      for (let a = 0; a < side; a++) {
        setPlanePoint(net, request.center, request.d1, request.d2, values[a], values[b]);
        const sums = request.losses.map(() => 0);
        let correct = 0;
        forEachChunk(net, data, targets, (rows, t) => {
          request.losses.forEach((loss, c) => {
            sums[c] += net.lossSum(loss, t);
          });
          correct += countCorrect(net.layerOutput(net.layerCount - 1), t, 0, rows, width, regression, request.tolerance);
        });
        surfaces.forEach((s, c) => {
          s.values[b * side + a] = sums[c] / data.rows;
        });
        accuracy[b * side + a] = correct / (data.rows * perRow);
        yield (b * side + a + 1) / (side * side);
      }
    }
  } finally {
    setParameterVector(net, request.center);
  }
  return { values, rows: data.rows, totalRows: train.rows, surfaces, accuracy };
}
