/**
 * The layer diagram (SVG): every layer as a column of units (large layers collapsed, with a
 * count), edges coloured by the sign of their weight (or gradient), dashed where negative so the
 * sign reads without colour, and thickened by its size. With two inputs, each unit shows its
 * value over the input plane (unitMaps.ts).
 *
 * Pointer and keyboard reach the same things: the unit or edge pointed at, or focused, is
 * described in the readout (a polite live region, so a screen reader says it). The diagram is one
 * stop in the Tab order; inside it the arrow keys move: ↑/↓ to the unit above or below (or, on an
 * edge, to the next edge from the same unit), → from a unit to its first outgoing edge and from
 * an edge to the unit it leads to, ← back, Home/End to the first or last unit of the layer.
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
import { drawnUnits, MAX_DRAWN_UNITS } from "../src/protocol/diagramUnits";
import type { RunSummary, WeightsSnapshot } from "../src/protocol/run";
import { num } from "./format";
import { type InputBlock, imageShapeText, inputBlock } from "./inputBlock";
import { t } from "./l10n";
import { theme } from "./theme";
import { unitMapPixels, unitMapUrl } from "./unitMaps";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 560;
const HEIGHT = 300;
const RADIUS = 8;
// With two inputs each unit holds a picture, so units are larger squares, further apart.
/** Half the side of a unit that holds a picture. */
const MAPPED_RADIUS = 14;
/** Distance between the centres of such units. */
const MAPPED_GAP = 34;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

interface DrawnUnit {
  shape: SVGElement;
  image: SVGImageElement;
  /** The unit's index in its layer. */
  unit: number;
}

interface DrawnEdge {
  line: SVGLineElement;
  /** Drawn indices of the units it joins (in layers k and k+1). */
  a: number;
  b: number;
  /** Unit indices in their layers. */
  from: number;
  to: number;
}

/** What the readout describes: a unit (layer k, drawn index a) or an edge (layer k → k+1, index in edges[k]). */
type Item = { kind: "unit"; k: number; a: number } | { kind: "edge"; k: number; index: number };

