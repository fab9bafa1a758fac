/**
 * Colouring what diagramDraw.ts drew: each edge by the sign and size of its value (dashed where
 * negative), each unit plain, by the open card's sample, or ringed by its mean |δ|, or filled
 * with its picture over the input plane. The numbers behind each look are in diagramScales.ts.
 */
import type { NeuronMaps } from "../src/core/train/neuronMaps";
import type { SampleTrace } from "../src/core/train/sampleTrace";
import type { DrawnEdge, DrawnUnit } from "./diagramDraw";
import { edgeLook, largestAbs, ringLook, ringShare, shareOf } from "./diagramScales";
import { num } from "./format";
import type { theme } from "./theme";
import { unitMapPixels } from "./unitMaps";

type Colours = ReturnType<typeof theme>;

/** Colours every edge by `source[k][index]`, its weight or gradient. */
export function paintEdges(edges: readonly DrawnEdge[][], source: readonly (readonly number[])[], colours: Colours): void {
  edges.forEach((layerEdges, k) => {
    const values = source[k] ?? [];
    const max = largestAbs(values);
    layerEdges.forEach((e, index) => {
      const look = edgeLook(values[index] ?? 0, max);
      e.line.setAttribute("stroke", colours[look.sign]);
      e.line.setAttribute("stroke-dasharray", look.dasharray);
      e.line.setAttribute("stroke-width", look.width);
      e.line.setAttribute("stroke-opacity", look.opacity);
    });
  });
}

/** The open card's sample's gradient for each drawn edge (0 where it has none). */
export function sampleGradients(edges: readonly DrawnEdge[][], trace: SampleTrace): number[][] {
  return edges.map((layer, k) => layer.map((e) => trace.gradients[k]?.weights[e.from]?.[e.to] ?? 0));
}

export interface UnitPaint {
  /** The open card's sample (null: none). */
  trace: SampleTrace | null;
  /** Per layer after the input, each drawn unit's mean |δ| over the last epoch. */
  unitGradients: readonly (readonly number[])[];
  /** Whether units are ringed by their mean |δ|. */
  rings: boolean;
  /** Whether units hold pictures (which a sample's output must not cover). */
  mapped: boolean;
}

/** Units as plain shapes, or showing the open card's sample, or ringed by their mean |δ|. */
export function paintUnits(units: readonly DrawnUnit[][], p: UnitPaint, colours: Colours): void {
  const trace = p.trace;
  const largest = Math.max(0, ...p.unitGradients.flat());
  units.forEach((layer, k) => {
    const values = k === 0 ? trace?.input : trace?.layers[k - 1].a;
    const max = largestAbs(layer.map((u) => values?.[u.unit] ?? 0));
    layer.forEach((u, a) => {
      const v = values?.[u.unit];
      u.shape.setAttribute("stroke-dasharray", "none");
      if (v === undefined) {
        u.shape.removeAttribute("data-sample");
        u.shape.setAttribute("stroke", colours.foreground);
        u.shape.setAttribute("stroke-width", "1.5");
        if (!p.mapped) {
          u.shape.setAttribute("fill", colours.background);
          u.shape.removeAttribute("fill-opacity");
        }
        const delta = p.unitGradients[k - 1]?.[a];
        if (p.rings && delta !== undefined && largest > 0) {
          const ring = ringLook(ringShare(delta, largest));
          u.shape.setAttribute("stroke", colours.train);
          u.shape.setAttribute("stroke-width", ring.width);
          if (ring.dashed) u.shape.setAttribute("stroke-dasharray", "2 2");
        }
        return;
      }
      const share = shareOf(v, max);
      const colour = v >= 0 ? colours.positive : colours.negative;
      u.shape.dataset.sample = num(v);
      // Units with pictures keep them: the sample's output shows as the ring.
      if (p.mapped) {
        u.shape.setAttribute("stroke", colour);
        u.shape.setAttribute("stroke-width", (1.5 + 3 * share).toFixed(2));
      } else {
        u.shape.setAttribute("fill", colour);
        u.shape.setAttribute("fill-opacity", (0.15 + 0.85 * share).toFixed(2));
      }
    });
  });
}

/**
 * Fills each drawn unit with its picture (`scratch` renders them), or with no pictures plain;
 * returns each picture's range of values, for the readout.
 */
export function paintMaps(
  units: readonly DrawnUnit[][],
  maps: NeuronMaps | null,
  scratch: HTMLCanvasElement,
  colours: Colours,
): { lo: number; hi: number }[][] {
  return units.map((layerUnits, k) => {
    const values = maps?.layers[k];
    const ranges: { lo: number; hi: number }[] = [];
    layerUnits.forEach(({ shape, image }, a) => {
      if (!maps || !values) {
        shape.setAttribute("fill", colours.background);
        return;
      }
      const cells = maps.resolution * maps.resolution;
      const { pixels, lo, hi } = unitMapPixels(values, a * cells, maps.resolution);
      ranges[a] = { lo, hi };
      image.setAttribute("href", unitMapUrl(scratch, pixels, maps.resolution));
      shape.setAttribute("fill", `url(#${shape.dataset.map})`);
    });
    return ranges;
  });
}

/** The picture as a data URL, for an SVG <image>. */
function unitMapUrl(canvas: HTMLCanvasElement, pixels: Uint8ClampedArray<ArrayBuffer>, resolution: number): string {
  canvas.width = resolution;
  canvas.height = resolution;
  const context = canvas.getContext("2d");
  if (!context) return "";
  context.putImageData(new ImageData(pixels, resolution, resolution), 0, 0);
  return canvas.toDataURL();
}
