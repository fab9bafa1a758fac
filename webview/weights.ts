/**
 * Weights per layer, as TensorBoard's histograms show them: for each layer, the share of its
 * weights at each value, over one range for all layers, so they compare on one chart. The
 * overfitting lesson's L2 regularization shows here as weights drawn in towards 0.
 */
import type { WeightHistograms } from "../src/core/train/weightHistograms";
import { type Chart, chartSection } from "./chartSetup";
import { layerLine, type Point, shareChart } from "./charts";
import { num } from "./format";
import { t } from "./l10n";

export class WeightsView {
  readonly section: HTMLElement;
  private readonly chart: Chart<"line", Point[]>;
  private readonly caption: HTMLElement;

  constructor() {
    const { section, canvas, caption } = chartSection("weights-chart", t("Weights per layer"));
    this.section = section;
    this.caption = caption;
    this.chart = shareChart(canvas, t("weight"), t("share of the layer's weights"));
  }

  /** The theme changed: the same curves in its colours. */
  restyle(): void {
    const data = this.chart.data.datasets.map((d) => d.data);
    this.chart.data.datasets = data.map((points, k) => layerLine(k, { data: points }));
    this.chart.update();
  }

  reset(layers: number): void {
    this.chart.data.datasets = Array.from({ length: layers }, (_, k) => layerLine(k));
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
