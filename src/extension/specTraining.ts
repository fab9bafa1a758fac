/**
 * Everything the panel shows about one spec, in one object with an immutable URI, as VS Code's
 * Markdown preview keeps one DynamicMarkdownPreview per shown document: its run (or its loss
 * comparison), its earlier runs, whether its text is valid, and when an edit restarts training.
 * Following another spec disposes this object and makes a new one, so nothing of one spec can
 * leak into another's charts. The panel (re)loading gets everything it shows from replay().
 * Restarts compare document versions, as the Markdown preview's PreviewDocumentVersion does: a
 * run remembers the version of the text it trains, and an edit the run applied live (a learning
 * rate set from the panel) is adopted as the run's version instead of restarting it.
 * Free of the `vscode` module: the host passes what it needs (SpecTrainingHost, specHost.ts), so
 * the whole life of a shown spec is unit-tested with a fake run and a fake panel. Its kept runs,
 * the panel's requests and the wait for the panel are specKeptRuns, panelRequests and panelWait.
 */
import { t } from "../core/base/l10n";
import type { LossName } from "../core/nn/losses";
import type { HostToWebview, PanelCommand, PanelRequest, WebviewToHost } from "../protocol/panel";
import type { Pace, RunEvent } from "../protocol/run";
import type { WireDiagnostic } from "../protocol/worker";
import { KeyedDebounce } from "./debounce";
import { LossComparison } from "./lossComparison";
import { answerPanelRequest } from "./panelRequests";
import { PanelWait } from "./panelWait";
import { PastRuns } from "./pastRuns";
import type { SpecTrainingHost } from "./specHost";
import { SpecKeptRuns } from "./specKeptRuns";
import { StartFailure } from "./startFailure";
import { firstProblem, type Run, type RunListener, type RunSource } from "./trainingRun";

export class SpecTraining {
  private run: Run | null = null;
  private comparison: LossComparison | null = null;
  private readonly past: PastRuns;
  /** The spec's first problem, while its text is invalid (from the checker or from a run). */
  private invalid: { message: string; location: string } | null = null;
  private readonly restart = new KeyedDebounce<"restart">();
  private disposed = false;
  private readonly keptRuns: SpecKeptRuns;
  /** A run asked to train while the panel loads waits for it. */
  private readonly wait = new PanelWait();
  private readonly startFailure: StartFailure;

  constructor(
    readonly uri: string,
    private readonly host: SpecTrainingHost,
  ) {
    this.past = new PastRuns(host.specName);
    this.keptRuns = new SpecKeptRuns(uri, host, this.past, () => !this.disposed);
    this.startFailure = new StartFailure(host, () => !this.disposed);
    void this.keptRuns.refresh();
  }

  /** The events and the crash of the single run and of a comparison's runs alike. */
  private readonly listener: RunListener = {
    event: (r, e) => this.onRunEvent(r, e),
    crashed: (r, reason) => {
      if (r !== this.run && !this.comparison?.runs.includes(r)) return;
      this.host.log(`run ${r.runId}: ${reason}`);
      this.host.post({ type: "failed", runId: r.runId, message: r.failure ?? reason });
      this.host.runChanged();
    },
  };

  /** The run shown: the single run, or the comparison's first. */
  get currentRun(): Run | null {
    return this.run ?? this.comparison?.runs[0] ?? null;
  }

  /** A new run of the spec's current text (the previous is kept for comparison); never rejects (startFailure.ts). */
  train(autoStart: boolean): Promise<void> {
    return this.startFailure.attempt(() => this.startRun(autoStart));
  }

  private async startRun(autoStart: boolean): Promise<boolean> {
    this.restart.cancel("restart");
    const source = await this.host.readSource();
    if (!source || this.disposed) return false;
    this.endComparison();
    this.retireRun();
    const hold = autoStart && this.wait.holds;
    const run = this.host.createRun(source, this.host.settings(), autoStart && !hold, this.listener);
    this.run = run;
    this.wait.release();
    if (hold) {
      this.wait.hold(run);
      this.host.log(`run ${run.runId} waits for the panel to be ready before it trains`);
    }
    this.host.runChanged();
    return true;
  }

