/**
 * The layer diagram (SVG): every layer as a column of units (large layers collapsed, with a
 * count), edges coloured by the sign of their weight (or gradient), dashed where negative so the
 * sign reads without colour, and thickened by its size. With two inputs, each unit shows its
 * value over the input plane (unitMaps.ts).
 *
 * Pointer and keyboard reach the same things: the unit or edge pointed at, or focused, is
 * described in the readout (a polite live region, so a screen reader says it). The diagram is one
 * stop in the Tab order; inside it the arrow keys move between units and edges (diagramItems.ts).
 *
 * Clicking an edge or a unit (or Enter on it) picks its weight or bias: the sample card writes
 * it out, "Loss along this weight" charts it, and while training is paused it can be set by hand.
 * While the sample card is open, the units show that sample's outputs and the edges its gradients.
 *
 * "Units by |δ|" rings each unit by its mean |δ| (∂L/∂z) over the last epoch, on a log scale
 * over four decades below the network's largest, so a starved layer or a dead unit is seen where
 * it is; a unit under a ten-thousandth of the largest (or dead: exactly 0) gets a dashed ring.
 */
import type { ParameterRef } from "../src/core/nn/parameters";
import type { NeuronMaps } from "../src/core/train/neuronMaps";
import type { SampleTrace } from "../src/core/train/sampleTrace";
import type { RunSummary, WeightsSnapshot } from "../src/protocol/run";
import { type DrawnEdge, type DrawnUnit, drawNetwork, svg } from "./diagramDraw";
import { type Item, meaningOf, neighbour, type Picked, sameItem } from "./diagramItems";
import { diagramLayout, HEIGHT, WIDTH } from "./diagramLayout";
import { paintEdges, paintMaps, paintUnits, sampleGradients } from "./diagramPaint";
import { architecture, type DiagramFacts, describeItem, describePicture, idleReadout } from "./diagramWords";
import { num } from "./format";
import type { InputBlock } from "./inputBlock";
import { t } from "./l10n";
import { PickedBox } from "./pickedBox";
import { theme } from "./theme";

export interface DiagramHandlers {
  /** The picked item changed (null: nothing picked). */
  picked(picked: Picked | null): void;
  lossAlong(parameter: ParameterRef): void;
  setParameter(parameter: ParameterRef, value: number): void;
}

export class LayerDiagram {
  readonly element: HTMLElement;
  private readonly svgRoot: SVGSVGElement;
  private readonly readout: HTMLElement;
  private readonly pickedBox: PickedBox;
  /** The item clicked (or chosen with Enter): its weight or bias is the one the actions act on. */
  private pinned: Item | null = null;
  /** While the sample card is open: that sample's numbers. */
  private sample: SampleTrace | null = null;
  /** An image input drawn as one block (null for other data). */
  private inputBlock: InputBlock | null = null;
  /** Whether a weight may be set by hand now (training is paused). */
  private editable = false;
  /** edges[k]: the lines from drawn units of layer k to drawn units of layer k+1, row-major by (a, b). */
  private edges: DrawnEdge[][] = [];
  /** units[k][a]: drawn unit a of layer k. */
  private units: DrawnUnit[][] = [];
  private mode: "weight" | "gradient" = "weight";
  /** Whether units are ringed by their mean |δ| ("units by |δ|"). */
  private rings = false;
  /** Per layer after the input, each drawn unit's mean |δ| over the last epoch. */
  private unitGradients: number[][] = [];
  private snapshot: WeightsSnapshot | null = null;
  private summary: RunSummary | null = null;
  /** The item pointed at or focused, which the readout describes. */
  private current: Item | null = null;
  /** The item that takes focus when Tab reaches the diagram. */
  private focusable: Item | null = null;
  /** The range of each drawn unit's current picture, for the readout. */
  private ranges: { lo: number; hi: number }[][] = [];
  private readonly scratch = document.createElement("canvas");
  /** Whether units hold pictures (two inputs). */
  private mapped = false;
  /** What the words (diagramWords.ts) read of the drawing. */
  private readonly facts: DiagramFacts;

