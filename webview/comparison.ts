/**
 * "Compare Loss Functions": the same spec trained once per loss, from the same initial weights on
 * the same batches, side by side. Accuracy is comparable across losses and is overlaid as it is;
 * loss values are not (each function measures error on its own scale), so each loss curve is
 * divided by its own first epoch's value, and a caption says why. A table gives the final
 * figures, and each loss gets its own decision boundary.
 */
import { BoundedHistory } from "../src/core/base/boundedHistory";
import type { LossName } from "../src/core/nn/losses";
import type { EpochMetrics } from "../src/core/train/metrics";
import type { MetricsUpdate, RunStatus, RunSummary } from "../src/protocol/run";
import { BoundaryView } from "./boundary";
import { type Chart, chartSection } from "./chartSetup";
import { line, lineChart, type Point, VALIDATION_DASH } from "./charts";
import { num, percent } from "./format";
import { statusWord, t } from "./l10n";
import { theme } from "./theme";

interface Entry {
  runId: number;
  loss: LossName;
  history: BoundedHistory<EpochMetrics>;
  status: RunStatus;
  boundary: BoundaryView;
}

export class ComparisonView {
  readonly section: HTMLElement;
  private entries: Entry[] = [];
  private readonly accuracy: Chart<"line", Point[]>;
  private readonly loss: Chart<"line", Point[]>;
  private readonly table: HTMLTableElement;
  private readonly boundaries: HTMLElement;

  constructor() {
    this.section = document.createElement("section");
    this.section.className = "comparison";
    this.section.dataset.testid = "loss-comparison";
    this.section.hidden = true;
    const heading = document.createElement("h3");
    heading.textContent = t("Comparing loss functions: the same network, initial weights and batches, one loss each");
    const caption = document.createElement("p");
    caption.className = "caption";
    caption.dataset.testid = "comparison-caption";
    caption.textContent = t(
      "Each loss function measures error on its own scale, so their values are not comparable numbers: compare accuracy. Each loss curve is divided by its first epoch's value, to show how fast each one falls.",
    );
    const accuracy = chartSection("comparison-accuracy", t("Accuracy (training solid, validation dashed)"));
    const loss = chartSection("comparison-loss", t("Loss ÷ its first epoch's value"));
    this.accuracy = lineChart(accuracy.canvas, t("accuracy"), false, true);
    this.loss = lineChart(loss.canvas, t("loss ÷ first epoch"), false, false);
    this.table = document.createElement("table");
    this.table.className = "comparison-table";
    this.table.dataset.testid = "comparison-table";
    this.boundaries = document.createElement("div");
    this.boundaries.className = "comparison-boundaries";
    const charts = document.createElement("div");
    charts.className = "comparison-charts";
    charts.append(accuracy.section, loss.section);
    this.section.append(heading, caption, charts, this.table, this.boundaries);
  }

  /** A new comparison: one entry per run, each with its loss. */
  reset(runs: { runId: number; loss: LossName }[]): void {
    this.entries = runs.map((r) => ({ ...r, history: new BoundedHistory<EpochMetrics>(2000), status: "paused", boundary: new BoundaryView() }));
    this.boundaries.replaceChildren(...this.entries.map((e) => e.boundary.section));
    for (const e of this.entries) e.boundary.section.hidden = true;
    this.styleDatasets();
    this.showTable();
  }

  setSummary(runId: number, summary: RunSummary): void {
    const entry = this.entries.find((e) => e.runId === runId);
    if (!entry) return;
    entry.boundary.setNetwork(summary);
    const heading = entry.boundary.section.querySelector("h3");
    if (heading) heading.textContent = t("Decision boundary: {0}", entry.loss);
  }

  update(runId: number, update: MetricsUpdate): void {
    const index = this.entries.findIndex((e) => e.runId === runId);
    const entry = this.entries[index];
    if (!entry) return;
    entry.history.pushAll(update.epochs);
    entry.status = update.status;
    entry.boundary.update(update, entry.history.last);
    const epochs = entry.history.list();
    const [train, validation] = [this.accuracy.data.datasets[2 * index], this.accuracy.data.datasets[2 * index + 1]];
    train.data = epochs.map((m) => ({ x: m.epoch, y: m.accuracy }));
    validation.data = epochs.filter((m) => m.valAccuracy !== null).map((m) => ({ x: m.epoch, y: m.valAccuracy as number }));
    const first = epochs[0]?.loss;
    this.loss.data.datasets[index].data = first ? epochs.map((m) => ({ x: m.epoch, y: m.loss / first })) : [];
    this.accuracy.update();
    this.loss.update();
    this.showTable();
  }

  /** How far the comparison is: the epoch of the run furthest behind among those still going (all, once none is). */
  epoch(): number {
    const going = this.entries.filter((e) => e.status !== "error" && e.status !== "stopped");
    return Math.min(...(going.length > 0 ? going : this.entries).map((e) => e.history.last?.epoch ?? 0));
  }

  /** The status the panel's status line shows: training while any run trains. */
  status(): RunStatus {
    const statuses = this.entries.map((e) => e.status);
    for (const s of ["training", "error", "paused", "stopped"] as const) if (statuses.includes(s)) return s;
    return statuses.length ? statuses[0] : "paused";
  }

  restyle(): void {
    const data = [this.accuracy.data.datasets.map((d) => d.data), this.loss.data.datasets.map((d) => d.data)];
    this.styleDatasets();
    this.accuracy.data.datasets.forEach((d, i) => {
      d.data = data[0][i] ?? [];
    });
    this.loss.data.datasets.forEach((d, i) => {
      d.data = data[1][i] ?? [];
    });
    this.accuracy.update();
    this.loss.update();
    for (const e of this.entries) e.boundary.restyle();
  }

  private styleDatasets(): void {
    const colours = theme().layerColours;
    const colour = (i: number) => colours[i % colours.length];
    this.accuracy.data.datasets = this.entries.flatMap((e, i) => [
      line(t("{0}: training", e.loss), colour(i)),
      line(t("{0}: validation", e.loss), colour(i), { borderDash: VALIDATION_DASH }),
    ]);
    this.loss.data.datasets = this.entries.map((e, i) => line(e.loss, colour(i)));
    this.accuracy.update();
    this.loss.update();
  }

  private showTable(): void {
    const head = row("th", [t("loss function"), t("epochs"), t("final loss (its own scale)"), t("accuracy"), t("validation accuracy"), t("status")]);
    const rows = this.entries.map((e) => {
      const last = e.history.last;
      return row("td", [e.loss, String(last?.epoch ?? 0), num(last?.loss), percent(last?.accuracy), percent(last?.valAccuracy), statusWord(e.status)]);
    });
    this.table.replaceChildren(head, ...rows);
  }
}

function row(tag: "td" | "th", cells: string[]): HTMLTableRowElement {
  const tr = document.createElement("tr");
  cells.forEach((text, i) => {
    const c = document.createElement(i === 0 ? "th" : tag);
    c.textContent = text;
    tr.append(c);
  });
  return tr;
}