  /** The panel's page said it was ready (true), or is loading again (false): a run held for it starts. */
  setPanelReady(ready: boolean): void {
    this.wait.setReady(ready, (run) => this.isCurrent(run));
  }

  /** The panel could not be loaded: a run held for it trains anyway (the status bar shows it). */
  panelUnavailable(): void {
    this.wait.unavailable((run) => this.isCurrent(run));
  }

  private isCurrent(run: Run): boolean {
    return run === this.run && !run.isDisposed && !this.disposed;
  }

  /** Trains the spec once per loss, all from the same initial weights and batches, side by side. */
  compare(losses: readonly LossName[], withLoss: (text: string, loss: LossName) => string): Promise<void> {
    return this.startFailure.attempt(() => this.startComparison(losses, withLoss));
  }

  private async startComparison(losses: readonly LossName[], withLoss: (text: string, loss: LossName) => string): Promise<boolean> {
    this.restart.cancel("restart");
    // Each run reads the files anew (off the main thread) rather than the host copying the bytes.
    const sources = await Promise.all(losses.map(() => this.host.readSource()));
    if (sources.some((s) => !s) || this.disposed || losses.length === 0) return false;
    this.endComparison();
    this.retireRun();
    this.comparison = new LossComparison(losses, sources as RunSource[], withLoss, this.host.settings(), this.host.createRun, this.listener);
    this.host.post({ type: "comparison", runs: this.comparison.entries() });
    this.host.runChanged();
    return true;
  }

  /** A panel button, a command or a CodeLens. */
  command(command: PanelCommand): void {
    // The user said what the run should do: a run held for the panel does that instead.
    this.wait.release();
    const run = this.run;
    if (command === "train" && run && !run.isDisposed && (run.status === "paused" || run.status === "training")) run.control({ type: "resume" });
    else if (command === "train" || command === "reset") void this.train(command === "train");
    else if (command === "step" || command === "stepEpoch") this.controlShown({ type: "step", unit: command === "step" ? "batch" : "epoch" });
    // Stop ends a comparison as a whole: none of its runs goes on, and none starts later.
    else this.controlShown({ type: command });
  }

  /** To the comparison's runs, or the single run. */
  private controlShown(command: Parameters<LossComparison["control"]>[0]): void {
    if (this.comparison) this.comparison.control(command);
    else this.run?.control(command);
  }

  /** From the panel's loss menu: written into the spec (undoable), then training restarts with it. */
  async setLoss(loss: LossName): Promise<void> {
    try {
      await this.host.writeLoss(loss);
      await this.train(true);
    } catch (e) {
      this.host.showError(t("switching the loss failed: {reason}", { reason: (e as Error).message }));
    }
  }

  /**
   * Applies a new learning rate to the running training at once and writes it into the spec, so
   * the file stays the source of truth; the run adopts the edited version, so it does not restart.
   */
  async setLearningRate(value: number): Promise<void> {
    const run = this.run;
    run?.control({ type: "setLearningRate", value });
    try {
      const edited = await this.host.writeLearningRate(value);
      if (edited && run && run === this.run && !run.isDisposed) run.adopt(edited.text, edited.version);
    } catch (e) {
      this.host.showError(t("writing the learning rate into the spec failed: {reason}", { reason: (e as Error).message }));
    }
  }

  /** The sample card (or a loss along a weight, or a hand edit): asked of the shown run, answered in the panel. */
  request(message: Extract<WebviewToHost, { type: PanelRequest }>): Promise<void> {
    return answerPanelRequest(this.comparison ? null : this.run, message, {
      post: (m) => this.host.post(m),
      stillShown: (run) => run === this.run,
    });
  }

  /** Opens the panel's sample card on `sample` ("Show a Sample, Forward and Back"). */
  openCard(sample: number): void {
    this.host.post({ type: "openCard", sample });
  }

  setPace(pace: Pace): void {
    this.controlShown({ type: "setPace", pace });
  }

