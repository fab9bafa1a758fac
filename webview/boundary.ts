/**
 * The decision boundary for two-feature classification, as TensorFlow Playground draws it: the
 * network's class probabilities as a coloured background, training points filled, validation
 * points as outlines. Each class has its own colour and its own marker shape (circle, square,
 * triangle, …), so the classes read without colour too. For regression: the predictions
 * (predictions.ts) instead.
 */
import type { BoundaryGrid } from "../src/core/train/boundary";
import type { EpochMetrics } from "../src/core/train/metrics";
import type { MetricsUpdate, RunSummary } from "../src/protocol/run";
import { saveButton } from "./chartSetup";
import { CLASS_COLOURS, classColour } from "./colours";
import { percent } from "./format";
import { t } from "./l10n";
import { PredictionsChart } from "./predictions";
import { theme } from "./theme";

const SIZE = 300;

/** The colour of one grid cell: the class predicted there (the rule accuracy counts by), stronger the surer the network is. */
export function cellColour(grid: BoundaryGrid, cell: number): [number, number, number, number] {
  const chance = 1 / grid.classes;
  const confidence = Math.max(0, Math.min(1, (grid.probability[cell] - chance) / (1 - chance)));
  const [r, g, b] = CLASS_COLOURS[grid.predicted[cell] % CLASS_COLOURS.length];
  return [r, g, b, Math.round(40 + 150 * confidence)];
}

/** Class k's marker: a circle, square, triangle, diamond, … (its colour is classColour(k)). */
const SHAPES = ["circle", "square", "triangle", "diamond", "triangleDown", "plus", "cross"] as const;

