/**
 * The decision boundary and the units' pictures cost one forward pass per grid cell: nothing for
 * a small network, minutes for one near the parameter limit (a 64×64 boundary of a 10M-parameter
 * network is 4,096 forward passes of 10M multiply-adds). So their cost is predicted from the
 * network's multiply-adds and the speed measured on earlier pictures, and kept within a share of
 * the update interval while training: drawn coarser, or left out with a note. When training stops,
 * they are drawn within a larger budget, in chunks between which the worker answers Pause, Stop
 * and Resume.
 */
import { t } from "../core/base/l10n";
import type { Network } from "../core/nn/network";
import { type BoundaryGrid, type Extent, emptyBoundary, fillBoundary } from "../core/train/boundary";
import { emptyNeuronMaps, fillNeuronMaps, type NeuronMaps, type UnitsOf } from "../core/train/neuronMaps";

/** Share of the update interval the pictures may take while training. */
const TRAINING_SHARE = 0.25;
/** What the pictures may take once training has stopped (spread over turns of at most a slice). */
export const STILL_BUDGET_MS = 2000;
/** Pictures predicted to take less than this are drawn at once, in the update that needs them. */
export const INLINE_MS = 100;
/** A coarser boundary than this says too little to be worth drawing. */
const MIN_RESOLUTION = 8;
/** Cells per side of each unit's picture: about its size on screen in pixels. */
export const MAP_RESOLUTION = 20;
/** A first guess of the time a multiply-add takes, before any picture has been timed (on the slow side). */
const FIRST_GUESS_NS_PER_MAC = 2;

export interface PicturePlan {
  /** Cells per side of the boundary, or null to leave it out. */
  boundary: number | null;
  maps: boolean;
  /** Why the pictures are coarser than asked or left out; null when they are as asked. */
  note: string | null;
}

/** Multiply-adds of one forward pass of one row. */
export function multiplyAddsPerRow(sizes: readonly number[]): number {
  let macs = 0;
  for (let k = 0; k + 1 < sizes.length; k++) macs += sizes[k] * sizes[k + 1];
  return macs;
}

/** Predicts what pictures fit a budget, and learns the machine's speed from the ones it times. */
export class PictureBudget {
  private nsPerMac = FIRST_GUESS_NS_PER_MAC;

  constructor(
    private readonly macsPerRow: number,
    private readonly askedResolution: number,
    private readonly hasMaps: boolean,
  ) {}

  plan(budgetMs: number): PicturePlan {
    const msPerRow = (this.macsPerRow * this.nsPerMac) / 1e6;
    const mapsMs = this.hasMaps ? MAP_RESOLUTION * MAP_RESOLUTION * msPerRow : 0;
    const maps = this.hasMaps && mapsMs <= budgetMs / 2;
    const left = budgetMs - (maps ? mapsMs : 0);
    const fits = Math.floor(Math.sqrt(left / msPerRow));
    const boundary = Math.min(this.askedResolution, fits);
    const drawn = boundary >= MIN_RESOLUTION ? boundary : null;
    let note: string | null = null;
    if (drawn === null || (this.hasMaps && !maps))
      note = t("This network is too large to redraw its pictures live; they are drawn when training pauses or ends.");
    else if (drawn < this.askedResolution)
      note = t("The decision boundary is drawn at {cells}×{cells} cells while training (this network is large); it is sharper when training pauses.", {
        cells: drawn,
      });
    return { boundary: drawn, maps, note };
  }

  /** The predicted time to draw `plan`, in milliseconds. */
  predictMs(plan: PicturePlan): number {
    const rows = (plan.boundary ?? 0) ** 2 + (plan.maps ? MAP_RESOLUTION * MAP_RESOLUTION : 0);
    return (rows * this.predictNsPerRow()) / 1e6;
  }

  /** While training: a share of the update interval. */
  planWhileTraining(updateIntervalMs: number): PicturePlan {
    return this.plan(updateIntervalMs * TRAINING_SHARE);
  }

  /** How many rows' forward passes fit in `ms`, at the speed measured so far. */
  rowsWithin(ms: number): number {
    return Math.floor((ms * 1e6) / Math.max(1, this.predictNsPerRow()));
  }

  /** The predicted time of one forward pass of one row, in nanoseconds. */
  predictNsPerRow(): number {
    return this.macsPerRow * this.nsPerMac;
  }

  /** Learns from a timed picture: `rows` forward passes took `ms`. */
  measured(rows: number, ms: number): void {
    if (rows <= 0 || !(ms > 0)) return;
    const observed = (ms * 1e6) / (rows * this.macsPerRow);
    // Smooth: one slow turn (a garbage collection) should not halve every later picture.
    this.nsPerMac = 0.7 * this.nsPerMac + 0.3 * observed;
  }
}

export interface Pictures {
  boundary: BoundaryGrid | null;
  neuronMaps: NeuronMaps | null;
}

/**
 * Pictures drawn a chunk at a time. `work(deadline)` draws until the deadline or the end and
 * says whether it is done; the worker calls it again on its next turn.
 */
export class PictureJob {
  private readonly boundary: BoundaryGrid | null;
  private readonly maps: NeuronMaps | null;
  private boundaryCells = 0;
  private mapCells = 0;

  constructor(
    private readonly net: Network,
    private readonly extent: Extent,
    plan: PicturePlan,
    private readonly unitsOf: UnitsOf,
    private readonly budget: PictureBudget,
    /** The session's clock: deadlines and the timing of each chunk are read on it. */
    private readonly now: () => number,
  ) {
    this.boundary = plan.boundary === null ? null : emptyBoundary(net, extent, plan.boundary);
    this.maps = plan.maps ? emptyNeuronMaps(net, MAP_RESOLUTION, unitsOf) : null;
  }

  /** Draws until `deadline` (milliseconds on the job's clock, `now`) or the end; true when all is drawn. */
  work(deadline: number): boolean {
    // Rows a turn: about 2 ms of work at the speed measured so far, at least one.
    const chunk = (total: number) => Math.max(1, Math.min(total, Math.floor(2e6 / Math.max(1, this.budget.predictNsPerRow()))));
    while (this.now() < deadline) {
      const started = this.now();
      if (this.maps && this.mapCells < MAP_RESOLUTION * MAP_RESOLUTION) {
        const rows = Math.min(chunk(MAP_RESOLUTION * MAP_RESOLUTION), MAP_RESOLUTION * MAP_RESOLUTION - this.mapCells);
        fillNeuronMaps(this.net, this.extent, this.maps, this.unitsOf, this.mapCells, rows);
        this.mapCells += rows;
        this.budget.measured(rows, this.now() - started);
      } else if (this.boundary && this.boundaryCells < this.boundary.resolution ** 2) {
        const rows = Math.min(chunk(this.boundary.resolution ** 2), this.boundary.resolution ** 2 - this.boundaryCells);
        fillBoundary(this.net, this.boundary, this.boundaryCells, rows);
        this.boundaryCells += rows;
        this.budget.measured(rows, this.now() - started);
      } else return true;
    }
    return this.done;
  }

  get done(): boolean {
    return (!this.maps || this.mapCells >= MAP_RESOLUTION * MAP_RESOLUTION) && (!this.boundary || this.boundaryCells >= this.boundary.resolution ** 2);
  }

  result(): Pictures {
    return { boundary: this.boundary, neuronMaps: this.maps };
  }
}
