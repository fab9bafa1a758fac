/**
 * Live loss and accuracy charts for training and validation data. The spec's earlier runs stay on
 * both charts, faded, dotted and labelled with what differed, so a new loss function or learning
 * rate can be compared with them (on accuracy: losses of different functions are different
 * scales). Validation lines are dashed, so no line is told from another by colour alone. Long
 * runs are thinned by Chart.js's LTTB decimation, so the charts stay fast over a million epochs.
 */
import type { ChartDataset } from "chart.js";
import type { EarlyStoppingReport } from "../src/core/train/earlyStopping";
import type { EpochMetrics } from "../src/core/train/metrics";
import type { PastRun } from "../src/protocol/panel";
import { Chart, chartSection } from "./chartSetup";
import { num, percent } from "./format";
import { t } from "./l10n";
import { theme } from "./theme";

export type Point = { x: number; y: number };
type LineDataset = ChartDataset<"line", Point[]>;

/** A line of {x, y} points, without markers (the charts have many points). */
export function line(label: string, colour: string, extra: Partial<LineDataset> = {}): LineDataset {
  return {
    label,
    data: [],
    borderColor: colour,
    backgroundColor: colour,
    borderWidth: 1.5,
    pointRadius: 0,
    parsing: false,
    normalized: true,
    ...extra,
  } as LineDataset;
}

/**
 * Each layer's line: a colour of the theme's chart palette and a dash pattern of its own, so
 * layers are told apart without colour too (and the legend shows the same pattern).
 */
const LAYER_DASHES: number[][] = [[], [8, 3], [2, 2], [8, 3, 2, 3], [14, 4], [4, 4], [1, 3]];
export function layerLine(k: number, extra: Partial<LineDataset> = {}): LineDataset {
  const colours = theme().layerColours;
  return line(`layers[${k + 1}]`, colours[k % colours.length], { borderDash: LAYER_DASHES[k % LAYER_DASHES.length], ...extra });
}

/** Validation lines are dashed, training lines solid, so the two read apart without colour. */
export const VALIDATION_DASH = [6, 3];

/**
 * Axis labels written as the panel writes numbers (1e−7, not 0.0000001); a log axis is labelled
 * at its powers of ten only: gradients span many decades, and a label at every step would crowd.
 */
export const NUMBER_TICKS = {
  callback(this: { type: string }, v: string | number): string {
    const exponent = Math.log10(Number(v));
    const between = this.type === "logarithmic" && Math.abs(exponent - Math.round(exponent)) > 1e-9;
    return between ? "" : num(Number(v));
  },
};

/** A live line chart over epochs: log or linear y, or a 0–100% axis. */
export function lineChart(canvas: HTMLCanvasElement, yTitle: string, logScale: boolean, percentAxis: boolean): Chart<"line", Point[]> {
  return new Chart(canvas, {
    type: "line",
    data: { datasets: [] },
    options: {
      parsing: false,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      plugins: {
        decimation: { enabled: true, algorithm: "lttb", samples: 400, threshold: 800 },
        // A dataset without a label (the best-epoch marker before there is one) stays out of the legend.
        legend: { labels: { boxWidth: 10, boxHeight: 2, filter: (item) => item.text !== "" } },
      },
      scales: {
        x: { type: "linear", title: { display: true, text: t("epoch") }, ticks: { precision: 0 } },
        y: {
          type: logScale ? "logarithmic" : "linear",
          title: { display: true, text: yTitle },
          ticks: NUMBER_TICKS,
          ...(percentAxis ? { min: 0, max: 1, ticks: { callback: (v: string | number) => `${Math.round(Number(v) * 100)}%` } } : {}),
        },
      },
    },
  });
}

