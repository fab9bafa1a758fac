/**
 * Regression's picture: each output's predictions against its targets (on the diagonal:
 * predicted exactly), and for one input and one output the fit itself, the data's points with
 * the network's prediction drawn over them as a line, so that Compare Loss Functions shows how
 * far one outlier pulls MSE's line and how little MAE's. A few samples (the number game) are also
 * listed as numbers.
 */
import type { MetricsUpdate, RunSummary } from "../src/protocol/run";
import { Chart } from "./chartSetup";
import { num } from "./format";
import { t } from "./l10n";
import { theme } from "./theme";

/** Regression with at most this many samples: the guesses are also listed as numbers. */
const LISTED_SAMPLES = 3;

type Predictions = NonNullable<MetricsUpdate["predictions"]>;

export class PredictionsChart {
  private chart: Chart<"scatter"> | null = null;
  /** One input and one output: the fit over the points rather than predicted against target. */
  private fit = false;

  constructor(
    private readonly holder: HTMLElement,
    private readonly guesses: HTMLElement,
    private readonly caption: HTMLElement,
  ) {}

  /** The chart's heading for this network. */
  heading(summary: RunSummary): string {
    return isFit(summary) ? t("The fit over the data") : t("Predicted vs target");
  }

  make(summary: RunSummary): void {
    this.chart?.destroy();
    const outputs = summary.sizes[summary.sizes.length - 1];
    this.fit = isFit(summary);
    const canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", this.heading(summary));
    this.holder.replaceChildren(canvas);
    const colours = theme();
    const marker = (j: number) => (["circle", "rect", "triangle", "rectRot", "star", "crossRot", "cross"] as const)[j % 7];
    this.chart = this.fit
      ? new Chart(canvas, {
          type: "scatter",
          data: {
            datasets: [
              { label: t("data"), data: [], backgroundColor: colours.layerColours[0], pointStyle: "circle", pointRadius: 3 },
              {
                label: t("prediction"),
                data: [],
                showLine: true,
                borderColor: colours.layerColours[1 % colours.layerColours.length],
                backgroundColor: colours.layerColours[1 % colours.layerColours.length],
                borderWidth: 2,
                pointRadius: 0,
              },
            ],
          },
          options: {
            scales: { x: { title: { display: true, text: "x1" } }, y: { title: { display: true, text: "y" } } },
            plugins: { legend: { display: true, labels: { usePointStyle: true, boxWidth: 8 } } },
          },
        })
      : new Chart(canvas, {
          type: "scatter",
          data: {
            datasets: Array.from({ length: outputs }, (_, j) => ({
              label: t("output {0}", j + 1),
              data: [],
              backgroundColor: colours.layerColours[j % colours.layerColours.length],
              pointStyle: marker(j),
              pointRadius: 3,
            })),
          },
          options: {
            scales: { x: { title: { display: true, text: t("target") } }, y: { title: { display: true, text: t("predicted") } } },
            plugins: { legend: { display: outputs > 1, labels: { usePointStyle: true, boxWidth: 8 } } },
          },
        });
  }

  show(predictions: Predictions): void {
    const chart = this.chart;
    if (!chart) return;
    const { predicted, target, of, x } = predictions;
    if (this.fit && x) {
      chart.data.datasets[0].data = x.map((xi, i) => ({ x: xi, y: target[0][i] }));
      chart.data.datasets[1].data = x.map((xi, i) => ({ x: xi, y: predicted[0][i] })).sort((a, b) => a.x - b.x);
      this.caption.textContent =
        of === "validation"
          ? t("Points: the validation samples; the line: the network's prediction at each x.")
          : t("Points: the training samples (the data has no validation split); the line: the network's prediction at each x.");
    } else {
      chart.data.datasets.forEach((d, j) => {
        d.data = (predicted[j] ?? []).map((y, i) => ({ x: target[j][i], y }));
      });
      this.caption.textContent =
        of === "validation"
          ? t("On the diagonal: predicted exactly. Validation samples.")
          : t("On the diagonal: predicted exactly. Training samples: the data has no validation split.");
    }
    chart.update();
    this.list(predicted, target);
  }

  /** A few samples (the number-guessing game): each output's guess and answer as numbers. */
  private list(predicted: number[][], target: number[][]): void {
    const samples = predicted[0]?.length ?? 0;
    if (!(samples > 0 && samples <= LISTED_SAMPLES)) {
      this.guesses.replaceChildren();
      return;
    }
    const rows = predicted.map((guesses, j) => {
      const row = document.createElement("tr");
      const cells = [t("output {0}", j + 1), ...guesses.map((g, i) => t("guess {0}, answer {1}", num(g), num(target[j][i])))];
      for (const text of cells) {
        const td = document.createElement(row.children.length === 0 ? "th" : "td");
        td.textContent = text;
        row.append(td);
      }
      return row;
    });
    this.guesses.replaceChildren(...rows);
  }
}

function isFit(summary: RunSummary): boolean {
  return summary.task === "regression" && summary.sizes[0] === 1 && summary.sizes[summary.sizes.length - 1] === 1;
}
