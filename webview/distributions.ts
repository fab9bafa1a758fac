/**
 * Distributions per layer, as TensorBoard's histogram and distribution dashboards show them, for
 * one kind at a time: each unit's output (activations), δ = ∂L/∂z at each unit (the gradient
 * backpropagation passes down), or the weights' gradients (core/train/distributions.ts).
 *
 * - Now: each layer's histogram, on one range for all layers (as the weights chart), so layers
 *   compare at a glance: a vanishing gradient is δ piled at 0 in the early layers, saturated
 *   sigmoid outputs are activations piled at 0 and 1.
 * - Over epochs, for the chosen layer: bands of percentiles, the outermost min…max, then 7–93%,
 *   16–84% and 31–69% (±1.5σ, ±1σ and ±0.5σ of a normal distribution), and the median as a line.
 *
 * The numbers behind both are in the caption, for screen readers and for reading off.
 */
import type { DistributionSeries, Distributions, KindDistribution } from "../src/core/train/distributions";
import { Chart, chartSection } from "./chartSetup";
import { layerLine, line, type Point, shareChart } from "./charts";
import { num } from "./format";
import { t } from "./l10n";
import { theme, withAlpha } from "./theme";

type Kind = "activations" | "deltas" | "weightGradients";

const kindNames = (): Record<Kind, string> => ({
  activations: t("activations (each unit's output)"),
  deltas: t("δ = ∂L/∂z at each unit"),
  weightGradients: t("weight gradients ∂L/∂w"),
});

/** The bands, outermost first: indices into the nine percentiles, and how strongly each is filled. */
const BANDS: { low: number; high: number; alpha: number; label: () => string }[] = [
  { low: 0, high: 8, alpha: 0.12, label: () => t("min–max") },
  { low: 1, high: 7, alpha: 0.2, label: () => "7–93%" },
  { low: 2, high: 6, alpha: 0.3, label: () => "16–84%" },
  { low: 3, high: 5, alpha: 0.45, label: () => "31–69%" },
];
const MEDIAN = 4;

export class DistributionsView {
  readonly section: HTMLElement;
  private readonly histogram: Chart<"line", Point[]>;
  private readonly bands: Chart<"line", Point[]>;
  private readonly caption: HTMLElement;
  private readonly bandsCanvas: HTMLCanvasElement;
  private readonly kindSelect: HTMLSelectElement;
  private readonly layerSelect: HTMLSelectElement;
  private current: Distributions | null = null;
  private series: DistributionSeries | null = null;
  private layers = 0;

  constructor() {
    const { section, canvas, caption } = chartSection("distributions-chart", t("Distributions per layer"));
    this.section = section;
    this.caption = caption;
    // What is shown: the kind, and the layer whose percentiles are drawn over epochs.
    const choose = document.createElement("div");
    choose.className = "distribution-choice";
    this.kindSelect = select(
      "distribution-kind",
      t("what"),
      Object.entries(kindNames()).map(([value, label]) => ({ value, label })),
    );
    this.layerSelect = select("distribution-layer", t("layer over epochs"), []);
    for (const s of [this.kindSelect, this.layerSelect]) s.addEventListener("change", () => this.draw());
    choose.append(...[this.kindSelect, this.layerSelect].map((s) => labelled(s)));
    const bandsHolder = document.createElement("div");
    bandsHolder.className = "canvas-holder";
    const bandsCanvas = document.createElement("canvas");
    this.bandsCanvas = bandsCanvas;
    bandsCanvas.setAttribute("role", "img");
    // Named before its first percentiles come (a picture without a name is only "image" to a screen reader).
    bandsCanvas.setAttribute("aria-label", t("Percentiles over epochs"));
    bandsHolder.append(bandsCanvas);
    section.insertBefore(choose, section.querySelector(".canvas-holder"));
    section.insertBefore(bandsHolder, caption);
    this.histogram = shareChart(canvas, t("value (now)"), t("share of the layer's values"));
    this.bands = new Chart(bandsCanvas, {
      type: "line",
      data: { datasets: [] },
      options: {
        parsing: false,
        plugins: {
          // The bands' lower edges carry no label of their own.
          legend: { labels: { boxWidth: 10, boxHeight: 6, filter: (item) => item.text !== "" } },
          filler: { propagate: false },
        },
        scales: {
          x: { type: "linear", title: { display: true, text: t("epoch") }, ticks: { precision: 0 } },
          y: { type: "linear", title: { display: true, text: t("value") } },
        },
      },
    });
  }