/** Each layer's histogram as a line over the bins' centres: the share of its values in each bin. */
export function shareChart(canvas: HTMLCanvasElement, xTitle: string, yTitle: string): Chart<"line", Point[]> {
  return new Chart(canvas, {
    type: "line",
    data: { datasets: [] },
    options: {
      parsing: false,
      plugins: { legend: { labels: { boxWidth: 10, boxHeight: 2 } } },
      scales: {
        x: { type: "linear", title: { display: true, text: xTitle } },
        y: { min: 0, title: { display: true, text: yTitle }, ticks: { format: { style: "percent", minimumFractionDigits: 0, maximumFractionDigits: 0 } } },
      },
    },
  });
}

export class MetricCharts {
  readonly lossSection: HTMLElement;
  readonly accuracySection: HTMLElement;
  private readonly lossChart: Chart<"line", Point[]>;
  private readonly accuracyChart: Chart<"line", Point[]>;
  private readonly lossCaption: HTMLElement;
  private readonly accuracyCaption: HTMLElement;
  private past: PastRun[] = [];
  private lossName = "";
  private readonly lossCanvas: HTMLCanvasElement;
  private readonly accuracyCanvas: HTMLCanvasElement;

  constructor(logScale: boolean) {
    const loss = chartSection("loss-chart", t("Loss"));
    const accuracy = chartSection("accuracy-chart", t("Accuracy"));
    this.lossCanvas = loss.canvas;
    this.accuracyCanvas = accuracy.canvas;
    this.lossSection = loss.section;
    this.accuracySection = accuracy.section;
    this.lossCaption = loss.caption;
    this.accuracyCaption = accuracy.caption;
    this.lossChart = lineChart(loss.canvas, t("loss"), logScale, false);
    this.accuracyChart = lineChart(accuracy.canvas, t("accuracy"), false, true);
  }

  setLogScale(on: boolean): void {
    const y = this.lossChart.options.scales?.y;
    if (y) y.type = on ? "logarithmic" : "linear";
    this.lossChart.update();
  }

  /** A new run: clears the curves, keeps the spec's earlier runs faded behind the new one (loss and accuracy). */
  reset(past: PastRun[], lossName: string): void {
    this.past = past;
    this.lossName = lossName;
    this.styleDatasets();
    this.lossCaption.textContent = this.pastSummary(false);
    this.accuracyCaption.textContent = "";
  }

  /** The earlier runs changed (a kept run overlaid): redraw them, keeping the current run's curves. */
  setPast(past: PastRun[]): void {
    this.past = past;
    this.restyle();
    this.lossCaption.textContent = this.pastSummary(false);
  }

  /** The theme changed: the same curves in its colours. */
  restyle(): void {
    const data = [this.lossChart.data.datasets.map((d) => d.data), this.accuracyChart.data.datasets.map((d) => d.data)];
    this.styleDatasets();
    this.lossChart.data.datasets.forEach((d, i) => {
      d.data = data[0][i] ?? [];
    });
    this.accuracyChart.data.datasets.forEach((d, i) => {
      d.data = data[1][i] ?? [];
    });
    this.lossChart.update();
    this.accuracyChart.update();
  }

  private styleDatasets(): void {
    const colours = theme();
    const faded = (label: string, i: number, points: { x: number; y: number }[]) =>
      line(label, colours.past, { borderDash: [1, 3], borderWidth: 1, data: points, order: 10 + i });
    const pastLoss = this.past.map((p, i) =>
      faded(
        p.label,
        i,
        p.epochs.map((x, j) => ({ x, y: p.loss[j] })),
      ),
    );
    const pastAccuracy = this.past.map((p, i) =>
      faded(
        p.label,
        i,
        p.epochs.map((x, j) => ({ x, y: p.accuracy[j] })),
      ),
    );
    const validation = () => line(t("validation"), colours.validation, { borderDash: VALIDATION_DASH });
    // Early stopping's best epoch: a triangle on the validation curve, named in the legend and the caption.
    const best = line("", colours.validation, { showLine: false, pointStyle: "triangle", pointRadius: 7, pointHoverRadius: 8, borderWidth: 2, order: -1 });
    this.lossChart.data.datasets = [line(t("training ({0})", this.lossName), colours.train), validation(), best, ...pastLoss];
    this.accuracyChart.data.datasets = [line(t("training"), colours.train), validation(), ...pastAccuracy];
    this.lossChart.update();
    this.accuracyChart.update();
  }

