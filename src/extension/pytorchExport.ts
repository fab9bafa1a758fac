/**
 * "Export as PyTorch Script": the spec as train.py and data.json (src/core/export, made in the
 * checker's worker), written into a folder the user picks, both files or neither. The script
 * trains the spec as NNSpec does, so the learner's numbers carry over to PyTorch.
 */
import * as vscode from "vscode";
import { checkWritable, writeFilesAtomically } from "./files";
import { readSpecFiles, specInputs } from "./hostFiles";
import { HOST_KIND } from "./hostPlatform";
import type { SpecChecker } from "./specChecker";
import type { SpecScopes } from "./specScope";
import { listOfNames } from "./wording";

export async function exportPyTorchScript(uri: vscode.Uri, checker: SpecChecker, scopes: SpecScopes): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();
  const scope = scopes.scopeOf(uri);
  const name = uri.path.split("/").pop() ?? "spec.nnspec.json";
  const result = await checker.exportPyTorch(uri.toString(), { specText: text, files: await readSpecFiles(text, scope), source: name });
  if (!result) throw new Error(vscode.l10n.t("the spec has problems (see the Problems panel); fix them, then export it"));
  const errors = result.problems.filter((p) => p.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((p) => p.message).join(" "));

  const folder = (
    await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      defaultUri: uri.scheme === "untitled" ? undefined : vscode.Uri.joinPath(uri, ".."),
      openLabel: vscode.l10n.t("Export Here"),
      title: vscode.l10n.t(
        "Export as PyTorch Script: the folder for {0}",
        listOfNames(
          result.files.map((f) => f.name),
          vscode.l10n.t,
        ),
      ),
    })
  )?.[0];
  if (!folder) return;
  const targets = result.files.map((f) => ({ target: vscode.Uri.joinPath(folder, f.name), content: f.text }));

  // Never replace the spec or a file it reads (its CSV could be called data.json): checked
  // before asking to replace anything, and again by the writer.
  const rules = { spec: uri, inputs: specInputs(text, scope), within: folder, advice: vscode.l10n.t("export into another folder") };
  await checkWritable(targets, rules);
  const existing = (await Promise.all(targets.map((t) => exists(t.target)))).flatMap((e, i) => (e ? [result.files[i].name] : []));
  if (existing.length > 0) {
    const replace = vscode.l10n.t("Replace");
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t("{0} already in {1}. Replace?", existing.join(", "), vscode.workspace.asRelativePath(folder)),
      { modal: true },
      replace,
    );
    if (answer !== replace) return;
  }
  await writeFilesAtomically(targets, rules);

  const script = targets[0].target;
  const warnings = result.problems.filter((p) => p.severity === "warning").map((p) => p.message);
  const open = vscode.l10n.t("Open train.py");
  const answer = await vscode.window.showInformationMessage(
    [
      writtenMessage(
        listOfNames(
          result.files.map((f) => f.name),
          vscode.l10n.t,
        ),
        vscode.workspace.asRelativePath(script),
      ),
      ...warnings,
    ].join(" "),
    open,
  );
  if (answer === open) await vscode.window.showTextDocument(script);
}

/** What to do with the script: run it here, or (in a browser, which has no Python) on a computer that has it. */
function writtenMessage(files: string, script: string): string {
  return HOST_KIND === "web"
    ? vscode.l10n.t(
        "NNSpec: {0} written. A browser cannot run Python: on a computer with Python and PyTorch, run python3 {1}; it prints what `nnspec train --json` prints, epoch by epoch.",
        files,
        script,
      )
    : vscode.l10n.t("NNSpec: {0} written. Run it with python3 {1}: it prints what `nnspec train --json` prints, epoch by epoch.", files, script);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
