/**
 * A shown spec's runs kept in the workspace (.nnspec/runs): each run that ends or stops is kept
 * once, the panel's list follows, and a kept run can be overlaid on the charts, faded, as an
 * earlier run. Free of the `vscode` module, as SpecTraining is.
 */
import { t } from "../core/base/l10n";
import type { HostToWebview, KeptRunInfo, PastRun } from "../protocol/panel";
import type { RunSummary } from "../protocol/run";
import type { PastRuns } from "./pastRuns";
import type { Run } from "./trainingRun";

export interface KeptRunsHost {
  /** Keeps a finished or stopped run in the workspace (KeptRuns; nothing when the setting is off). */
  keepRun(run: Run): Promise<void>;
  /** The spec's kept runs, newest first. */
  keptRuns(): Promise<KeptRunInfo[]>;
  loadKeptRun(id: string): Promise<Omit<PastRun, "label">>;
  post(message: HostToWebview): void;
  showError(message: string): void;
  log(line: string): void;
}

export class SpecKeptRuns {
  /** Runs already kept (each is kept once, when it first ends or stops). */
  private readonly kept = new WeakSet<Run>();
  /** The spec's runs kept in the workspace, as last listed. */
  list: KeptRunInfo[] = [];

  constructor(
    private readonly uri: string,
    private readonly host: KeptRunsHost,
    private readonly past: PastRuns,
    /** False once the spec is no longer shown: a list that arrives late is not posted. */
    private readonly shown: () => boolean,
  ) {}

  async refresh(): Promise<void> {
    try {
      this.list = await this.host.keptRuns();
      if (this.shown()) this.host.post({ type: "keptRuns", runs: this.list });
    } catch (e) {
      this.host.log(`listing the kept runs of ${this.uri}: ${(e as Error).message}`);
    }
  }

  /** A run that has just ended or stopped, with at least one epoch, is kept once. */
  keepIfEnded(run: Run, status: string): void {
    if ((status !== "done" && status !== "stopped") || this.kept.has(run) || run.history.length === 0) return;
    this.kept.add(run);
    this.host
      .keepRun(run)
      .then(() => this.refresh())
      .catch((e: Error) => this.host.log(`keeping run ${run.runId}: ${e.message}`));
  }

  /** Overlays kept run `id` on the charts, beside the current run (`summary`). */
  async overlay(id: string, summary: () => RunSummary | null): Promise<void> {
    const info = this.list.find((r) => r.id === id);
    if (!info) return;
    try {
      const curves = await this.host.loadKeptRun(id);
      this.past.addKept(
        t("{spec}, kept {when}: loss {loss}, learning rate {rate}, seed {seed}", {
          spec: info.spec,
          when: info.kept.slice(0, 16).replace("T", " "),
          loss: info.loss,
          rate: info.learningRate,
          seed: info.seed,
        }),
        curves,
      );
      this.host.post({ type: "pastRuns", pastRuns: this.past.list(summary()) });
    } catch (e) {
      this.host.showError(t("the kept run could not be read: {reason}", { reason: (e as Error).message }));
    }
  }
}