/** What the diagram's picked item means to the rest of the panel. */
export interface Picked {
  /** The weight or bias (null for an input unit, which has none). */
  parameter: ParameterRef | null;
  /** The unit whose sum the sample card writes out (an edge's target unit). */
  unit: { layer: number; unit: number } | null;
}

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
  private readonly pickedBox: HTMLElement;
  private readonly pickedText: HTMLElement;
  private readonly setField: HTMLInputElement;
  private readonly setButton: HTMLButtonElement;
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
    this.pickedBox = document.createElement("div");
    this.pickedBox.className = "picked";
    this.pickedBox.dataset.testid = "picked";
    this.pickedBox.hidden = true;
    this.pickedText = document.createElement("span");
    const along = document.createElement("button");
    along.textContent = t("Loss along this weight");
    along.dataset.testid = "loss-along-button";
    along.addEventListener("click", () => {
      const p = this.pickedParameter();
      if (p) this.handlers.lossAlong(p);
    });
    this.setField = document.createElement("input");
    this.setField.type = "text";
    this.setField.size = 8;
    this.setField.dataset.testid = "set-parameter";
    this.setField.setAttribute("aria-label", t("new value"));
    this.setButton = document.createElement("button");
    this.setButton.textContent = t("Set");
    this.setButton.dataset.testid = "set-parameter-button";
    const set = () => {
      const p = this.pickedParameter();
      const value = Number(this.setField.value.replace("−", "-"));
      if (p && this.editable && this.setField.value.trim() !== "" && Number.isFinite(value)) this.handlers.setParameter(p, value);
    };
    this.setButton.addEventListener("click", set);
    this.setField.addEventListener("keydown", (e) => {
      if (e.key === "Enter") set();
    });
    const unpick = document.createElement("button");
    unpick.textContent = t("Unpick");
    unpick.addEventListener("click", () => this.pin(null));
    this.pickedBox.append(this.pickedText, along, this.setField, this.setButton, unpick);
    this.element.append(this.svgRoot, this.readout, this.pickedBox);
    this.svgRoot.addEventListener("keydown", (e) => this.onKey(e));
    this.svgRoot.addEventListener("mouseleave", () => {
      if (!this.svgRoot.contains(document.activeElement)) this.select(null);
    });
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
    const defs = svg("defs", {});
    const colours = theme();
    const columns = summary.sizes.length;
    const x = (k: number) => 40 + (k * (WIDTH - 80)) / Math.max(1, columns - 1);
    const shown = summary.sizes.map((n) => ({ units: drawnUnits(n), hidden: n - drawnUnits(n).length }));
    const mapped = summary.sizes[0] === 2;
    this.mapped = mapped;
    let slots = 0;
    for (const l of shown) slots = Math.max(slots, l.units.length + (l.hidden ? 1 : 0));
    const height = mapped ? Math.max(HEIGHT, slots * MAPPED_GAP + 70) : HEIGHT;
    this.svgRoot.setAttribute("viewBox", `0 0 ${WIDTH} ${height}`);
    this.svgRoot.setAttribute("aria-label", architecture(summary));
    const y = (k: number, slot: number) => {
      const count = shown[k].units.length + (shown[k].hidden ? 1 : 0);
      // An image's input units sit under its block (inputBlock.ts), their edges leaving from it.
      const gap = k === 0 && summary.images ? 56 / Math.max(1, count) : mapped ? MAPPED_GAP : Math.min(26, (height - 60) / Math.max(1, count));
      return height / 2 - 10 + (slot - (count - 1) / 2) * gap;
    };
    // Position of drawn unit a of layer k, leaving a slot for the "+N" label in the middle.
    const slotOf = (k: number, a: number) => (shown[k].hidden && a >= MAX_DRAWN_UNITS / 2 ? a + 1 : a);
    const edgeLayer = svg("g", { class: "edges" });
    const unitLayer = svg("g", { class: "units" });
    for (let k = 0; k + 1 < columns; k++) {
      const layerEdges: DrawnEdge[] = [];
      shown[k].units.forEach((from, a) => {
        shown[k + 1].units.forEach((to, b) => {
          const line = svg("line", {
            x1: x(k),
            y1: y(k, slotOf(k, a)),
            x2: x(k + 1),
            y2: y(k + 1, slotOf(k + 1, b)),
            stroke: colours.muted,
            "stroke-width": 1,
            "stroke-opacity": 0.5,
            tabindex: -1,
            role: "img",
          });
          const item: Item = { kind: "edge", k, index: layerEdges.length };
          line.addEventListener("mouseenter", () => this.select(item));
          line.addEventListener("focus", () => this.select(item));
          line.addEventListener("click", () => this.pin(item));
          edgeLayer.append(line);
          layerEdges.push({ line, a, b, from, to });
        });
      });
      this.edges.push(layerEdges);
    }
    summary.sizes.forEach((n, k) => {
      const layerUnits: DrawnUnit[] = [];
      shown[k].units.forEach((unit, a) => {
        // The unit's picture fills its shape through a pattern, once a picture arrives.
        const id = `unit-map-${k}-${a}`;
        const pattern = svg("pattern", { id, width: 1, height: 1, patternContentUnits: "objectBoundingBox" });
        const image = svg("image", { width: 1, height: 1, preserveAspectRatio: "none" });
        // Opaque underneath: the picture is transparent where the value is near 0, and the edges
        // ending at the unit's centre must not show through it.
        pattern.append(svg("rect", { width: 1, height: 1, fill: colours.background }), image);
        defs.append(pattern);
        // A unit with a picture is a square, as in TensorFlow Playground: a circle would cut off
        // the corners of the plane, where a ReLU is often the only place it is not 0.
        const [cx, cy] = [x(k), y(k, slotOf(k, a))];
        const look = { fill: colours.background, stroke: colours.foreground, "stroke-width": 1.5, class: "unit", tabindex: -1, role: "img" };
        const r = MAPPED_RADIUS;
        const shape = mapped
          ? svg("rect", { x: cx - r, y: cy - r, width: 2 * r, height: 2 * r, rx: 3, ...look })
          : svg("circle", { cx, cy, r: RADIUS, ...look });
        shape.dataset.map = id;
        const item: Item = { kind: "unit", k, a };
        shape.addEventListener("mouseenter", () => this.select(item));
        shape.addEventListener("focus", () => this.select(item));
        shape.addEventListener("click", () => this.pin(item));
        unitLayer.append(shape);
        layerUnits.push({ shape, image, unit });
      });
      this.units.push(layerUnits);
      if (shown[k].hidden && !(k === 0 && summary.images)) {
        const label = svg("text", {
          x: x(k),
          y: y(k, MAX_DRAWN_UNITS / 2) + 4,
          "text-anchor": "middle",
          fill: colours.muted,
          "font-size": 11,
          "aria-hidden": "true",
        });
        label.textContent = `+${shown[k].hidden}`;
        unitLayer.append(label);
      }
      const caption = svg("text", { x: x(k), y: height - 8, "text-anchor": "middle", fill: colours.foreground, "font-size": 12, "aria-hidden": "true" });
      caption.textContent = k === 0 ? (summary.images ? imageShapeText(summary.images.shape) : t("{0} in", n)) : `${n} ${summary.activations[k - 1]}`;
      // The image's words are wider than a column's number: they start at the left edge.
      if (k === 0 && summary.images) {
        caption.setAttribute("x", "4");
        caption.setAttribute("text-anchor", "start");
      }
      unitLayer.append(caption);
    });
    // An image's input is one block (its units stay under it, for the keyboard's walk and the readout).
    this.inputBlock = summary.images ? inputBlock(x(0), height / 2 - 10, summary.images, colours) : null;
    if (this.inputBlock) unitLayer.append(this.inputBlock.element);
    this.svgRoot.append(defs, edgeLayer, unitLayer);
    this.setFocusable({ kind: "unit", k: 0, a: 0 });
    this.describeAll();
    this.showReadout();
  }

  /** Colours every edge by the sign and size of its weight (or gradient); negative ones dashed. */
  update(snapshot: WeightsSnapshot): void {
    this.snapshot = snapshot;
    const colours = theme();
    // While the sample card is open, the edges show that sample's gradients.
    const source = this.sample ? this.sampleGradients(this.sample) : this.mode === "weight" ? snapshot.weights : snapshot.gradients;
    this.edges.forEach((layerEdges, k) => {
      const values = source[k] ?? [];
      let max = 0;
      for (const v of values) max = Math.max(max, Math.abs(v));
      layerEdges.forEach((e, index) => {
        const v = values[index] ?? 0;
        const share = max > 0 ? Math.abs(v) / max : 0;
        e.line.setAttribute("stroke", v >= 0 ? colours.positive : colours.negative);
        e.line.setAttribute("stroke-dasharray", v < 0 ? "4 3" : "none");
        e.line.setAttribute("stroke-width", (0.5 + 4 * share).toFixed(2));
        e.line.setAttribute("stroke-opacity", (0.25 + 0.75 * share).toFixed(2));
      });
    });
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
    const colours = theme();
    const trace = this.sample;
    const largest = Math.max(0, ...this.unitGradients.flat());
    this.units.forEach((layer, k) => {
      const values = k === 0 ? trace?.input : trace?.layers[k - 1].a;
      let max = 0;
      for (const u of layer) max = Math.max(max, Math.abs(values?.[u.unit] ?? 0));
      layer.forEach((u, a) => {
        const v = values?.[u.unit];
        u.shape.setAttribute("stroke-dasharray", "none");
        if (v === undefined) {
          u.shape.removeAttribute("data-sample");
          u.shape.setAttribute("stroke", colours.foreground);
          u.shape.setAttribute("stroke-width", "1.5");
          if (!this.mapped) {
            u.shape.setAttribute("fill", colours.background);
            u.shape.removeAttribute("fill-opacity");
          }
          const delta = this.unitGradients[k - 1]?.[a];
          if (this.rings && delta !== undefined && largest > 0) {
            // Four decades below the largest |δ| of the network, on a log scale.
            const share = delta > 0 ? Math.min(1, Math.max(0, 1 + Math.log10(delta / largest) / 4)) : 0;
            u.shape.setAttribute("stroke", colours.train);
            u.shape.setAttribute("stroke-width", (1 + 4 * share).toFixed(2));
            if (share === 0) u.shape.setAttribute("stroke-dasharray", "2 2");
          }
          return;
        }
        const share = max > 0 ? Math.abs(v) / max : 0;
        const colour = v >= 0 ? colours.positive : colours.negative;
        u.shape.dataset.sample = num(v);
        // Units with pictures keep them: the sample's output shows as the ring.
        if (this.mapped) {
          u.shape.setAttribute("stroke", colour);
          u.shape.setAttribute("stroke-width", (1.5 + 3 * share).toFixed(2));
        } else {
          u.shape.setAttribute("fill", colour);
          u.shape.setAttribute("fill-opacity", (0.15 + 0.85 * share).toFixed(2));
        }
      });
    });
  }

  private sampleGradients(trace: SampleTrace): number[][] {
    return this.edges.map((layer, k) => layer.map((e) => trace.gradients[k]?.weights[e.from]?.[e.to] ?? 0));
  }

  /** Picks `item` (a second click on the same item unpicks it). */
  private pin(item: Item | null): void {
    const same = item && this.pinned && JSON.stringify(item) === JSON.stringify(this.pinned);
    this.pinned = same ? null : item;
    for (const layer of this.units) for (const u of layer) u.shape.classList.remove("pinned");
    for (const layer of this.edges) for (const e of layer) e.line.classList.remove("pinned");
    if (this.pinned) this.elementOf(this.pinned)?.classList.add("pinned");
    this.showPicked();
    this.handlers.picked(this.pickedMeaning());
  }

  private pickedMeaning(): Picked | null {
    const item = this.pinned;
    if (!item) return null;
    if (item.kind === "unit") {
      const unit = this.units[item.k]?.[item.a]?.unit ?? item.a;
      return item.k === 0 ? { parameter: null, unit: null } : { parameter: { layer: item.k, from: "bias", to: unit }, unit: { layer: item.k, unit } };
    }
    const edge = this.edges[item.k]?.[item.index];
    if (!edge) return null;
    return { parameter: { layer: item.k + 1, from: edge.from, to: edge.to }, unit: { layer: item.k + 1, unit: edge.to } };
  }

  private pickedParameter(): ParameterRef | null {
    return this.pickedMeaning()?.parameter ?? null;
  }

  private showPicked(): void {
    const item = this.pinned;
    this.pickedBox.hidden = !item;
    if (!item) return;
    const parameter = this.pickedParameter();
    let text = this.describe(item);
    if (item.kind === "unit" && parameter) text += `; ${t("bias {0}", num(this.snapshot?.biases[item.k - 1]?.[item.a]))}`;
    this.pickedText.textContent = `${t("Picked:")} ${text}`;
    const canAct = parameter !== null;
    for (const b of this.pickedBox.querySelectorAll("button")) if (b.textContent !== t("Unpick")) b.disabled = !canAct;
    this.setField.disabled = !canAct || !this.editable;
    this.setButton.disabled = !canAct || !this.editable;
    this.setField.title = this.editable
      ? t("Type a new value and press Enter: the loss, accuracy, boundary and card update at once")
      : t("Pause training to set a weight by hand");
  }

  /** Fills each drawn unit with its picture; without pictures (not two inputs), plain units. */
  updateMaps(maps: NeuronMaps | null): void {
    const colours = theme();
    // Pictures left out this update (a large network while training): keep the last ones.
    if (!maps && this.mapped && this.ranges.length > 0) return;
    this.units.forEach((layerUnits, k) => {
      const values = maps?.layers[k];
      this.ranges[k] = [];
      layerUnits.forEach(({ shape, image }, a) => {
        if (!maps || !values) {
          shape.setAttribute("fill", colours.background);
          return;
        }
        const cells = maps.resolution * maps.resolution;
        const { pixels, lo, hi } = unitMapPixels(values, a * cells, maps.resolution);
        this.ranges[k][a] = { lo, hi };
        image.setAttribute("href", unitMapUrl(this.scratch, pixels, maps.resolution));
        shape.setAttribute("fill", `url(#${shape.dataset.map})`);
      });
    });
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
    const next = this.neighbour(at, e.key);
    if (next === undefined) return;
    e.preventDefault();
    this.move(next);
  }

  /** Where a key leads from `at` (null: nowhere to go; undefined: not a key the diagram uses). */
  private neighbour(at: Item, key: string): Item | null | undefined {
    const layerSize = (k: number) => this.units[k]?.length ?? 0;
    if (at.kind === "unit") {
      const { k, a } = at;
      switch (key) {
        case "ArrowUp":
          return a > 0 ? { kind: "unit", k, a: a - 1 } : null;
        case "ArrowDown":
          return a + 1 < layerSize(k) ? { kind: "unit", k, a: a + 1 } : null;
        case "Home":
          return { kind: "unit", k, a: 0 };
        case "End":
          return { kind: "unit", k, a: layerSize(k) - 1 };
        case "ArrowRight": {
          const index = this.edges[k]?.findIndex((edge) => edge.a === a) ?? -1;
          return index >= 0 ? { kind: "edge", k, index } : null;
        }
        case "ArrowLeft": {
          const index = this.edges[k - 1]?.findIndex((edge) => edge.b === a) ?? -1;
          return index >= 0 ? { kind: "edge", k: k - 1, index } : null;
        }
      }
      return undefined;
    }
    const edges = this.edges[at.k];
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

  /** Each unit's and edge's accessible name: what the readout says of it. */
  private describeAll(): void {
    this.units.forEach((layer, k) => {
      layer.forEach((u, a) => {
        u.shape.setAttribute("aria-label", this.describe({ kind: "unit", k, a }));
      });
    });
    this.edges.forEach((layer, k) => {
      layer.forEach((e, index) => {
        e.line.setAttribute("aria-label", this.describe({ kind: "edge", k, index }));
      });
    });
  }

  private describe(item: Item, withDelta = true): string {
    if (item.kind === "unit") {
      const unit = this.units[item.k]?.[item.a]?.unit ?? item.a;
      const kind = item.k === 0 ? t("input") : (this.summary?.activations[item.k - 1] ?? "");
      const range = this.ranges[item.k]?.[item.a];
      const described = range
        ? t("layers[{0}] unit {1} ({2}): over the input plane its values run from {3} to {4}", item.k, unit, kind, num(range.lo), num(range.hi))
        : t("layers[{0}] unit {1} ({2})", item.k, unit, kind);
      const delta = this.unitGradients[item.k - 1]?.[item.a];
      return delta === undefined || !withDelta ? described : `${described}; ${t("mean |δ| over the last epoch {0}", num(delta))}`;
    }
    const edge = this.edges[item.k]?.[item.index];
    const s = this.snapshot;
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

  private showReadout(): void {
    const item = this.current;
    if (!item && this.sample) {
      this.readout.textContent =
        this.sample.sample < 0
          ? t("Showing your drawing: each unit's output for it (stronger where larger), each edge its gradient for it.")
          : t("Showing sample {0}: each unit's output for it (stronger where larger), each edge its gradient for it.", this.sample.sample);
      return;
    }
    if (!item) {
      this.readout.textContent = this.mapped
        ? t(
            "Point at an edge to read its weight, or at a unit to see what it computes over the input plane. With the keyboard: Tab into the diagram, then the arrow keys.",
          )
        : t("Point at an edge to read its weight. With the keyboard: Tab into the diagram, then the arrow keys.");
      return;
    }
    const text = this.describe(item);
    const range = item.kind === "unit" ? this.ranges[item.k]?.[item.a] : undefined;
    const delta = item.kind === "unit" ? this.unitGradients[item.k - 1]?.[item.a] : undefined;
    if (item.kind === "unit" && range) {
      // The unit's picture, enlarged: in the diagram it is too small to read.
      const enlarged = document.createElement("img");
      enlarged.className = "unit-map";
      enlarged.alt = "";
      enlarged.src = this.units[item.k]?.[item.a]?.image.getAttribute("href") ?? "";
      const words = document.createElement("span");
      // The colours are the picture's: said right after it, before the unit's |δ|.
      words.textContent = `${this.describe(item, false)}; ${t("blue where positive, vermilion where negative, stronger where larger")}${
        delta === undefined ? "" : `; ${t("mean |δ| over the last epoch {0}", num(delta))}`
      }`;
      this.readout.replaceChildren(enlarged, words);
      return;
    }
    this.readout.textContent = text;
  }
}

/** "Layer diagram: 2 inputs → 16 relu → 16 tanh → 2 softmax", the diagram's accessible name. */
function architecture(summary: RunSummary): string {
  const layers = summary.sizes.map((n, k) => (k === 0 ? t("{0} inputs", n) : `${n} ${summary.activations[k - 1]}`)).join(" → ");
  return t("Layer diagram: {0}. Arrow keys move between units and weights.", layers);
}
