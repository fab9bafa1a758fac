/**
 * "Export Weights" and "Export Metrics": a run's results written where the user chooses, through
 * vscode.workspace.fs (remote and virtual workspaces too), never as half a file.
 */
import * as vscode from "vscode";
import { t } from "../core/base/l10n";
import { type UriRules, writeFileAtomically } from "./files";
import { specInputs } from "./hostFiles";
import type { SpecScopes } from "./specScope";
import type { Run } from "./trainingRun";

/** The spec shown in the panel, with its run. */
export interface ShownSpec {
  uri: vscode.Uri;
  run: Run | null;
}

/** What an export must never write over: the spec and the files it reads. */
function protectedFiles(shown: ShownSpec, run: Run, scopes: SpecScopes): UriRules {
  return { spec: shown.uri, inputs: specInputs(run.source.text, scopes.scopeOf(shown.uri)) };
}

/** Where the save dialog starts: beside the spec, named after it. */
function besideSpec(run: Run, extension: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const base =
    run.source.specName
      .split("/")
      .pop()
      ?.replace(/\.nnspec\.json$/, "") ?? "network";
  const relative = run.source.specName.includes("/") ? run.source.specName.slice(0, run.source.specName.lastIndexOf("/") + 1) : "";
  return folder ? vscode.Uri.joinPath(folder, `${relative}${base}${extension}`) : undefined;
}

/**
 * Asks where to save a run's file (beside the spec, named after it), then writes it whole,
 * never over the spec or a file it reads; the target, or undefined when the user cancelled.
 */
async function saveRunFile(
  shown: ShownSpec,
  run: Run,
  scopes: SpecScopes,
  file: Uint8Array,
  dialog: { extension: string; filter: string; filterExtension: string; title: string },
): Promise<vscode.Uri | undefined> {
  const target = await vscode.window.showSaveDialog({
    defaultUri: besideSpec(run, dialog.extension),
    filters: { [dialog.filter]: [dialog.filterExtension] },
    title: dialog.title,
  });
  if (target) await writeFileAtomically(target, file, protectedFiles(shown, run, scopes));
  return target;
}

export async function exportWeights(shown: ShownSpec | null, scopes: SpecScopes): Promise<void> {
  const run = shown?.run;
  if (!shown || !run) throw new Error(vscode.l10n.t("no network is training; train one to export its weights"));
  const { file } = await run.requestWeights();
  const target = await saveRunFile(shown, run, scopes, file, {
    extension: ".weights.json",
    filter: vscode.l10n.t("Weights JSON"),
    filterExtension: "json",
    title: vscode.l10n.t("Export Weights"),
  });
  if (!target) return;
  const name = target.path.split("/").pop() ?? "";
  void vscode.window.showInformationMessage(
    vscode.l10n.t('NNSpec: weights written to {0}. Use them with "init": "{1}".', vscode.workspace.asRelativePath(target), name),
  );
}

/** "Export as ONNX": the run's network, with its weights now, as model.onnx (made in the run's worker). */
export async function exportOnnx(shown: ShownSpec | null, scopes: SpecScopes): Promise<void> {
  const run = shown?.run;
  if (!shown || !run) throw new Error(vscode.l10n.t("no network is training; train one to export it as ONNX"));
  const { file } = await run.request("onnx", null);
  const target = await saveRunFile(shown, run, scopes, file, {
    extension: ".onnx",
    filter: vscode.l10n.t("ONNX model"),
    filterExtension: "onnx",
    title: vscode.l10n.t("Export as ONNX"),
  });
  if (!target) return;
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'NNSpec: the network written to {0} as ONNX: input "x" of {1} numbers a sample, output "y".',
      vscode.workspace.asRelativePath(target),
      run.summary?.sizes[0] ?? "?",
    ),
  );
}

export async function exportMetrics(shown: ShownSpec | null, scopes: SpecScopes): Promise<void> {
  const run = shown?.run;
  if (!shown || !run || run.history.length === 0) throw new Error(vscode.l10n.t("no epochs to export yet; train a network first"));
  // The same one-object-a-line format as `nnspec train --json`, made in the worker.
  const { file, count, keepsOneIn } = await run.requestMetrics();
  const target = await saveRunFile(shown, run, scopes, file, {
    extension: ".metrics.jsonl",
    filter: vscode.l10n.t("JSON lines"),
    filterExtension: "jsonl",
    title: vscode.l10n.t("Export Metrics"),
  });
  if (!target) return;
  const where = vscode.workspace.asRelativePath(target);
  void vscode.window.showInformationMessage(
    keepsOneIn === 1
      ? vscode.l10n.t("NNSpec: {0} epochs written to {1}.", count, where)
      : t(
          "NNSpec: {count} epochs written to {where}: one in every {stride} of this long run, to keep memory bounded (`nnspec train --json` prints every epoch).",
          {
            count,
            where,
            stride: keepsOneIn,
          },
        ),
  );
}
