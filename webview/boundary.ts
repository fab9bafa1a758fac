/**
 * The decision boundary for two-feature classification, as TensorFlow Playground draws it: the
 * network's class probabilities as a coloured background, training points filled, validation
 * points as rings. For regression with one output: predictions against targets instead.
 */
import type { BoundaryGrid } from "../src/core/train/boundary";
import type { MetricsUpdate, RunSummary } from "../src/protocol";
import { Chart } from "./chartSetup";
import { t } from "./l10n";
import { CLASS_COLOURS, classColour, theme } from "./theme";

const SIZE = 300;

/** The colour of one grid cell: the likelier class, stronger the surer the network is. */
export function cellColour(values: Float32Array, cell: number, width: number): [number, number, number, number] {
  let best = 0;
  let p: number;
  if (width === 1) {
    p = values[cell];
    best = p >= 0.5 ? 1 : 0;
    p = best === 1 ? p : 1 - p;
  } else {
    for (let j = 1; j < width; j++) if (values[cell * width + j] > values[cell * width + best]) best = j;
    p = values[cell * width + best];
  }
  const chance = 1 / Math.max(2, width);
  const confidence = Math.max(0, Math.min(1, (p - chance) / (1 - chance)));
  const [r, g, b] = CLASS_COLOURS[best % CLASS_COLOURS.length];
  return [r, g, b, Math.round(40 + 150 * confidence)];
}

export class BoundaryView {
  readonly section: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private readonly scatterHolder: HTMLElement;
  private scatter: Chart<"scatter"> | null = null;
  private summary: RunSummary | null = null;
  private readonly grid = document.createElement("canvas");

  constructor() {
    this.section = document.createElement("section");
    this.section.className = "boundary";
    this.section.dataset.testid = "decision-boundary";
    const heading = document.createElement("h3");
    heading.textContent = t("Decision boundary");
    this.canvas = document.createElement("canvas");
    this.canvas.width = SIZE;
    this.canvas.height = SIZE;
    this.canvas.setAttribute("role", "img");
    this.scatterHolder = document.createElement("div");
    this.scatterHolder.className = "canvas-holder";
    this.caption = document.createElement("div");
    this.caption.className = "caption";
    this.section.append(heading, this.canvas, this.scatterHolder, this.caption);
  }

  setNetwork(summary: RunSummary): void {
    this.summary = summary;
    const heading = this.section.querySelector("h3");
    const regression = summary.task === "regression";
    if (heading) heading.textContent = regression ? t("Predicted vs target") : t("Decision boundary");
    this.canvas.hidden = regression || !summary.points;
    this.scatterHolder.hidden = !regression;
    this.section.hidden = !regression && !summary.points;
    if (!this.canvas.hidden) {
      const names = summary.classNames;
      this.caption.replaceChildren(
        ...names.flatMap((n, k) => {
          const swatch = document.createElement("span");
          swatch.className = "swatch";
          swatch.style.background = classColour(k);
          return [swatch, document.createTextNode(` ${n}  `)];
        }),
        document.createTextNode(
          t("· filled points train, rings validate; the background shows the class predicted there, stronger where the network is surer"),
        ),
      );
      this.drawPoints(null);
    }
    if (regression && !this.scatter) {
      const canvas = document.createElement("canvas");
      this.scatterHolder.append(canvas);
      const colours = theme();
      this.scatter = new Chart(canvas, {
        type: "scatter",
        data: { datasets: [{ label: "samples", data: [], backgroundColor: colours.train, pointRadius: 2 }] },
        options: {
          scales: { x: { title: { display: true, text: t("target") } }, y: { title: { display: true, text: t("predicted") } } },
          plugins: { legend: { display: false } },
        },
      });
    }
  }

  update(update: MetricsUpdate): void {
    if (update.predictions && this.scatter) {
      const { predicted, target } = update.predictions;
      this.scatter.data.datasets[0].data = predicted.map((y, i) => ({ x: target[i], y }));
      this.scatter.update();
      this.caption.textContent = t("On the diagonal: predicted exactly. Validation samples.");
    }
    if (update.boundary && !this.canvas.hidden) this.drawPoints(update.boundary);
  }

  private drawPoints(grid: BoundaryGrid | null): void {
    const summary = this.summary;
    const ctx = this.canvas.getContext("2d");
    if (!ctx || !summary?.points) return;
    const colours = theme();
    ctx.clearRect(0, 0, SIZE, SIZE);
    const points = summary.points;
    const extent = grid ?? {
      xMin: Math.min(...points.x) - 0.1,
      xMax: Math.max(...points.x) + 0.1,
      yMin: Math.min(...points.y) - 0.1,
      yMax: Math.max(...points.y) + 0.1,
    };
    if (grid) {
      const n = grid.resolution;
      this.grid.width = n;
      this.grid.height = n;
      const g = this.grid.getContext("2d");
      if (g) {
        const image = g.createImageData(n, n);
        for (let cell = 0; cell < n * n; cell++) {
          const [r, gr, b, a] = cellColour(grid.values, cell, grid.width);
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
    for (let i = 0; i < points.x.length; i++) {
      ctx.beginPath();
      ctx.arc(px(points.x[i]), py(points.y[i]), 3, 0, 2 * Math.PI);
      if (points.validation[i]) {
        ctx.lineWidth = 1.5;
        ctx.strokeStyle = classColour(points.label[i]);
        ctx.stroke();
      } else {
        ctx.fillStyle = classColour(points.label[i]);
        ctx.fill();
        ctx.lineWidth = 0.75;
        ctx.strokeStyle = colours.background;
        ctx.stroke();
      }
    }
  }
}
