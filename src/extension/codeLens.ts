/**
 * CodeLens above a spec: Train, and for the spec the panel shows, Pause or Resume, Step, Reset,
 * and the current epoch and loss. Refreshed at most once a second, so it does not flicker.
 */
import * as vscode from "vscode";
import { formatNumber } from "../core/base/format";
import type { Run } from "./trainingRun";

const REFRESH_MS = 1000;

export class SpecCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private lastFired = 0;

  constructor(private readonly current: () => { specUri: vscode.Uri; run: Run | null } | null) {}

  /** Asks VS Code to redraw the lenses, at most once per second. */
  refresh(): void {
    if (this.timer) return;
    const wait = Math.max(0, REFRESH_MS - (Date.now() - this.lastFired));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastFired = Date.now();
      this.changed.fire();
    }, wait);
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const lens = (title: string, command: string, args: unknown[] = []) => new vscode.CodeLens(top, { title, command, arguments: args });
    const lenses = [lens(`$(play) ${vscode.l10n.t("Train")}`, "nnspec.train", [doc.uri])];
    const current = this.current();
    const run = current && current.specUri.toString() === doc.uri.toString() ? current.run : null;
    if (!run || run.isDisposed) return lenses;
    if (run.status === "training") lenses.push(lens(`$(debug-pause) ${vscode.l10n.t("Pause")}`, "nnspec.pause"));
    if (run.status === "paused")
      lenses.push(lens(`$(debug-continue) ${vscode.l10n.t("Resume")}`, "nnspec.resume"), lens(`$(debug-step-over) ${vscode.l10n.t("Step")}`, "nnspec.step"));
    lenses.push(lens(`$(debug-restart) ${vscode.l10n.t("Reset")}`, "nnspec.reset"));
    const last = run.history.last;
    if (run.lastUpdate) {
      const loss = last ? ` · ${vscode.l10n.t("loss {0}", formatNumber(last.loss))}` : "";
      lenses.push(
        lens(
          `${vscode.l10n.t("epoch {0}/{1}", run.lastUpdate.epoch, run.summary?.totalEpochs ?? "?")}${loss} · ${vscode.l10n.t(run.status)}`,
          "nnspec.openPreview",
        ),
      );
    }
    return lenses;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }
}
