/**
 * The layer diagram (SVG): every layer as a column of units (large layers collapsed, with a
 * count), edges coloured by the sign of their weight (or gradient) and thickened by its size.
 * With two inputs, each unit shows its value over the input plane (unitMaps.ts). The edge or
 * unit under the pointer is described in text, since a learner reads numbers.
 */
import type { NeuronMaps } from "../src/core/train/neuronMaps";
import { drawnUnits, MAX_DRAWN_UNITS } from "../src/diagramUnits";
import type { RunSummary, WeightsSnapshot } from "../src/protocol";
import { num } from "./format";
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

export class LayerDiagram {
  readonly element: HTMLElement;
  private readonly svgRoot: SVGSVGElement;
  private readonly readout: HTMLElement;
  /** edges[k][a * drawn(k+1) + b]: the line from drawn unit a of layer k to drawn unit b of layer k+1. */
  private edges: { line: SVGLineElement; from: number; to: number }[][] = [];
  private mode: "weight" | "gradient" = "weight";
  private snapshot: WeightsSnapshot | null = null;
  private hovered: { k: number; index: number; from: number; to: number } | { k: number; unit: number; drawn: number } | null = null;
  /** units[k][drawn]: the shape of a drawn unit, and the <image> of its picture. */
  private units: { shape: SVGElement; image: SVGImageElement; unit: number }[][] = [];
  /** The range of each drawn unit's current picture, for the readout. */
  private ranges: { lo: number; hi: number }[][] = [];
  private readonly scratch = document.createElement("canvas");
  /** Whether units hold pictures (two inputs). */
  private mapped = false;

  constructor() {
    this.element = document.createElement("section");
    this.element.className = "diagram";
    this.element.dataset.testid = "layer-diagram";
    this.svgRoot = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": t("Layer diagram") });
    this.readout = document.createElement("div");
    this.readout.className = "readout";
    this.readout.dataset.testid = "weight-readout";
    this.readout.textContent = t("Point at an edge to read its weight.");
    this.element.append(this.svgRoot, this.readout);
  }

  setMode(mode: "weight" | "gradient"): void {
    this.mode = mode;
    if (this.snapshot) this.update(this.snapshot);
  }