  constructor(private readonly handlers: DiagramHandlers) {
    this.element = document.createElement("section");
    this.element.className = "diagram";
    this.element.dataset.testid = "layer-diagram";
    this.svgRoot = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "group", "aria-label": t("Layer diagram") });
    this.readout = document.createElement("div");
    this.readout.className = "readout";
    this.readout.dataset.testid = "weight-readout";
    this.readout.setAttribute("aria-live", "polite");
    this.readout.textContent = t("Point at an edge to read its weight.");
    this.pickedBox = new PickedBox({
      lossAlong: () => {
        const p = this.pickedParameter();
        if (p) this.handlers.lossAlong(p);
      },
      set: (value) => {
        const p = this.pickedParameter();
        if (p && this.editable) this.handlers.setParameter(p, value);
      },
      unpick: () => this.pin(null),
    });
    this.element.append(this.svgRoot, this.readout, this.pickedBox.element);
    this.svgRoot.addEventListener("keydown", (e) => this.onKey(e));
    this.svgRoot.addEventListener("mouseleave", () => {
      if (!this.svgRoot.contains(document.activeElement)) this.select(null);
    });
    this.facts = {
      summary: () => this.summary,
      snapshot: () => this.snapshot,
      unitGradients: () => this.unitGradients,
      unitOf: (k, a) => this.units[k]?.[a]?.unit,
      edgeOf: (k, index) => this.edges[k]?.[index],
      rangeOf: (k, a) => this.ranges[k]?.[a],
    };
  }

  setMode(mode: "weight" | "gradient"): void {
    this.mode = mode;
    if (this.snapshot) this.update(this.snapshot);
  }

  setRings(on: boolean): void {
    this.rings = on;
    this.paintUnits();
  }

  /** Each drawn unit's mean |δ| over the last epoch (per layer after the input). */
  setUnitGradients(values: number[][]): void {
    this.unitGradients = values;
    this.paintUnits();
  }

  /** Draws the layers and units of a new network, with no weights yet. */
  setNetwork(summary: RunSummary): void {
    this.summary = summary;
    this.svgRoot.replaceChildren();
    this.edges = [];
    this.units = [];
    this.ranges = [];
    this.current = null;
    this.pin(null);
    this.sample = null;
    const layout = diagramLayout(summary.sizes, Boolean(summary.images));
    this.mapped = layout.mapped;
    this.svgRoot.setAttribute("viewBox", `0 0 ${WIDTH} ${layout.height}`);
    this.svgRoot.setAttribute("aria-label", architecture(summary));
    const drawn = drawNetwork(summary, layout, theme(), (element, item) => {
      element.addEventListener("mouseenter", () => this.select(item));
      element.addEventListener("focus", () => this.select(item));
      element.addEventListener("click", () => this.pin(item));
    });
    this.edges = drawn.edges;
    this.units = drawn.units;
    this.inputBlock = drawn.inputBlock;
    this.svgRoot.append(...drawn.parts);
    this.setFocusable({ kind: "unit", k: 0, a: 0 });
    this.describeAll();
    this.showReadout();
  }

  /** Colours every edge by the sign and size of its weight (or gradient); negative ones dashed. */
  update(snapshot: WeightsSnapshot): void {
    this.snapshot = snapshot;
    // While the sample card is open, the edges show that sample's gradients.
    const source = this.sample ? sampleGradients(this.edges, this.sample) : this.mode === "weight" ? snapshot.weights : snapshot.gradients;
    paintEdges(this.edges, source, theme());
    this.describeAll();
    this.showReadout();
    this.showPicked();
  }

  /** Whether weights may be set by hand now (training is paused or over). */
  setEditable(editable: boolean): void {
    this.editable = editable;
    this.showPicked();
  }

  /** The sample card's sample (null: the card closed): units by its outputs, edges by its gradients. */
  showSample(trace: SampleTrace | null): void {
    this.sample = trace;
    this.inputBlock?.show(trace?.input ?? null);
    this.paintUnits();
    if (this.snapshot) this.update(this.snapshot);
  }

  /** Units as plain shapes, or showing the open card's sample, or ringed by their mean |δ|. */
  private paintUnits(): void {
    paintUnits(this.units, { trace: this.sample, unitGradients: this.unitGradients, rings: this.rings, mapped: this.mapped }, theme());
  }

  /** Picks `item` (a second click on the same item unpicks it). */
  private pin(item: Item | null): void {
    this.pinned = sameItem(item, this.pinned) ? null : item;
    for (const layer of this.units) for (const u of layer) u.shape.classList.remove("pinned");
    for (const layer of this.edges) for (const e of layer) e.line.classList.remove("pinned");
    if (this.pinned) this.elementOf(this.pinned)?.classList.add("pinned");
    this.showPicked();
    this.handlers.picked(this.pickedMeaning());
  }

  private pickedMeaning(): Picked | null {
    return this.pinned && meaningOf(this.pinned, this.facts.unitOf, this.facts.edgeOf);
  }

  private pickedParameter(): ParameterRef | null {
    return this.pickedMeaning()?.parameter ?? null;
  }

  private showPicked(): void {
    const item = this.pinned;
    if (!item) {
      this.pickedBox.show(null);
      return;
    }
    const parameter = this.pickedParameter();
    let text = describeItem(this.facts, item);
    if (item.kind === "unit" && parameter) text += `; ${t("bias {0}", num(this.snapshot?.biases[item.k - 1]?.[item.a]))}`;
    this.pickedBox.show(text, parameter !== null, this.editable);
  }

  /** Fills each drawn unit with its picture; without pictures (not two inputs), plain units. */
  updateMaps(maps: NeuronMaps | null): void {
    // Pictures left out this update (a large network while training): keep the last ones.
    if (!maps && this.mapped && this.ranges.length > 0) return;
    this.ranges = paintMaps(this.units, maps, this.scratch, theme());
    this.showReadout();
  }

  // ── the readout and the keyboard ───────────────────────────────────────────────────────────

  private select(item: Item | null): void {
    this.current = item;
    for (const layer of this.units) for (const u of layer) u.shape.classList.remove("current");
    for (const layer of this.edges) for (const e of layer) e.line.classList.remove("current");
    if (item) this.elementOf(item)?.classList.add("current");
    this.showReadout();
  }

  private elementOf(item: Item): SVGElement | undefined {
    return item.kind === "unit" ? this.units[item.k]?.[item.a]?.shape : this.edges[item.k]?.[item.index]?.line;
  }

  /** Roving focus: one element of the diagram is in the Tab order at a time. */
  private setFocusable(item: Item): void {
    const old = this.focusable && this.elementOf(this.focusable);
    old?.setAttribute("tabindex", "-1");
    this.focusable = item;
    this.elementOf(item)?.setAttribute("tabindex", "0");
  }

  private move(item: Item | null): void {
    if (!item || !this.elementOf(item)) return;
    this.setFocusable(item);
    (this.elementOf(item) as SVGElement & { focus(): void }).focus();
  }

  private onKey(e: KeyboardEvent): void {
    const at = this.current ?? this.focusable;
    if (!at) return;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      this.pin(at);
      return;
    }
    const next = neighbour({ unitsIn: (k) => this.units[k]?.length ?? 0, edges: this.edges }, at, e.key);
    if (next === undefined) return;
    e.preventDefault();
    this.move(next);
  }

  /** Each unit's and edge's accessible name: what the readout says of it. */
  private describeAll(): void {
    this.units.forEach((layer, k) => {
      for (const [a, u] of layer.entries()) u.shape.setAttribute("aria-label", describeItem(this.facts, { kind: "unit", k, a }));
    });
    this.edges.forEach((layer, k) => {
      for (const [index, e] of layer.entries()) e.line.setAttribute("aria-label", describeItem(this.facts, { kind: "edge", k, index }));
    });
  }

  private showReadout(): void {
    const item = this.current;
    if (!item) {
      this.readout.textContent = idleReadout(this.sample?.sample ?? null, this.mapped);
      return;
    }
    if (item.kind === "unit" && this.ranges[item.k]?.[item.a]) {
      // The unit's picture, enlarged: in the diagram it is too small to read.
      const enlarged = document.createElement("img");
      enlarged.className = "unit-map";
      enlarged.alt = "";
      enlarged.src = this.units[item.k]?.[item.a]?.image.getAttribute("href") ?? "";
      const words = document.createElement("span");
      words.textContent = describePicture(this.facts, item);
      this.readout.replaceChildren(enlarged, words);
      return;
    }
    this.readout.textContent = describeItem(this.facts, item);
  }
}
