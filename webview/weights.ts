/**
 * Weights per layer, as TensorBoard's histograms show them: for each layer, the share of its
 * weights at each value, over one range for all layers, so they compare on one chart. The
 * overfitting lesson's L2 regularization shows here as weights drawn in towards 0.
 */
import type { WeightHistograms } from "../src/core/train/weightHistograms";
import { Chart, chartSection } from "./chartSetup";
import { line, type Point } from "./charts";
import { num } from "./format";
import { t } from "./l10n";
import { theme } from "./theme";

export class WeightsView {
  readonly section: HTMLElement;
  private readonly chart: Chart<"line", Point[]>;
  private readonly caption: HTMLElement;

  constructor() {
    const { section, canvas, caption } = chartSection("weights-chart", t("Weights per layer"));
    this.section = section;
    this.caption = caption;
    this.chart = new Chart(canvas, {
      type: "line",
      data: { datasets: [] },
      options: {
        parsing: false,
        plugins: { legend: { labels: { boxWidth: 10, boxHeight: 2 } } },
        scales: {
          x: { type: "linear", title: { display: true, text: t("weight") } },
          y: {
            min: 0,
            title: { display: true, text: t("share of the layer's weights") },
            ticks: { format: { style: "percent", minimumFractionDigits: 0, maximumFractionDigits: 0 } },
          },
        },
      },
    });
  }

  /** The theme changed: the same curves in its colours. */
  restyle(): void {
    const colours = theme();
    this.chart.data.datasets.forEach((d, k) => {
      const c = colours.layerColours[k % colours.layerColours.length];
      d.borderColor = c;
      d.backgroundColor = c;
    });
    this.chart.update();
  }

  reset(layers: number): void {
    const colours = theme();
    this.chart.data.datasets = Array.from({ length: layers }, (_, k) => line(`layers[${k + 1}]`, colours.layerColours[k % colours.layerColours.length]));
    this.chart.update();
    this.caption.textContent = "";
  }

  show(histograms: WeightHistograms): void {
    const { range, shares } = histograms;
    this.chart.data.datasets.forEach((d, k) => {
      const bins = shares[k] ?? [];
      // Each bin drawn at its centre.
      d.data = bins.map((share, b) => ({ x: -range + ((b + 0.5) * 2 * range) / bins.length, y: share }));
    });
    this.chart.update();
    this.caption.textContent = t("largest |weight| {0}", num(range));
  }
}
