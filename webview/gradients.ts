/**
 * Gradient flow: per layer, the mean and max |gradient| of the latest epoch (bars, log scale)
 * and the mean |gradient| over epochs (lines, log scale), with the numbers as text (the common
 * PyTorch "plot_grad_flow" recipe). What they mean is in the findings (findings.ts).
 */
import type { EpochMetrics } from "../src/core/train/metrics";
import { Chart, chartSection } from "./chartSetup";
import { layerLine, lineChart, NUMBER_TICKS, type Point } from "./charts";
import { num, percent } from "./format";
import { t } from "./l10n";
import { theme } from "./theme";

/** Log scales cannot show 0: floor the values so a zero gradient still appears, at the bottom. */
const FLOOR = 1e-12;

export class GradientView {
  readonly section: HTMLElement;
  private readonly now: Chart<"bar", number[], string>;
  private readonly history: Chart<"line", Point[]>;
  private readonly table: HTMLElement;

  constructor() {
    const { section, canvas, caption } = chartSection("gradient-chart", t("Gradient magnitude per layer"));
    this.section = section;
    this.table = caption;
    const historyHolder = document.createElement("div");
    historyHolder.className = "canvas-holder";
    const historyCanvas = document.createElement("canvas");
    historyHolder.append(historyCanvas);
    section.insertBefore(historyHolder, caption);
    const colours = theme();
    this.now = new Chart(canvas, {
      type: "bar",
      data: {
        labels: [],
        datasets: [
          { label: t("mean |g|"), data: [], backgroundColor: colours.train },
          { label: t("max |g|"), data: [], backgroundColor: colours.validation },
        ],
      },
      options: {
        scales: { y: { type: "logarithmic", title: { display: true, text: t("|gradient| now") }, ticks: NUMBER_TICKS } },
        plugins: { legend: { labels: { boxWidth: 10 } } },
      },
    });
    this.history = lineChart(historyCanvas, t("mean |g| over epochs"), true, false);
  }

  /** The theme changed: the same bars and curves in its colours. */
  restyle(): void {
    const colours = theme();
    const [mean, max] = this.now.data.datasets;
    mean.backgroundColor = colours.train;
    max.backgroundColor = colours.validation;
    const data = this.history.data.datasets.map((d) => d.data);
    this.history.data.datasets = data.map((points, k) => layerLine(k, { data: points }));
    this.now.update();
    this.history.update();
  }

  reset(layers: number): void {
    this.now.data.labels = Array.from({ length: layers }, (_, k) => `layers[${k + 1}]`);
    for (const d of this.now.data.datasets) d.data = [];
    this.history.data.datasets = Array.from({ length: layers }, (_, k) => layerLine(k));
    this.now.update();
    this.history.update();
    this.table.textContent = "";
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
          t("layers[{0}]: mean {1}, max {2}, RMS {3}", g.layer, num(g.meanAbs), num(g.maxAbs), num(g.rms)) +
          (g.deadShare === null ? "" : t(", {0} dead", percent(g.deadShare))) +
          (g.saturatedShare === null ? "" : t(", {0} saturated", percent(g.saturatedShare))),
      )
      .join(" · ");
  }
}
