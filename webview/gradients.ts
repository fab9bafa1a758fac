/**
 * Gradient flow: per layer, the mean and max |gradient| of the latest epoch (bars, log scale)
 * and the mean |gradient| over epochs (lines, log scale), with the numbers and plain-words
 * findings (vanishing, exploding, dead ReLUs) as text.
 */
import { gradientFindings } from "../src/core/train/gradientFindings";
import type { EpochMetrics } from "../src/core/train/metrics";
import { Chart, chartSection } from "./chartSetup";
import { line, type Point } from "./charts";
import { num, percent } from "./format";
import { theme } from "./theme";

/** Log scales cannot show 0: floor the values so a zero gradient still appears, at the bottom. */
const FLOOR = 1e-12;

export class GradientView {
  readonly section: HTMLElement;
  private readonly now: Chart<"bar", number[], string>;
  private readonly history: Chart<"line", Point[]>;
  private readonly table: HTMLElement;
  private readonly findings: HTMLElement;

  constructor() {
    const { section, canvas, caption } = chartSection("gradient-chart", "Gradient magnitude per layer");
    this.section = section;
    this.table = caption;
    const historyHolder = document.createElement("div");
    historyHolder.className = "canvas-holder";
    const historyCanvas = document.createElement("canvas");
    historyHolder.append(historyCanvas);
    this.findings = document.createElement("ul");
    this.findings.className = "findings";
    this.findings.dataset.testid = "gradient-findings";
    section.insertBefore(historyHolder, caption);
    section.append(this.findings);
    const t = theme();
    this.now = new Chart(canvas, {
      type: "bar",
      data: {
        labels: [],
        datasets: [
          { label: "mean |g|", data: [], backgroundColor: t.train },
          { label: "max |g|", data: [], backgroundColor: t.validation },
        ],
      },
      options: { scales: { y: { type: "logarithmic", title: { display: true, text: "|gradient| now" } } }, plugins: { legend: { labels: { boxWidth: 10 } } } },
    });
    this.history = new Chart(historyCanvas, {
      type: "line",
      data: { datasets: [] },
      options: {
        parsing: false,
        plugins: { decimation: { enabled: true, algorithm: "lttb", samples: 300, threshold: 600 }, legend: { labels: { boxWidth: 10, boxHeight: 2 } } },
        scales: {
          x: { type: "linear", title: { display: true, text: "epoch" } },
          y: { type: "logarithmic", title: { display: true, text: "mean |g| over epochs" } },
        },
      },
    });
  }

  reset(layers: number): void {
    const t = theme();
    this.now.data.labels = Array.from({ length: layers }, (_, k) => `layers[${k + 1}]`);
    for (const d of this.now.data.datasets) d.data = [];
    this.history.data.datasets = Array.from({ length: layers }, (_, k) => line(`layers[${k + 1}]`, t.layerColours[k % t.layerColours.length]));
    this.now.update();
    this.history.update();
    this.table.textContent = "";
    this.findings.replaceChildren();
  }

  show(history: EpochMetrics[]): void {
    const last = history[history.length - 1];
    if (!last) return;
    const [mean, max] = this.now.data.datasets;
    mean.data = last.gradients.map((g) => Math.max(FLOOR, g.meanAbs));
    max.data = last.gradients.map((g) => Math.max(FLOOR, g.maxAbs));
    this.history.data.datasets.forEach((d, k) => {
      d.data = history.map((m) => ({ x: m.epoch, y: Math.max(FLOOR, m.gradients[k]?.meanAbs ?? FLOOR) }));
    });
    this.now.update();
    this.history.update();
    this.table.textContent = last.gradients
      .map(
        (g) =>
          `layers[${g.layer}]: mean ${num(g.meanAbs)}, max ${num(g.maxAbs)}, RMS ${num(g.rms)}${g.deadShare === null ? "" : `, ${percent(g.deadShare)} dead`}`,
      )
      .join(" · ");
    const findings = gradientFindings(last.gradients);
    this.findings.replaceChildren(
      ...(findings.length ? findings : ["No vanishing or exploding gradients and no dead layers."]).map((f) => {
        const li = document.createElement("li");
        li.textContent = f;
        return li;
      }),
    );
  }
}
