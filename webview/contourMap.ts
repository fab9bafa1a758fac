/**
 * A contour map on a canvas: a grid of values shaded band by band (d3-contour's marching squares),
 * each band's edge drawn as a line and every other one labelled with its level, so the map reads
 * without its colours; then marks, each with a word beside it (the path, its start, the current
 * point, the lowest point). Losses spanning more than a factor of 20 get levels even in log10,
 * as the eye reads a loss's orders of magnitude; accuracy gets levels every 10%.
 */
import { contours } from "d3-contour";
import { num, percent } from "./format";
import { theme } from "./theme";

export const MAP_SIZE = 240;

/** Viridis at five stops (dark = low): perceptually even, readable in colour blindness. */
const RAMP: [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

export function rampColour(share: number): string {
  const x = Math.min(1, Math.max(0, share)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const c = RAMP[i].map((v, k) => Math.round(v + f * (RAMP[i + 1][k] - v)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

export interface MapScale {
  /** The values the colour ramp runs from and to (the scale bar's ends). */
  lo: number;
  hi: number;
  /** The levels the bands start at, ascending. */
  levels: number[];
  /** Where a value falls between the lowest and highest level, 0 to 1. */
  share(v: number): number;
  label(v: number): string;
}

/** Ten levels over the values' range: in log10 when it spans more than a factor of 20. */
export function lossScale(values: readonly number[]): MapScale {
  const finite = values.filter(Number.isFinite);
  // A plane with no finite loss at all (weights that overflow everywhere) still gets a scale.
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 1;
  const logarithmic = lo > 0 && hi / lo > 20;
  const to = (v: number) => (logarithmic ? Math.log10(Math.max(v, lo)) : v);
  const a = to(lo);
  const b = to(hi) > a ? to(hi) : a + 1;
  const levels = Array.from({ length: 10 }, (_, i) => {
    const x = a + ((b - a) * i) / 10;
    return logarithmic ? 10 ** x : x;
  });
  return { lo, hi, levels, share: (v) => (to(v) - a) / (b - a), label: num };
}

export const ACCURACY_SCALE: MapScale = {
  lo: 0,
  hi: 1,
  levels: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.999],
  share: (v) => v,
  label: (v) => percent(v >= 0.999 ? 1 : v),
};

export interface Mark {
  alpha: number;
  beta: number;
  word: string;
  shape: "ring" | "dot" | "cross";
  /** Its word on the left, where a neighbouring mark's is on the right. */
  wordLeft?: boolean;
}

/** Draws `values` (side × side, row b from β's lowest) on `canvas`, with the path and the marks. */
export function drawContourMap(
  canvas: HTMLCanvasElement,
  side: number,
  axis: readonly number[],
  values: readonly number[],
  scale: MapScale,
  path: readonly { alpha: number; beta: number }[],
  marks: readonly Mark[],
): void {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = MAP_SIZE * ratio;
  canvas.height = MAP_SIZE * ratio;
  canvas.style.width = `${MAP_SIZE}px`;
  canvas.style.height = `${MAP_SIZE}px`;
  const g = canvas.getContext("2d");
  if (!g) return;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  const colours = theme();
  const cell = MAP_SIZE / side;
  // d3-contour's row 0 is the top; ours is β's lowest, drawn at the bottom.
  const flipped = new Array<number>(side * side);
  for (let b = 0; b < side; b++) for (let a = 0; a < side; a++) flipped[(side - 1 - b) * side + a] = values[b * side + a];
  const bands = contours().size([side, side]).thresholds(scale.levels)(flipped.map((v) => (Number.isFinite(v) ? v : scale.levels[scale.levels.length - 1])));
  const trace = (ring: number[][]) => {
    ring.forEach(([x, y], i) => {
      if (i === 0) g.moveTo(x * cell, y * cell);
      else g.lineTo(x * cell, y * cell);
    });
    g.closePath();
  };
  g.fillStyle = rampColour(0);
  g.fillRect(0, 0, MAP_SIZE, MAP_SIZE);
  for (const band of bands) {
    g.beginPath();
    for (const polygon of band.coordinates) for (const ring of polygon) trace(ring);
    g.fillStyle = rampColour(scale.share(band.value));
    g.fill("evenodd");
  }
  g.font = "10px sans-serif";
  for (const band of bands) {
    g.beginPath();
    for (const polygon of band.coordinates) for (const ring of polygon) trace(ring);
    g.lineWidth = 1;
    g.strokeStyle = "rgba(255, 255, 255, 0.7)";
    g.stroke();
  }
  // Every other level labelled, on its line away from the map's edges (where lines crowd) and
  // clear of the labels already placed; a level with no clear place goes unlabelled.
  // α, β → canvas: grid point i sits at the middle of cell i.
  const step = axis[1] - axis[0];
  const px = (alpha: number) => ((alpha - axis[0]) / step + 0.5) * cell;
  const py = (beta: number) => MAP_SIZE - ((beta - axis[0]) / step + 0.5) * cell;
  const placed: [number, number, number, number][] = marks.map((m) => {
    const w = g.measureText(m.word).width;
    return [m.wordLeft ? px(m.alpha) - 16 - w : px(m.alpha) - 8, py(m.beta) + (m.wordLeft ? 14 : 0), w + 16, 0];
  });
  const clear = (x: number, y: number, w: number) => placed.every(([x0, y0, w0]) => x + w < x0 - 2 || x > x0 + w0 + 2 || Math.abs(y - y0) > 12);
  bands.forEach((band, i) => {
    if (i % 2 === 0) return;
    const inside = band.coordinates.flatMap((polygon) => polygon.flat()).filter(([x, y]) => x > 2 && x < side - 2 && y > 2 && y < side - 2);
    const text = scale.label(band.value);
    const w = g.measureText(text).width;
    for (const at of [0.5, 0.25, 0.75, 0.125, 0.375, 0.625, 0.875]) {
      const point = inside[Math.floor(at * inside.length)];
      if (!point || inside.length <= 4) break;
      const x = point[0] * cell - w / 2;
      const y = point[1] * cell + 4;
      if (!clear(x, y, w)) continue;
      placed.push([x, y, w, 0]);
      halo(g, text, x, y);
      break;
    }
  });
  if (path.length > 1) {
    g.beginPath();
    path.forEach((p, i) => {
      if (i === 0) g.moveTo(px(p.alpha), py(p.beta));
      else g.lineTo(px(p.alpha), py(p.beta));
    });
    g.lineWidth = 3;
    g.strokeStyle = "rgba(255, 255, 255, 0.8)";
    g.stroke();
    g.lineWidth = 1.5;
    g.strokeStyle = "rgba(0, 0, 0, 0.9)";
    g.stroke();
  }
  for (const m of marks) {
    const x = px(m.alpha);
    const y = py(m.beta);
    g.beginPath();
    g.lineWidth = 2;
    g.strokeStyle = "#000000";
    g.fillStyle = "#ffffff";
    if (m.shape === "cross") {
      g.moveTo(x - 5, y - 5);
      g.lineTo(x + 5, y + 5);
      g.moveTo(x + 5, y - 5);
      g.lineTo(x - 5, y + 5);
      g.stroke();
    } else {
      g.arc(x, y, 5, 0, 2 * Math.PI);
      if (m.shape === "dot") g.fill();
      g.stroke();
    }
    halo(g, m.word, m.wordLeft ? x - 8 - g.measureText(m.word).width : x + 8, m.wordLeft ? y + 14 : y - 6);
  }
  canvas.style.borderColor = colours.grid;
}

/** Text with a light outline, readable on any band's colour. */
function halo(g: CanvasRenderingContext2D, text: string, x: number, y: number): void {
  const left = Math.min(Math.max(2, x), MAP_SIZE - g.measureText(text).width - 2);
  const top = Math.min(Math.max(10, y), MAP_SIZE - 3);
  g.lineWidth = 3;
  g.strokeStyle = "rgba(255, 255, 255, 0.85)";
  g.strokeText(text, left, top);
  g.fillStyle = "#000000";
  g.fillText(text, left, top);
}

/** The colour scale under a map: the ramp with its lowest and highest level written. */
export function drawScaleBar(canvas: HTMLCanvasElement, scale: MapScale): void {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = MAP_SIZE * ratio;
  canvas.height = 28 * ratio;
  canvas.style.width = `${MAP_SIZE}px`;
  canvas.style.height = "28px";
  const g = canvas.getContext("2d");
  if (!g) return;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  for (let x = 0; x < MAP_SIZE; x++) {
    g.fillStyle = rampColour(x / (MAP_SIZE - 1));
    g.fillRect(x, 0, 1, 10);
  }
  g.font = "10px sans-serif";
  g.fillStyle = theme().foreground;
  g.textAlign = "left";
  g.fillText(scale.label(scale.lo), 0, 24);
  g.textAlign = "right";
  g.fillText(scale.label(scale.hi), MAP_SIZE, 24);
}
