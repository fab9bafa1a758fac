/** "Export Weights" and "Export Metrics": a run's results written where the user chooses, atomically. */
import { basename } from "node:path";
import * as vscode from "vscode";
import { writeFileAtomically } from "./files";
import type { TrainingRun } from "./trainingRun";

export async function exportWeights(run: TrainingRun | null | undefined): Promise<void> {
  if (!run) throw new Error(vscode.l10n.t("no network is training; train one to export its weights"));
  const weights = await run.requestWeights();
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(run.source.path.replace(/\.nnspec\.json$/, ".weights.json")),
    filters: { [vscode.l10n.t("Weights JSON")]: ["json"] },
    title: vscode.l10n.t("Export Weights"),
  });
  if (!target) return;
  await writeFileAtomically(target.fsPath, `${JSON.stringify(weights, null, 1)}\n`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('NNSpec: weights written to {0}. Use them with "init": "{1}".', vscode.workspace.asRelativePath(target), basename(target.fsPath)),
  );
}

export async function exportMetrics(run: TrainingRun | null | undefined): Promise<void> {
  if (!run || run.history.length === 0) throw new Error(vscode.l10n.t("no epochs to export yet; train a network first"));
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(run.source.path.replace(/\.nnspec\.json$/, ".metrics.jsonl")),
    filters: { [vscode.l10n.t("JSON lines")]: ["jsonl"] },
    title: vscode.l10n.t("Export Metrics"),
  });
  if (!target) return;
  // The same one-object-a-line format as `nnspec train --json`.
  await writeFileAtomically(target.fsPath, `${run.history.map((m) => JSON.stringify(m)).join("\n")}\n`);
  void vscode.window.showInformationMessage(vscode.l10n.t("NNSpec: {0} epochs written to {1}.", run.history.length, vscode.workspace.asRelativePath(target)));
}