  /**
   * The checker's verdict on a version of the spec's text. Invalid: the banner says why, the run
   * goes on. Valid: the banner clears, and an edited text restarts training after a pause in
   * typing (or at the next save, as the setting says).
   */
  checked(version: number, diagnostics: readonly WireDiagnostic[]): void {
    if (this.disposed || version !== this.host.currentVersion()) return; // a newer text is being checked
    if (diagnostics.some((d) => d.severity === "error")) {
      this.invalid = firstProblem(diagnostics);
      this.host.post({ type: "invalid", ...this.invalid });
      return;
    }
    if (this.invalid) {
      this.invalid = null;
      this.host.post({ type: "valid" });
    }
    const settings = this.host.settings();
    if (settings.restartOn === "type" && this.runVersion() !== version) {
      this.restart.schedule("restart", settings.restartDelayMs, () => this.restartIfStale());
    }
  }

  /** The document was saved: with `"restartOn": "save"`, a changed valid text restarts now. */
  saved(version: number): void {
    if (this.disposed || this.host.settings().restartOn !== "save" || this.invalid || this.runVersion() === version) return;
    void this.restartIfStale();
  }

  /** Everything the panel shows of this spec, in the order it happened, for a panel that (re)loaded. */
  replay(): HostToWebview[] {
    const out: HostToWebview[] = [{ type: "spec", specUri: this.uri, title: this.host.specName }];
    const runs = this.comparison ? this.comparison.runs : this.run ? [this.run] : [];
    if (this.comparison) out.push({ type: "comparison", runs: this.comparison.entries() });
    for (const run of runs) {
      if (run.summary) out.push({ type: "run", runId: run.runId, summary: run.summary, pastRuns: this.comparison ? [] : this.past.list(run.summary) });
      if (run.lastUpdate) out.push({ type: "metrics", runId: run.runId, update: { ...run.lastUpdate, epochs: run.history.list() } });
      if (run.failure) out.push({ type: "failed", runId: run.runId, message: run.failure });
    }
    if (this.invalid) out.push({ type: "invalid", ...this.invalid });
    out.push(...this.startFailure.replay());
    out.push({ type: "keptRuns", runs: this.keptRuns.list });
    return out;
  }

  /** Overlays a run kept in the workspace on the charts, faded, as an earlier run. */
  overlayKeptRun(id: string): Promise<void> {
    return this.keptRuns.overlay(id, () => this.run?.summary ?? null);
  }

  dispose(): void {
    this.disposed = true;
    this.restart.dispose();
    this.endComparison();
    if (this.run) this.host.showFindings([]);
    this.run?.dispose();
    this.run = null;
  }

  private runVersion(): number | undefined {
    return this.run && !this.run.isDisposed ? this.run.source.version : undefined;
  }

  /** Restarts unless the run already trains the current version (e.g. it adopted a live edit). */
  private async restartIfStale(): Promise<void> {
    const current = this.host.currentVersion();
    if (current === undefined || this.runVersion() === current || this.invalid) return;
    const status = this.run?.status;
    // A run the user paused or stopped restarts paused; one that was training (or had ended) trains again.
    const wasTraining = !this.run || status === "training" || status === "done" || status === "invalid" || status === "error";
    await this.train(wasTraining && this.host.settings().trainOnOpen);
  }

  private onRunEvent(run: Run, e: RunEvent): void {
    const shown = run === this.run || this.comparison?.runs.includes(run);
    if (!shown || this.disposed) return;
    switch (e.type) {
      case "started":
        this.host.post({ type: "run", runId: run.runId, summary: e.summary, pastRuns: this.comparison ? [] : this.past.list(e.summary) });
        break;
      case "metrics":
        this.host.post({ type: "metrics", runId: run.runId, update: e.update });
        // The findings are about the text the run trains: they are shown on it while it is the editor's.
        if (run === this.run && e.update.findingDiagnostics && run.source.version === this.host.currentVersion())
          this.host.showFindings(e.update.findingDiagnostics);
        if (!this.comparison) this.keptRuns.keepIfEnded(run, e.update.status);
        break;
      case "invalid":
        if (run.invalid) {
          this.invalid = run.invalid;
          this.host.post({ type: "invalid", ...run.invalid });
        }
        break;
      case "failed":
        this.host.post({ type: "failed", runId: run.runId, message: e.message });
        break;
    }
    this.host.runChanged();
  }

  private retireRun(): void {
    if (!this.run) return;
    this.host.showFindings([]);
    this.past.add(this.run);
    this.run.dispose();
    this.run = null;
  }

  private endComparison(): void {
    this.comparison?.dispose();
    this.comparison = null;
  }
}
