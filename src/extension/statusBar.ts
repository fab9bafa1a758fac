/** The status bar item while a panel's run trains: epoch and loss; a click reveals the panel. */
import * as vscode from "vscode";
import { formatNumber } from "../core/base/format";
import type { Run } from "./trainingRun";

export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("nnspec.status", vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = vscode.l10n.t("NNSpec training");
    this.item.command = "nnspec.openPreview";
  }

  show(run: Run | null): void {
    const update = run?.lastUpdate;
    if (!run || !update || run.isDisposed) {
      this.item.hide();
      return;
    }
    const last = run.history.last;
    const icon = { training: "$(sync~spin)", paused: "$(debug-pause)", stopped: "$(debug-stop)", done: "$(check)", error: "$(error)", invalid: "$(warning)" }[
      update.status
    ];
    const loss = last ? ` · ${vscode.l10n.t("loss {0}", formatNumber(last.loss))}` : "";
    this.item.text = `${icon} ${vscode.l10n.t("NNSpec epoch {0}/{1}", update.epoch, run.summary?.totalEpochs ?? "?")}${loss}`;
    this.item.tooltip = vscode.l10n.t(
      "{0}: {1}. Click to show the training panel.",
      run.summary?.name ?? vscode.l10n.t("Training"),
      vscode.l10n.t(update.status),
    );
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
