/**
 * Live loss and accuracy charts for training and validation data. Earlier runs' loss curves stay
 * on the loss chart, faded and labelled, so a new loss function or learning rate can be
 * compared with them. Long runs are thinned by Chart.js's LTTB decimation, so the charts stay
 * fast over a million epochs.
 */
import type { ChartDataset } from "chart.js";
import type { EpochMetrics } from "../src/core/train/metrics";
import type { PastRun } from "../src/protocol";
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

function lineChart(canvas: HTMLCanvasElement, yTitle: string, logScale: boolean, percentAxis: boolean): Chart<"line", Point[]> {
  return new Chart(canvas, {
    type: "line",
    data: { datasets: [] },
    options: {
      parsing: false,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      plugins: {
        decimation: { enabled: true, algorithm: "lttb", samples: 400, threshold: 800 },
        legend: { labels: { boxWidth: 10, boxHeight: 2 } },
      },
      scales: {
        x: { type: "linear", title: { display: true, text: t("epoch") }, ticks: { precision: 0 } },
        y: {
          type: logScale ? "logarithmic" : "linear",
          title: { display: true, text: yTitle },
          ...(percentAxis ? { min: 0, max: 1, ticks: { callback: (v: string | number) => `${Math.round(Number(v) * 100)}%` } } : {}),
        },
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

  constructor(logScale: boolean) {
    const loss = chartSection("loss-chart", t("Loss"));
    const accuracy = chartSection("accuracy-chart", t("Accuracy"));
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

  /** A new run: clears the curves, keeps the past runs' loss faded behind the new one. */
  reset(past: PastRun[], lossName: string): void {
    this.past = past;
    const colours = theme();
    const pastSets = past.map((p, i) =>
      line(t("earlier: {0}", p.label), colours.past, { borderDash: [4, 3], borderWidth: 1, data: p.loss.map((y, x) => ({ x: x + 1, y })), order: 10 + i }),
    );
    this.lossChart.data.datasets = [line(t("training ({0})", lossName), colours.train), line(t("validation"), colours.validation), ...pastSets];
    this.accuracyChart.data.datasets = [line(t("training"), colours.train), line(t("validation"), colours.validation)];
    this.lossChart.update();
    this.accuracyChart.update();
    this.lossCaption.textContent = this.pastSummary(false);
    this.accuracyCaption.textContent = "";
  }

  /** "2 earlier runs faded for comparison", with each one's final loss when `withLosses`. */
  private pastSummary(withLosses: boolean): string {
    const n = this.past.length;
    if (n === 0) return "";
    const count = n === 1 ? t("1 earlier run faded for comparison") : t("{0} earlier runs faded for comparison", n);
    if (!withLosses) return count;
    return `${count}: ${this.past.map((p) => `${p.label.split(" (")[0]} ${num(p.loss[p.loss.length - 1])}`).join(", ")}`;
  }

  /** Shows the whole history so far (the host sends only new epochs; the caller accumulates). */
  show(history: EpochMetrics[]): void {
    const [train, validation] = this.lossChart.data.datasets;
    const [trainAcc, validationAcc] = this.accuracyChart.data.datasets;
    if (!train) return;
    train.data = history.map((m) => ({ x: m.epoch, y: m.loss }));
    validation.data = history.filter((m) => m.valLoss !== null).map((m) => ({ x: m.epoch, y: m.valLoss as number }));
    trainAcc.data = history.map((m) => ({ x: m.epoch, y: m.accuracy }));
    validationAcc.data = history.filter((m) => m.valAccuracy !== null).map((m) => ({ x: m.epoch, y: m.valAccuracy as number }));
    this.lossChart.update();
    this.accuracyChart.update();
    const last = history[history.length - 1];
    if (!last) return;
    const past = this.pastSummary(true);
    this.lossCaption.textContent = `${t("training {0} · validation {1}", num(last.loss), num(last.valLoss))}${past ? ` · ${past}` : ""}`;
    this.accuracyCaption.textContent = t("training {0} · validation {1}", percent(last.accuracy), percent(last.valAccuracy));
  }
}
