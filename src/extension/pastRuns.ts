/** Finished runs kept on the loss chart, faded, so a new run can be compared with them. */
import type { PastRun } from "../protocol";
import type { TrainingRun } from "./trainingRun";

const KEEP = 4;

export class PastRuns {
  private runs: PastRun[] = [];

  /** Keeps `run`'s curve if it trained at least one epoch. */
  add(run: TrainingRun): void {
    if (!run.summary || run.history.length === 0) return;
    const label = `${run.summary.loss}, lr ${run.summary.learningRate} (run ${run.runId})`;
    this.runs = [...this.runs, { label, loss: run.history.map((m) => m.loss), valLoss: run.history.map((m) => m.valLoss) }].slice(-KEEP);
  }

  list(): PastRun[] {
    return this.runs;
  }

  clear(): void {
    this.runs = [];
  }
}
