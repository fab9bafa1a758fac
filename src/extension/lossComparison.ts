/**
 * "Compare Loss Functions": the same spec trained once per suitable loss, side by side, all
 * started together from the same text but its loss, so every run starts from the same initial
 * weights and sees the same batches (both follow from training.seed alone). The runs are workers
 * of their own: the host stays free while they train, and the operating system shares the
 * cores among them. Stop stops them all; nothing starts after it.
 */
import type { LossName } from "../core/nn/losses";
import type { RunCommand, RunSettings } from "../protocol/run";
import type { Run, RunFactory, RunListener, RunSource } from "./trainingRun";

export class LossComparison {
  readonly runs: Run[];
  private readonly losses: readonly LossName[];

  constructor(
    losses: readonly LossName[],
    /** One source a loss, each read on its own: a run hands its files' buffers over to its worker. */
    sources: readonly RunSource[],
    withLoss: (text: string, loss: LossName) => string,
    settings: RunSettings,
    createRun: RunFactory,
    listener: RunListener,
  ) {
    this.losses = losses;
    this.runs = [];
    try {
      for (const [i, loss] of losses.entries()) this.runs.push(createRun({ ...sources[i], text: withLoss(sources[i].text, loss) }, settings, true, listener));
    } catch (e) {
      // A worker that cannot start ends the comparison: the runs already started stop with it.
      this.dispose();
      throw e;
    }
  }

  /** Which run trains which loss, for the panel. */
  entries(): { runId: number; loss: LossName }[] {
    return this.runs.map((run, i) => ({ runId: run.runId, loss: this.losses[i] }));
  }

  control(command: Exclude<RunCommand, { type: "start" }>): void {
    for (const run of this.runs) run.control(command);
  }

  dispose(): void {
    for (const run of this.runs) run.dispose();
  }
}