  /** Draws the layers and units of a new network, with no weights yet. */
  setNetwork(summary: RunSummary): void {
    this.svgRoot.replaceChildren();
    this.edges = [];
    this.units = [];
    this.ranges = [];
    const defs = svg("defs", {});
    const colours = theme();
    const columns = summary.sizes.length;
    const x = (k: number) => 40 + (k * (WIDTH - 80)) / Math.max(1, columns - 1);
    const shown = summary.sizes.map((n) => ({ units: drawnUnits(n), hidden: n - drawnUnits(n).length }));
    const mapped = summary.sizes[0] === 2;
    this.mapped = mapped;
    const slots = Math.max(...shown.map((l) => l.units.length + (l.hidden ? 1 : 0)));
    const height = mapped ? Math.max(HEIGHT, slots * MAPPED_GAP + 70) : HEIGHT;
    this.svgRoot.setAttribute("viewBox", `0 0 ${WIDTH} ${height}`);
    const y = (k: number, slot: number) => {
      const count = shown[k].units.length + (shown[k].hidden ? 1 : 0);
      const gap = mapped ? MAPPED_GAP : Math.min(26, (height - 60) / Math.max(1, count));
      return height / 2 - 10 + (slot - (count - 1) / 2) * gap;
    };
    // Position of drawn unit u of layer k, leaving a slot for the "+N" label in the middle.
    const slotOf = (k: number, index: number) => (shown[k].hidden && index >= MAX_DRAWN_UNITS / 2 ? index + 1 : index);
    const edgeLayer = svg("g", { class: "edges" });
    const unitLayer = svg("g", { class: "units" });
    for (let k = 0; k + 1 < columns; k++) {
      const layerEdges: { line: SVGLineElement; from: number; to: number }[] = [];
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
          });
          const index = layerEdges.length;
          line.addEventListener("mouseenter", () => {
            this.hovered = { k, index, from, to };
            this.showReadout();
          });
          edgeLayer.append(line);
          layerEdges.push({ line, from, to });
        });
      });
      this.edges.push(layerEdges);
    }
    summary.sizes.forEach((n, k) => {
      const layerUnits: (typeof this.units)[number] = [];
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
        const look = { fill: colours.background, stroke: colours.foreground, "stroke-width": 1.5, class: "unit" };
        const r = MAPPED_RADIUS;
        const shape = mapped
          ? svg("rect", { x: cx - r, y: cy - r, width: 2 * r, height: 2 * r, rx: 3, ...look })
          : svg("circle", { cx, cy, r: RADIUS, ...look });
        shape.dataset.map = id;
        shape.addEventListener("mouseenter", () => {
          this.hovered = { k, unit, drawn: a };
          this.showReadout();
        });
        unitLayer.append(shape);
        layerUnits.push({ shape, image, unit });
      });
      this.units.push(layerUnits);
      if (shown[k].hidden) {
        const label = svg("text", { x: x(k), y: y(k, MAX_DRAWN_UNITS / 2) + 4, "text-anchor": "middle", fill: colours.muted, "font-size": 11 });
        label.textContent = `+${shown[k].hidden}`;
        unitLayer.append(label);
      }
      const caption = svg("text", { x: x(k), y: height - 8, "text-anchor": "middle", fill: colours.foreground, "font-size": 12 });
      caption.textContent = k === 0 ? t("{0} in", n) : `${n} ${summary.activations[k - 1]}`;
      unitLayer.append(caption);
    });
    this.svgRoot.append(defs, edgeLayer, unitLayer);
    this.svgRoot.addEventListener("mouseleave", () => {
      this.hovered = null;
      this.showReadout();
    });
  }

  /** Colours every edge by the sign and size of its weight (or gradient). */
  update(snapshot: WeightsSnapshot): void {
    this.snapshot = snapshot;
    const colours = theme();
    const source = this.mode === "weight" ? snapshot.weights : snapshot.gradients;
    this.edges.forEach((layerEdges, k) => {
      const values = source[k] ?? [];
      let max = 0;
      for (const v of values) max = Math.max(max, Math.abs(v));
      layerEdges.forEach((e, index) => {
        const v = values[index] ?? 0;
        const share = max > 0 ? Math.abs(v) / max : 0;
        e.line.setAttribute("stroke", v >= 0 ? colours.positive : colours.negative);
        e.line.setAttribute("stroke-width", (0.5 + 4 * share).toFixed(2));
        e.line.setAttribute("stroke-opacity", (0.25 + 0.75 * share).toFixed(2));
      });
    });
    this.showReadout();
  }

  /** Fills each drawn unit with its picture; without pictures (not two inputs), plain units. */
  updateMaps(maps: NeuronMaps | null): void {
    const colours = theme();
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

  private showReadout(): void {
    const h = this.hovered;
    const s = this.snapshot;
    if (h && "unit" in h) {
      const range = this.ranges[h.k]?.[h.drawn];
      if (range === undefined) {
        this.readout.textContent = t("layers[{0}] unit {1}", h.k, h.unit);
        return;
      }
      // The unit's picture, enlarged: in the diagram it is too small to read.
      const enlarged = document.createElement("img");
      enlarged.className = "unit-map";
      enlarged.alt = "";
      enlarged.src = this.units[h.k]?.[h.drawn]?.image.getAttribute("href") ?? "";
      const text = document.createElement("span");
      text.textContent = t(
        "layers[{0}] unit {1} over the input plane: values from {2} to {3}, blue where positive, vermilion where negative, stronger where larger",
        h.k,
        h.unit,
        num(range.lo),
        num(range.hi),
      );
      this.readout.replaceChildren(enlarged, text);
      return;
    }
    if (!h || !s) {
      this.readout.textContent = this.mapped
        ? t("Point at an edge to read its weight, or at a unit to see what it computes over the input plane.")
        : t("Point at an edge to read its weight.");
      return;
    }
    this.readout.textContent = t(
      "layers[{0}] unit {1} → layers[{2}] unit {3}: weight {4}, last gradient {5}",
      h.k,
      h.from,
      h.k + 1,
      h.to,
      num(s.weights[h.k]?.[h.index]),
      num(s.gradients[h.k]?.[h.index]),
    );
  }
}
