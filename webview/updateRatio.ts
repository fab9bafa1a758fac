/**
 * The update-to-weight ratio per layer over epochs, as taught in "Building makemore Part 3":
 * log10 of the size of the step the optimizer took ÷ the size of the layer's weights (both L2
 * norms; see EpochMetrics' updateRatio). About −3, a step a thousandth of the weights, is the
 * usual healthy value, drawn as a dashed guide: far below it a layer barely learns (a learning
 * rate too low, or a vanishing gradient), far above it the weights are thrown around.
 */
import type { EpochMetrics } from "../src/core/train/metrics";
import { type Chart, chartSection } from "./chartSetup";
import { layerLine, line, lineChart, type Point } from "./charts";
import { num } from "./format";
import { t } from "./l10n";
import { theme } from "./theme";

/** log10 of the healthy ratio. */
const GUIDE = -3;

export class UpdateRatioView {
  readonly section: HTMLElement;
  private readonly chart: Chart<"line", Point[]>;
  private readonly caption: HTMLElement;
  private layers = 0;

  constructor() {
    const { section, canvas, caption } = chartSection("update-ratio-chart", t("Update ratio per layer (log10 of step size ÷ weight size)"));
    this.section = section;
    this.caption = caption;
    this.chart = lineChart(canvas, t("log10(step ÷ weights)"), false, false);
  }

  reset(layers: number): void {
    this.layers = layers;
    this.style();
    this.caption.textContent = "";
  }

  /** The theme changed: the same lines in its colours. */
  restyle(): void {
    const data = this.chart.data.datasets.map((d) => d.data);
    this.style();
    this.chart.data.datasets.forEach((d, i) => {
      d.data = data[i] ?? [];
    });
    this.chart.update();
  }

  show(history: EpochMetrics[]): void {
    const last = history[history.length - 1];
    if (!last) return;
    const first = history[0].epoch;
    const [guide, ...layers] = this.chart.data.datasets;
    guide.data = [
      { x: first, y: GUIDE },
      { x: last.epoch, y: GUIDE },
    ];
    layers.forEach((d, k) => {
      d.data = history.flatMap((m) => {
        const r = m.gradients[k]?.updateRatio;
        return r === null || r === undefined ? [] : [{ x: m.epoch, y: r }];
      });
    });
    this.chart.update();
    this.caption.textContent = t(
      "Epoch {0}: {1}. About −3 (a step a thousandth of the weights) is healthy.",
      last.epoch,
      last.gradients.map((g) => `layers[${g.layer}] ${g.updateRatio === null ? "–" : num(g.updateRatio)}`).join(" · "),
    );
  }

  private style(): void {
    const colours = theme();
    this.chart.data.datasets = [
      line(t("−3: healthy"), colours.foreground, { borderDash: [10, 5], borderWidth: 2 }),
      ...Array.from({ length: this.layers }, (_, k) => layerLine(k)),
    ];
    this.chart.update();
  }
}
