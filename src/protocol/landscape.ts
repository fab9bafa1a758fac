/**
 * The loss landscape's conversation (panel → host → worker and back): what the panel asks, and
 * the view it gets, the plane's figures without the directions themselves (a network's worth of
 * numbers twice, which `nnspec landscape --json` gives).
 */
import type { DirectionKind, Landscape } from "../core/landscape/landscape";
import { MAX_GRID } from "../core/landscape/plane";

export type LandscapeAsk = { action: "compute"; directions: DirectionKind; grid: number } | { action: "cancel" };

export type LandscapeView = Omit<Landscape, "d1" | "d2"> & {
  /** The epoch of the weights the plane passes through. */
  epoch: number;
  /** Milliseconds from the request to the answer. */
  ms: number;
};

/** The panel's ask, checked (it is a browser page); undefined when it is not one. */
export function landscapeAsk(raw: unknown): LandscapeAsk | undefined {
  const r = raw as Record<string, unknown> | null;
  if (!r || typeof r !== "object") return undefined;
  if (r.action === "cancel") return { action: "cancel" };
  const grid = r.grid;
  if (r.action !== "compute" || (r.directions !== "path" && r.directions !== "random")) return undefined;
  if (typeof grid !== "number" || !Number.isInteger(grid) || grid < 3 || grid > MAX_GRID || grid % 2 !== 1) return undefined;
  return { action: "compute", directions: r.directions, grid };
}
