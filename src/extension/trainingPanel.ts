/**
 * The training panel beside the editor: one webview showing one spec's run. It creates runs
 * (one at a time: a new run disposes the old one, whose loss curve stays on the chart, faded),
 * relays their messages to the webview tagged with the run's id, and turns the webview's
 * validated messages into run controls.
 */
import * as vscode from "vscode";
import type { LossName } from "../core/nn/losses";
import type { HostToWebview, PanelCommand, WorkerEntry, WorkerToHost } from "../protocol";
import { parseWebviewMessage } from "../protocolValidation";
import { panelHtml } from "./panelHtml";
import { PastRuns } from "./pastRuns";
import { readSettings } from "./settings";
import { type RunSource, TrainingRun } from "./trainingRun";

export const PANEL_VIEW_TYPE = "nnspec.training";

export interface PanelHost {
  readonly extensionUri: vscode.Uri;
  worker(): WorkerEntry;
  /** The spec's current text and where its files may be read from. */
  sourceFor(uri: vscode.Uri): Promise<RunSource | undefined>;
  /** The panel asked for another loss: write it into the spec (an undoable edit). */
  switchLoss(uri: vscode.Uri, loss: LossName): Promise<void>;
  /** The panel set the learning rate: write it into the spec (an undoable edit); returns the new text. */
  writeLearningRate(uri: vscode.Uri, value: number): Promise<string | undefined>;
  /** Something about the panel's run changed (status bar, CodeLens). */
  runChanged(panel: TrainingPanel): void;
  log(line: string): void;
}

