/**
 * A spec's earlier runs, kept on the charts faded so a new run can be compared with them. They
 * belong to one spec (SpecTraining owns them): another spec's curves never show. Each label
 * names the spec and what differed from the run now shown (loss, learning rate, seed), since
 * "earlier" alone does not say what the comparison is about.
 */
import { t } from "../core/base/l10n";
import { curveOf } from "../protocol/curve";
import type { PastRun } from "../protocol/panel";
import type { RunCurve, RunSummary } from "../protocol/run";
import type { Run } from "./trainingRun";

const KEEP = 4;

/** A run of this session, labelled by how it differs from the run shown; or one kept in the workspace, with its own label. */
type Kept = { summary: RunSummary; curves: RunCurve } | { label: string; curves: RunCurve };

export class PastRuns {
  private runs: Kept[] = [];

  constructor(private readonly specName: string) {}

  /** Keeps `run`'s curves if it trained at least one epoch. */
  add(run: Run): void {
    const epochs = run.history.list();
    if (!run.summary || epochs.length === 0) return;
    this.runs = [
      ...this.runs,
      {
        summary: run.summary,
        curves: curveOf(epochs),
      },
    ].slice(-KEEP);
  }

  /** A run kept in the workspace, overlaid on request (its label says when it was kept and what it was). */
  addKept(label: string, curves: RunCurve): void {
    this.runs = [...this.runs, { label, curves }].slice(-KEEP);
  }

  /** The kept runs, each labelled by how it differs from `current` (the run now shown). */
  list(current: RunSummary | null): PastRun[] {
    return this.runs.map((kept, i) => ({ label: "label" in kept ? kept.label : this.label(kept.summary, i, current), ...kept.curves }));
  }

  clear(): void {
    this.runs = [];
  }

  private label(summary: RunSummary, index: number, now: RunSummary | null): string {
    const differences: string[] = [];
    if (!now || summary.loss !== now.loss) differences.push(t("loss {loss}", { loss: summary.loss }));
    if (!now || summary.learningRate !== now.learningRate) differences.push(t("learning rate {rate}", { rate: summary.learningRate }));
    if (!now || summary.seed !== now.seed) differences.push(t("seed {seed}", { seed: summary.seed }));
    const what = differences.length ? differences.join(", ") : t("the same settings");
    return t("{spec}, run {number}: {what}", { spec: this.specName, number: index + 1, what });
  }
}
