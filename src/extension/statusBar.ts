/** The status bar item while a panel's run trains: epoch and loss; a click reveals the panel. */
import * as vscode from "vscode";
import type { TrainingRun } from "./trainingRun";

export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("nnspec.status", vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = "NNSpec training";
    this.item.command = "nnspec.openPreview";
  }

  show(run: TrainingRun | null): void {
    const update = run?.lastUpdate;
    if (!run || !update || run.isDisposed) {
      this.item.hide();
      return;
    }
    const last = update.epochs[update.epochs.length - 1] ?? run.history[run.history.length - 1];
    const icon = { training: "$(sync~spin)", paused: "$(debug-pause)", stopped: "$(debug-stop)", done: "$(check)", error: "$(error)", invalid: "$(warning)" }[
      update.status
    ];
    const loss = last ? ` · loss ${last.loss.toPrecision(3)}` : "";
    this.item.text = `${icon} NNSpec epoch ${update.epoch}/${run.summary?.totalEpochs ?? "?"}${loss}`;
    this.item.tooltip = `${run.summary?.name ?? "Training"}: ${update.status}. Click to show the training panel.`;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
