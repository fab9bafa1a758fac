/**
 * The layer diagram's items (no DOM): a unit or an edge, what picking one means to the rest of
 * the panel, and the keyboard's walk between them: ↑/↓ to the unit above or below (or, on an edge, to
 * the next edge from the same unit), → from a unit to its first outgoing edge and from an edge to
 * the unit it leads to, ← back, Home/End to the first or last unit of the layer (or edge of the unit).
 */

import type { ParameterRef } from "../src/core/nn/parameters";

/** What the readout describes: a unit (layer k, drawn index a) or an edge (layer k → k+1, index in edges[k]). */
export type Item = { kind: "unit"; k: number; a: number } | { kind: "edge"; k: number; index: number };

/** What the walk needs of the drawing: drawn units per layer, and each edge's drawn ends (row-major by (a, b)). */
export interface Walkable {
  unitsIn(k: number): number;
  edges: readonly (readonly { a: number; b: number }[])[];
}

/** Where `key` leads from `at` (null: nowhere to go; undefined: not a key the diagram uses). */
export function neighbour(d: Walkable, at: Item, key: string): Item | null | undefined {
  if (at.kind === "unit") {
    const { k, a } = at;
    switch (key) {
      case "ArrowUp":
        return a > 0 ? { kind: "unit", k, a: a - 1 } : null;
      case "ArrowDown":
        return a + 1 < d.unitsIn(k) ? { kind: "unit", k, a: a + 1 } : null;
      case "Home":
        return { kind: "unit", k, a: 0 };
      case "End":
        return { kind: "unit", k, a: d.unitsIn(k) - 1 };
      case "ArrowRight": {
        const index = d.edges[k]?.findIndex((edge) => edge.a === a) ?? -1;
        return index >= 0 ? { kind: "edge", k, index } : null;
      }
      case "ArrowLeft": {
        const index = d.edges[k - 1]?.findIndex((edge) => edge.b === a) ?? -1;
        return index >= 0 ? { kind: "edge", k: k - 1, index } : null;
      }
    }
    return undefined;
  }
  const edges = d.edges[at.k];
  const edge = edges[at.index];
  const sameSource = edges.map((x, i) => ({ x, i })).filter(({ x }) => x.a === edge.a);
  const position = sameSource.findIndex(({ i }) => i === at.index);
  switch (key) {
    case "ArrowUp":
      return position > 0 ? { kind: "edge", k: at.k, index: sameSource[position - 1].i } : null;
    case "ArrowDown":
      return position + 1 < sameSource.length ? { kind: "edge", k: at.k, index: sameSource[position + 1].i } : null;
    case "ArrowRight":
      return { kind: "unit", k: at.k + 1, a: edge.b };
    case "ArrowLeft":
      return { kind: "unit", k: at.k, a: edge.a };
    case "Home":
      return { kind: "edge", k: at.k, index: sameSource[0].i };
    case "End":
      return { kind: "edge", k: at.k, index: sameSource[sameSource.length - 1].i };
  }
  return undefined;
}

/** Whether two items are the same unit or edge. */
export function sameItem(x: Item | null, y: Item | null): boolean {
  return x !== null && y !== null && JSON.stringify(x) === JSON.stringify(y);
}

/** What the diagram's picked item means to the rest of the panel. */
export interface Picked {
  /** The weight or bias (null for an input unit, which has none). */
  parameter: ParameterRef | null;
  /** The unit whose sum the sample card writes out (an edge's target unit). */
  unit: { layer: number; unit: number } | null;
}

/**
 * What picking `item` means: a hidden or output unit its bias, an edge its weight and the unit it
 * leads to, an input unit nothing to set (null: the item is not drawn).
 */
export function meaningOf(
  item: Item,
  unitOf: (k: number, a: number) => number | undefined,
  edgeOf: (k: number, index: number) => { from: number; to: number } | undefined,
): Picked | null {
  if (item.kind === "unit") {
    const unit = unitOf(item.k, item.a) ?? item.a;
    return item.k === 0 ? { parameter: null, unit: null } : { parameter: { layer: item.k, from: "bias", to: unit }, unit: { layer: item.k, unit } };
  }
  const edge = edgeOf(item.k, item.index);
  if (!edge) return null;
  return { parameter: { layer: item.k + 1, from: edge.from, to: edge.to }, unit: { layer: item.k + 1, unit: edge.to } };
}