export class TrainingPanel implements vscode.Disposable {
  run: TrainingRun | null = null;
  private readonly pastRuns = new PastRuns();
  private readonly disposables: vscode.Disposable[] = [];
  private webviewReady = false;
  /** Losses still to train in a comparison ("Compare Loss Functions"). */
  private comparisonQueue: LossName[] = [];
  private readonly onDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDisposeEmitter.event;

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    public specUri: vscode.Uri,
    private readonly host: PanelHost,
  ) {
    const bundleRoot = vscode.Uri.joinPath(host.extensionUri, "dist", "webview");
    webviewPanel.webview.options = { enableScripts: true, localResourceRoots: [bundleRoot] };
    // The panel speaks the user's language: it gets VS Code's loaded translations (none for English).
    webviewPanel.webview.html = panelHtml(webviewPanel.webview, bundleRoot, { specUri: specUri.toString(), l10n: vscode.l10n.bundle }, vscode.Uri.joinPath);
    webviewPanel.iconPath = vscode.Uri.joinPath(host.extensionUri, "media", "icon.svg");
    this.disposables.push(
      webviewPanel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      webviewPanel.onDidDispose(() => this.dispose()),
    );
    this.updateTitle();
  }

  /** Starts a new run of the panel's spec; the previous run stops and is kept for comparison. */
  async train(autoStart = true, source?: RunSource): Promise<void> {
    const src = source ?? (await this.host.sourceFor(this.specUri));
    if (!src) return;
    this.retireRun();
    const settings = readSettings();
    this.run = new TrainingRun(this.host.worker(), src, settings, autoStart, {
      message: (run, m) => this.relay(run, m),
      crashed: (run, reason) => {
        if (run !== this.run) return;
        this.host.log(`run ${run.runId}: ${reason}`);
        this.post({ type: "failed", runId: run.runId, message: run.failure ?? reason });
        this.host.runChanged(this);
      },
    });
    this.host.runChanged(this);
  }

  /** Trains the spec once per loss, one after another, each curve kept for comparison. */
  async compare(losses: LossName[], withLoss: (text: string, loss: LossName) => string): Promise<void> {
    const source = await this.host.sourceFor(this.specUri);
    if (!source || losses.length === 0) return;
    this.pastRuns.clear();
    this.comparisonQueue = losses.slice(1);
    this.comparisonSource = { source, withLoss };
    await this.train(true, { ...source, text: withLoss(source.text, losses[0]) });
  }

  private comparisonSource: { source: RunSource; withLoss: (text: string, loss: LossName) => string } | null = null;

  command(command: PanelCommand): void {
    const run = this.run;
    if (command === "train") {
      if (run && !run.isDisposed && (run.status === "paused" || run.status === "training")) run.control("resume");
      else void this.train(true);
      return;
    }
    if (command === "reset") {
      void this.train(false);
      return;
    }
    if (!run || run.isDisposed) return;
    if (command === "step") run.control("step", { unit: "batch" });
    else if (command === "stepEpoch") run.control("step", { unit: "epoch" });
    else run.control(command);
  }

  /**
   * Applies a new learning rate to the running training at once, and writes it into the spec so
   * the file stays the source of truth; the run adopts the edited text, so it does not restart.
   */
  async setLearningRate(value: number): Promise<void> {
    const run = this.run;
    run?.control("setLearningRate", { value });
    const text = await this.host.writeLearningRate(this.specUri, value);
    if (run && text !== undefined && run === this.run) run.source.text = text;
  }

  /** Shows a problem of the spec in the banner; the last valid network stays, dimmed. */
  showInvalid(message: string, location: string): void {
    this.post({ type: "invalid", runId: this.run?.runId ?? 0, message, location });
  }

  /** The spec is valid again: clear the banner (a restart, if any, follows separately). */
  showValid(): void {
    this.post({ type: "valid", runId: this.run?.runId ?? 0 });
  }

  reveal(): void {
    this.webviewPanel.reveal(undefined, true);
  }

  dispose(): void {
    this.retireRun();
    this.onDisposeEmitter.fire();
    this.onDisposeEmitter.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.webviewPanel.dispose();
  }

  private retireRun(): void {
    if (!this.run) return;
    this.pastRuns.add(this.run);
    this.run.dispose();
    this.run = null;
  }

  private relay(run: TrainingRun, m: WorkerToHost): void {
    if (run !== this.run) return;
    switch (m.type) {
      case "started":
        this.updateTitle(m.summary.name);
        this.post({ type: "run", runId: run.runId, summary: m.summary, pastRuns: this.pastRuns.list() });
        break;
      case "metrics":
        this.post({ type: "metrics", runId: run.runId, update: m.update });
        if (m.update.status === "done" || m.update.status === "error") this.nextComparison();
        break;
      case "invalid":
        if (run.invalid) this.post({ type: "invalid", runId: run.runId, ...run.invalid });
        break;
      case "failed":
        this.post({ type: "failed", runId: run.runId, message: m.message });
        break;
    }
    this.host.runChanged(this);
  }

  private nextComparison(): void {
    const next = this.comparisonQueue.shift();
    const comparison = this.comparisonSource;
    if (!next || !comparison) {
      this.comparisonSource = null;
      return;
    }
    void this.train(true, { ...comparison.source, text: comparison.withLoss(comparison.source.text, next) });
  }

  private receive(raw: unknown): void {
    const m = parseWebviewMessage(raw);
    if (!m) {
      this.host.log(`ignored a malformed message from the panel: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (m.type) {
      case "ready":
        this.webviewReady = true;
        this.post({ type: "settings", updateIntervalMs: readSettings().updateIntervalMs });
        this.replay();
        break;
      case "command":
        this.command(m.command);
        break;
      case "setLoss":
        void this.host.switchLoss(this.specUri, m.loss);
        break;
      case "setLearningRate":
        void this.setLearningRate(m.value);
        break;
    }
  }

  /** After the webview (re)loads: send everything it missed, in the order it happened. */
  private replay(): void {
    const run = this.run;
    if (!run) return;
    if (run.summary) this.post({ type: "run", runId: run.runId, summary: run.summary, pastRuns: this.pastRuns.list() });
    if (run.lastUpdate) this.post({ type: "metrics", runId: run.runId, update: { ...run.lastUpdate, epochs: run.history } });
    if (run.invalid) this.post({ type: "invalid", runId: run.runId, ...run.invalid });
    if (run.failure) this.post({ type: "failed", runId: run.runId, message: run.failure });
  }

  private post(message: HostToWebview): void {
    if (this.webviewReady) void this.webviewPanel.webview.postMessage(message);
  }

  private updateTitle(name?: string): void {
    const file = this.specUri.path.split("/").pop() ?? "spec";
    this.webviewPanel.title = vscode.l10n.t("Training: {0}", name ?? file);
  }
}