  reset(layers: number): void {
    this.layers = layers;
    this.current = null;
    this.series = null;
    const chosen = this.layerSelect.value || "0";
    this.layerSelect.replaceChildren(
      ...Array.from({ length: layers }, (_, k) => {
        const o = document.createElement("option");
        o.value = String(k);
        o.textContent = `layers[${k + 1}]`;
        return o;
      }),
    );
    this.layerSelect.value = Number(chosen) < layers ? chosen : "0";
    this.style();
    this.caption.textContent = t("The distributions appear after the first epoch.");
  }

  restyle(): void {
    this.style();
    this.draw();
  }

  /** The latest distributions, and the series over epochs when it changed (null: as before). */
  show(current: Distributions | null, series: DistributionSeries | null): void {
    if (current) this.current = current;
    if (series) this.series = series;
    this.draw();
  }

  private get kind(): Kind {
    return this.kindSelect.value as Kind;
  }

  private get layer(): number {
    return Number(this.layerSelect.value) || 0;
  }

  private style(): void {
    const colours = theme();
    this.histogram.data.datasets = Array.from({ length: this.layers }, (_, k) => layerLine(k));
    // Each band is two lines, its lower edge then its upper edge filled down to it.
    this.bands.data.datasets = [
      ...BANDS.flatMap((band) => [
        line("", "transparent", { borderWidth: 0 }),
        line(band.label(), "transparent", { borderWidth: 0, fill: "-1", backgroundColor: withAlpha(colours.train, band.alpha) }),
      ]),
      line(t("median"), colours.foreground, { borderWidth: 1.5 }),
    ];
    this.histogram.update();
    this.bands.update();
  }

  private draw(): void {
    const now = this.current?.[this.kind];
    const k = this.layer;
    if (now) {
      this.histogram.data.datasets.forEach((d, layer) => {
        const shares = now.shares[layer] ?? [];
        const width = (now.max - now.min) / Math.max(1, shares.length);
        d.data = shares.map((share, b) => ({ x: now.min + (b + 0.5) * width, y: share }));
      });
    }
    const percentiles = this.series?.[this.kind][k] ?? [];
    const epochs = this.series?.epochs ?? [];
    const at = (p: number) => epochs.map((x, i) => ({ x, y: percentiles[i]?.[p] ?? Number.NaN })).filter((point) => Number.isFinite(point.y));
    BANDS.forEach((band, b) => {
      this.bands.data.datasets[2 * b].data = at(band.low);
      this.bands.data.datasets[2 * b + 1].data = at(band.high);
    });
    this.bands.data.datasets[2 * BANDS.length].data = at(MEDIAN);
    this.histogram.update();
    this.bands.update();
    this.caption.textContent = now ? describe(this.current?.epoch ?? 0, kindNames()[this.kind], k, now) : t("The distributions appear after the first epoch.");
    this.bandsCanvas.setAttribute("aria-label", `${t("Percentiles over epochs")}: ${this.caption.textContent}`);
  }
}

/** "layers[1], δ = ∂L/∂z at each unit, epoch 12: median 0.001; 16–84% −0.02 to 0.03; min −0.5, max 0.4 (256 values sampled)". */
function describe(epoch: number, kind: string, k: number, d: KindDistribution): string {
  const p = d.percentiles[k];
  if (!p || !Number.isFinite(p[MEDIAN])) return t("layers[{0}]: nothing sampled yet.", k + 1);
  return t(
    "layers[{0}], {1}, epoch {2}: median {3}; 16–84% from {4} to {5}; min {6}, max {7} ({8} values sampled).",
    k + 1,
    kind,
    epoch,
    num(p[MEDIAN]),
    num(p[2]),
    num(p[6]),
    num(p[0]),
    num(p[8]),
    d.counts[k],
  );
}

function select(testid: string, label: string, options: { value: string; label: string }[]): HTMLSelectElement {
  const s = document.createElement("select");
  s.dataset.testid = testid;
  s.setAttribute("aria-label", label);
  s.title = label;
  for (const o of options) {
    const option = document.createElement("option");
    option.value = o.value;
    option.textContent = o.label;
    s.append(option);
  }
  return s;
}

function labelled(control: HTMLSelectElement): HTMLLabelElement {
  const label = document.createElement("label");
  label.append(`${control.title} `, control);
  return label;
}
