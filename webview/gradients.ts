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
import { t } from "./l10n";
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
    const { section, canvas, caption } = chartSection("gradient-chart", t("Gradient magnitude per layer"));
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
        scales: { y: { type: "logarithmic", title: { display: true, text: t("|gradient| now") } } },
        plugins: { legend: { labels: { boxWidth: 10 } } },
      },
    });
    this.history = new Chart(historyCanvas, {
      type: "line",
      data: { datasets: [] },
      options: {
        parsing: false,
        plugins: { decimation: { enabled: true, algorithm: "lttb", samples: 300, threshold: 600 }, legend: { labels: { boxWidth: 10, boxHeight: 2 } } },
        scales: {
          x: { type: "linear", title: { display: true, text: t("epoch") } },
          y: { type: "logarithmic", title: { display: true, text: t("mean |g| over epochs") } },
        },
      },
    });
  }

  /** The theme changed: the same bars and curves in its colours. */
  restyle(): void {
    const colours = theme();
    const [mean, max] = this.now.data.datasets;
    mean.backgroundColor = colours.train;
    max.backgroundColor = colours.validation;
    this.history.data.datasets.forEach((d, k) => {
      const c = colours.layerColours[k % colours.layerColours.length];
      d.borderColor = c;
      d.backgroundColor = c;
    });
    this.now.update();
    this.history.update();
  }

  reset(layers: number): void {
    const colours = theme();
    this.now.data.labels = Array.from({ length: layers }, (_, k) => `layers[${k + 1}]`);
    for (const d of this.now.data.datasets) d.data = [];
    this.history.data.datasets = Array.from({ length: layers }, (_, k) => line(`layers[${k + 1}]`, colours.layerColours[k % colours.layerColours.length]));
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
          t("layers[{0}]: mean {1}, max {2}, RMS {3}", g.layer, num(g.meanAbs), num(g.maxAbs), num(g.rms)) +
          (g.deadShare === null ? "" : t(", {0} dead", percent(g.deadShare))) +
          (g.saturatedShare === null ? "" : t(", {0} saturated", percent(g.saturatedShare))),
      )
      .join(" · ");
    const findings = gradientFindings(last.gradients);
    this.findings.replaceChildren(
      ...(findings.length ? findings : [t("No vanishing or exploding gradients, no saturated or dead layers.")]).map((f) => {
        const li = document.createElement("li");
        li.textContent = f;
        return li;
      }),
    );
  }
}
