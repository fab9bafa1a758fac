/**
 * The layer diagram's SVG: a column of units per layer (a square that can hold a picture with two
 * inputs, else a circle), an edge between each pair of drawn units of neighbouring layers, a
 * "+N" for a large layer's hidden units and a caption under each column. Drawn once per network;
 * diagram.ts then colours what it drew.
 */
import type { RunSummary } from "../src/protocol/run";
import type { Item } from "./diagramItems";
import { type DiagramLayout, MAPPED_RADIUS, RADIUS } from "./diagramLayout";
import { type InputBlock, imageShapeText, inputBlock } from "./inputBlock";
import { t } from "./l10n";
import type { theme } from "./theme";

const SVG = "http://www.w3.org/2000/svg";

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export interface DrawnUnit {
  shape: SVGElement;
  image: SVGImageElement;
  /** The unit's index in its layer. */
  unit: number;
}

export interface DrawnEdge {
  line: SVGLineElement;
  /** Drawn indices of the units it joins (in layers k and k+1). */
  a: number;
  b: number;
  /** Unit indices in their layers. */
  from: number;
  to: number;
}

export interface DrawnNetwork {
  /** The SVG's children, in drawing order. */
  parts: SVGElement[];
  /** edges[k]: the lines from drawn units of layer k to drawn units of layer k+1, row-major by (a, b). */
  edges: DrawnEdge[][];
  /** units[k][a]: drawn unit a of layer k. */
  units: DrawnUnit[][];
  /** An image input drawn as one block (null for other data). */
  inputBlock: InputBlock | null;
}

/** Draws `summary`'s network at `layout`; `wire` gives each unit and edge its pointer listeners. */
export function drawNetwork(
  summary: RunSummary,
  layout: DiagramLayout,
  colours: ReturnType<typeof theme>,
  wire: (element: SVGElement, item: Item) => void,
): DrawnNetwork {
  const { x, unitY, shown, mapped, height } = layout;
  const defs = svg("defs", {});
  const edges: DrawnEdge[][] = [];
  const units: DrawnUnit[][] = [];
  const edgeLayer = svg("g", { class: "edges" });
  const unitLayer = svg("g", { class: "units" });
  for (let k = 0; k + 1 < summary.sizes.length; k++) {
    const layerEdges: DrawnEdge[] = [];
    shown[k].units.forEach((from, a) => {
      shown[k + 1].units.forEach((to, b) => {
        const line = svg("line", {
          x1: x(k),
          y1: unitY(k, a),
          x2: x(k + 1),
          y2: unitY(k + 1, b),
          stroke: colours.muted,
          "stroke-width": 1,
          "stroke-opacity": 0.5,
          tabindex: -1,
          role: "img",
        });
        wire(line, { kind: "edge", k, index: layerEdges.length });
        edgeLayer.append(line);
        layerEdges.push({ line, a, b, from, to });
      });
    });
    edges.push(layerEdges);
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
      const [cx, cy] = [x(k), unitY(k, a)];
      const look = { fill: colours.background, stroke: colours.foreground, "stroke-width": 1.5, class: "unit", tabindex: -1, role: "img" };
      const r = MAPPED_RADIUS;
      const shape = mapped ? svg("rect", { x: cx - r, y: cy - r, width: 2 * r, height: 2 * r, rx: 3, ...look }) : svg("circle", { cx, cy, r: RADIUS, ...look });
      shape.dataset.map = id;
      wire(shape, { kind: "unit", k, a });
      unitLayer.append(shape);
      layerUnits.push({ shape, image, unit });
    });
    units.push(layerUnits);
    if (shown[k].hidden && !(k === 0 && summary.images)) {
      const label = svg("text", {
        x: x(k),
        y: layout.hiddenY(k) + 4,
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
  const block = summary.images ? inputBlock(x(0), height / 2 - 10, summary.images, colours) : null;
  if (block) unitLayer.append(block.element);
  return { parts: [defs, edgeLayer, unitLayer], edges, units, inputBlock: block };
}