  /**
   * "2 earlier runs faded for comparison", with each one's final loss when `withLosses`. When an
   * earlier run used another loss function, a reminder that its numbers are on another scale.
   */
  private pastSummary(withLosses: boolean): string {
    const n = this.past.length;
    if (n === 0) return "";
    const count = n === 1 ? t("1 earlier run faded for comparison") : t("{0} earlier runs faded for comparison", n);
    const otherLoss = this.past.some((p) => !p.label.includes(this.lossName) && /loss /.test(p.label));
    const caution = otherLoss ? ` ${t("(losses of different functions are not comparable numbers: compare the accuracy chart instead)")}` : "";
    if (!withLosses) return `${count}${caution}`;
    return `${count}: ${this.past.map((p) => `${p.label} → ${num(p.loss[p.loss.length - 1])}`).join("; ")}${caution}`;
  }

  /** Shows the whole history so far (the host sends only new epochs; the caller accumulates). */
  show(history: EpochMetrics[], stopping: EarlyStoppingReport | null = null): void {
    const [train, validation, best] = this.lossChart.data.datasets;
    const [trainAcc, validationAcc] = this.accuracyChart.data.datasets;
    if (!train) return;
    train.data = history.map((m) => ({ x: m.epoch, y: m.loss }));
    validation.data = history.filter((m) => m.valLoss !== null).map((m) => ({ x: m.epoch, y: m.valLoss as number }));
    trainAcc.data = history.map((m) => ({ x: m.epoch, y: m.accuracy }));
    validationAcc.data = history.filter((m) => m.valAccuracy !== null).map((m) => ({ x: m.epoch, y: m.valAccuracy as number }));
    best.data = stopping ? [{ x: stopping.bestEpoch, y: stopping.bestValLoss }] : [];
    best.label = stopping ? t("best epoch {0} (early stopping)", stopping.bestEpoch) : "";
    this.lossChart.update();
    this.accuracyChart.update();
    const last = history[history.length - 1];
    if (!last) return;
    const past = this.pastSummary(true);
    const stop = stopping ? ` · ${earlyStoppingText(stopping)}` : "";
    this.lossCaption.textContent = `${t("training {0} · validation {1}", num(last.loss), num(last.valLoss))}${stop}${past ? ` · ${past}` : ""}`;
    this.accuracyCaption.textContent = t("training {0} · validation {1}", percent(last.accuracy), percent(last.valAccuracy));
    // The charts' text alternative: what a screen reader says for the canvas.
    this.lossCanvas.setAttribute(
      "aria-label",
      `${t("Loss over {0} epochs: training {1}, validation {2}", last.epoch, num(last.loss), num(last.valLoss))}${stop}`,
    );
    this.accuracyCanvas.setAttribute(
      "aria-label",
      t("Accuracy over {0} epochs: training {1}, validation {2}", last.epoch, percent(last.accuracy), percent(last.valAccuracy)),
    );
  }
}

/** "best epoch 8: validation loss 0.04; stopped after epoch 28, its weights restored": the marker's words. */
export function earlyStoppingText(r: EarlyStoppingReport): string {
  const best = t("best epoch {0}: validation loss {1}", r.bestEpoch, num(r.bestValLoss));
  if (r.stoppedAt === null) return r.restored ? `${best}; ${t("the weights of epoch {0} restored", r.bestEpoch)}` : best;
  const stopped = r.restored
    ? t("stopped after epoch {0}, the weights of epoch {1} restored", r.stoppedAt, r.bestEpoch)
    : t("stopped after epoch {0}", r.stoppedAt);
  return `${best}; ${stopped}`;
}