function markerPath(ctx: CanvasRenderingContext2D, k: number, x: number, y: number, r: number): void {
  const shape = SHAPES[k % SHAPES.length];
  ctx.beginPath();
  switch (shape) {
    case "circle":
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      break;
    case "square":
      ctx.rect(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
      break;
    case "triangle":
    case "triangleDown": {
      const s = shape === "triangle" ? 1 : -1;
      ctx.moveTo(x, y - s * 1.2 * r);
      ctx.lineTo(x + 1.1 * r, y + s * 0.8 * r);
      ctx.lineTo(x - 1.1 * r, y + s * 0.8 * r);
      ctx.closePath();
      break;
    }
    case "diamond":
      ctx.moveTo(x, y - 1.25 * r);
      ctx.lineTo(x + 1.25 * r, y);
      ctx.lineTo(x, y + 1.25 * r);
      ctx.lineTo(x - 1.25 * r, y);
      ctx.closePath();
      break;
    default: {
      // plus and cross: two bars, the cross turned 45°.
      const a = shape === "cross" ? Math.PI / 4 : 0;
      for (const turn of [0, Math.PI / 2]) {
        const c = Math.cos(a + turn) * 1.2 * r;
        const s = Math.sin(a + turn) * 1.2 * r;
        ctx.moveTo(x - c, y - s);
        ctx.lineTo(x + c, y + s);
      }
    }
  }
}

/** A small drawing of class k's marker, for the legend. */
function legendMarker(k: number, filled: boolean): HTMLCanvasElement {
  const c = document.createElement("canvas");
  c.width = 12;
  c.height = 12;
  c.className = "marker";
  c.setAttribute("aria-hidden", "true");
  const ctx = c.getContext("2d");
  if (ctx) drawMarker(ctx, k, 6, 6, 4, filled, theme().background);
  return c;
}

function drawMarker(ctx: CanvasRenderingContext2D, k: number, x: number, y: number, r: number, filled: boolean, background: string): void {
  markerPath(ctx, k, x, y, r);
  const shape = SHAPES[k % SHAPES.length];
  const lines = shape === "plus" || shape === "cross";
  if (filled && !lines) {
    ctx.fillStyle = classColour(k);
    ctx.fill();
    ctx.lineWidth = 0.75;
    ctx.strokeStyle = background;
    ctx.stroke();
  } else {
    ctx.lineWidth = lines && filled ? 2.5 : 1.5;
    ctx.strokeStyle = classColour(k);
    ctx.stroke();
  }
}

export class BoundaryView {
  readonly section: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private readonly note: HTMLElement;
  private readonly guesses: HTMLElement;
  private readonly scatterHolder: HTMLElement;
  private readonly predictions: PredictionsChart;
  private summary: RunSummary | null = null;
  private lastGrid: BoundaryGrid | null = null;
  /** The data range the canvas shows, for turning a click into the nearest point. */
  private extent: { xMin: number; xMax: number; yMin: number; yMax: number } | null = null;
  private readonly grid = document.createElement("canvas");

  /** `pick` gets the sample nearest a click on the boundary (the sample card shows it). */
  constructor(pick: (sample: number) => void = () => undefined) {
    this.section = document.createElement("section");
    this.section.className = "boundary";
    this.section.dataset.testid = "decision-boundary";
    this.heading = document.createElement("h3");
    this.heading.textContent = t("Decision boundary");
    this.canvas = document.createElement("canvas");
    this.canvas.width = SIZE;
    this.canvas.height = SIZE;
    this.canvas.setAttribute("role", "img");
    this.canvas.setAttribute("aria-label", t("Decision boundary"));
    this.canvas.title = t("Click a point to follow that sample through the network");
    this.scatterHolder = document.createElement("div");
    this.scatterHolder.className = "canvas-holder";
    this.caption = document.createElement("div");
    this.caption.className = "caption";
    this.note = document.createElement("div");
    this.note.className = "caption";
    this.note.dataset.testid = "picture-note";
    this.guesses = document.createElement("table");
    this.guesses.className = "guesses";
    this.guesses.dataset.testid = "guesses";
    const head = document.createElement("div");
    head.className = "chart-head";
    head.append(
      this.heading,
      saveButton(t("Decision boundary"), () => (this.canvas.hidden ? this.scatterHolder.querySelector("canvas") : this.canvas)),
    );
    this.section.append(head, this.canvas, this.scatterHolder, this.guesses, this.caption, this.note);
    this.predictions = new PredictionsChart(this.scatterHolder, this.guesses, this.caption);
    this.canvas.addEventListener("click", (e) => {
      const sample = this.nearest(e);
      if (sample !== null) pick(sample);
    });
  }

  /** The sample whose point is nearest a click, within a few pixels. */
  private nearest(e: MouseEvent): number | null {
    const points = this.summary?.points;
    const extent = this.extent;
    if (!points || !extent) return null;
    const box = this.canvas.getBoundingClientRect();
    const cx = ((e.clientX - box.left) / box.width) * SIZE;
    const cy = ((e.clientY - box.top) / box.height) * SIZE;
    let best: number | null = null;
    let bestDistance = 8 * 8;
    for (let i = 0; i < points.x.length; i++) {
      const px = ((points.x[i] - extent.xMin) / (extent.xMax - extent.xMin)) * SIZE;
      const py = SIZE - ((points.y[i] - extent.yMin) / (extent.yMax - extent.yMin)) * SIZE;
      const d = (px - cx) ** 2 + (py - cy) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }

  setNetwork(summary: RunSummary): void {
    this.summary = summary;
    this.lastGrid = null;
    const regression = summary.task === "regression";
    this.heading.textContent = regression ? this.predictions.heading(summary) : t("Decision boundary");
    this.canvas.hidden = regression || !summary.points;
    this.scatterHolder.hidden = !regression;
    this.guesses.hidden = !regression;
    this.guesses.replaceChildren();
    this.section.hidden = !regression && !summary.points;
    this.note.textContent = "";
    if (!this.canvas.hidden) {
      this.caption.replaceChildren(
        ...summary.classNames.flatMap((n, k) => [legendMarker(k, true), document.createTextNode(` ${n}  `)]),
        document.createTextNode(
          t("· filled markers train, outlines validate; the background shows the class predicted there, stronger where the network is surer"),
        ),
      );
      this.drawPoints(null);
    }
    if (regression) this.predictions.make(summary);
  }

  update(update: MetricsUpdate, last: EpochMetrics | undefined): void {
    this.note.textContent = update.pictureNote ?? "";
    if (update.predictions && this.summary?.task === "regression") this.predictions.show(update.predictions);
    if (!this.canvas.hidden && update.boundary) {
      this.lastGrid = update.boundary;
      this.drawPoints(update.boundary);
    }
    if (!this.canvas.hidden && last) {
      const accuracy = last.valAccuracy ?? last.accuracy;
      this.canvas.setAttribute(
        "aria-label",
        last.valAccuracy === null
          ? t("Decision boundary after epoch {0}: {1} training accuracy", last.epoch, percent(accuracy))
          : t("Decision boundary after epoch {0}: {1} validation accuracy", last.epoch, percent(accuracy)),
      );
    }
  }

  /** The theme changed: redraw in its colours. */
  restyle(): void {
    if (this.summary) this.drawPoints(this.lastGrid);
  }

  private drawPoints(grid: BoundaryGrid | null): void {
    const summary = this.summary;
    const ctx = this.canvas.getContext("2d");
    if (!ctx || !summary?.points) return;
    const colours = theme();
    ctx.clearRect(0, 0, SIZE, SIZE);
    const points = summary.points;
    const extent = grid ?? padded(points);
    this.extent = extent;
    if (grid) {
      const n = grid.resolution;
      this.grid.width = n;
      this.grid.height = n;
      const g = this.grid.getContext("2d");
      if (g) {
        const image = g.createImageData(n, n);
        for (let cell = 0; cell < n * n; cell++) {
          const [r, gr, b, a] = cellColour(grid, cell);
          // Grid row 0 is yMin, which is drawn at the bottom.
          const row = n - 1 - Math.floor(cell / n);
          const o = (row * n + (cell % n)) * 4;
          image.data[o] = r;
          image.data[o + 1] = gr;
          image.data[o + 2] = b;
          image.data[o + 3] = a;
        }
        g.putImageData(image, 0, 0);
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(this.grid, 0, 0, SIZE, SIZE);
      }
    }
    const px = (x: number) => ((x - extent.xMin) / (extent.xMax - extent.xMin)) * SIZE;
    const py = (y: number) => SIZE - ((y - extent.yMin) / (extent.yMax - extent.yMin)) * SIZE;
    for (let i = 0; i < points.x.length; i++) drawMarker(ctx, points.label[i], px(points.x[i]), py(points.y[i]), 3, !points.validation[i], colours.background);
  }
}

/** The points' range with a margin, before the first grid arrives (a loop: the points may be many). */
function padded(points: { x: number[]; y: number[] }): { xMin: number; xMax: number; yMin: number; yMax: number } {
  let [xMin, xMax, yMin, yMax] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let i = 0; i < points.x.length; i++) {
    xMin = Math.min(xMin, points.x[i]);
    xMax = Math.max(xMax, points.x[i]);
    yMin = Math.min(yMin, points.y[i]);
    yMax = Math.max(yMax, points.y[i]);
  }
  return { xMin: xMin - 0.1, xMax: xMax + 0.1, yMin: yMin - 0.1, yMax: yMax + 0.1 };
}
