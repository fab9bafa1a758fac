/**
 * What the layer diagram says in words (no DOM): each unit's and edge's description (its
 * accessible name and the readout's text), the diagram's own name, and the readout when nothing
 * is pointed at.
 */
import type { RunSummary, WeightsSnapshot } from "../src/protocol/run";
import type { Item } from "./diagramItems";
import { num } from "./format";
import { t } from "./l10n";

/** What the words are about: the drawn network and its latest numbers. */
export interface DiagramFacts {
  summary(): RunSummary | null;
  snapshot(): WeightsSnapshot | null;
  /** unitOf[k][a]: the index in layer k of its drawn unit a. */
  unitOf(k: number, a: number): number | undefined;
  /** The ends (unit indices) of edge `index` from layer k. */
  edgeOf(k: number, index: number): { from: number; to: number } | undefined;
  /** The range of drawn unit a's picture over the input plane, if it has one. */
  rangeOf(k: number, a: number): { lo: number; hi: number } | undefined;
  /** Per layer after the input, each drawn unit's mean |δ| over the last epoch. */
  unitGradients(): readonly (readonly number[])[];
}

/** A unit's or an edge's description; `withDelta`: with a unit's mean |δ| when known. */
export function describeItem(f: DiagramFacts, item: Item, withDelta = true): string {
  if (item.kind === "unit") {
    const unit = f.unitOf(item.k, item.a) ?? item.a;
    const kind = item.k === 0 ? t("input") : (f.summary()?.activations[item.k - 1] ?? "");
    const range = f.rangeOf(item.k, item.a);
    const described = range
      ? t("layers[{0}] unit {1} ({2}): over the input plane its values run from {3} to {4}", item.k, unit, kind, num(range.lo), num(range.hi))
      : t("layers[{0}] unit {1} ({2})", item.k, unit, kind);
    const delta = f.unitGradients()[item.k - 1]?.[item.a];
    return delta === undefined || !withDelta ? described : `${described}; ${t("mean |δ| over the last epoch {0}", num(delta))}`;
  }
  const edge = f.edgeOf(item.k, item.index);
  const s = f.snapshot();
  if (!edge) return "";
  return t(
    "layers[{0}] unit {1} → layers[{2}] unit {3}: weight {4}, last gradient {5}",
    item.k,
    edge.from,
    item.k + 1,
    edge.to,
    num(s?.weights[item.k]?.[item.index]),
    num(s?.gradients[item.k]?.[item.index]),
  );
}

/** A picture's unit in the readout: its description, then its colours, then its mean |δ|. */
export function describePicture(f: DiagramFacts, item: Item & { kind: "unit" }): string {
  const delta = f.unitGradients()[item.k - 1]?.[item.a];
  // The colours are the picture's: said right after it, before the unit's |δ|.
  return `${describeItem(f, item, false)}; ${t("blue where positive, vermilion where negative, stronger where larger")}${
    delta === undefined ? "" : `; ${t("mean |δ| over the last epoch {0}", num(delta))}`
  }`;
}

/** The readout with nothing pointed at: the open card's sample (`sample`, −1 for a drawing), or how to use the diagram. */
export function idleReadout(sample: number | null, mapped: boolean): string {
  if (sample !== null)
    return sample < 0
      ? t("Showing your drawing: each unit's output for it (stronger where larger), each edge its gradient for it.")
      : t("Showing sample {0}: each unit's output for it (stronger where larger), each edge its gradient for it.", sample);
  return mapped
    ? t(
        "Point at an edge to read its weight, or at a unit to see what it computes over the input plane. With the keyboard: Tab into the diagram, then the arrow keys.",
      )
    : t("Point at an edge to read its weight. With the keyboard: Tab into the diagram, then the arrow keys.");
}

/** "Layer diagram: 2 inputs → 16 relu → 16 tanh → 2 softmax", the diagram's accessible name. */
export function architecture(summary: RunSummary): string {
  const layers = summary.sizes.map((n, k) => (k === 0 ? t("{0} inputs", n) : `${n} ${summary.activations[k - 1]}`)).join(" → ");
  return t("Layer diagram: {0}. Arrow keys move between units and weights.", layers);
}
