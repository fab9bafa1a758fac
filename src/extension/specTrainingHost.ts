/**
 * How a shown spec (SpecTraining, free of `vscode`) reaches VS Code: its document's text and
 * files, its runs' workers, edits to the spec, kept runs, findings on the editor and errors.
 */
import * as vscode from "vscode";
import type { LossName } from "../core/nn/losses";
import type { HostToWebview } from "../protocol/panel";
import type { Pace } from "../protocol/run";
import type { WireDiagnostic, WorkerEntry } from "../protocol/worker";
import { readSpecFiles } from "./hostFiles";
import type { KeptRuns } from "./keptRuns";
import { lossEdits } from "./lossChoice";
import { readSettings } from "./settings";
import { setValueEdits } from "./specEdits";
import type { SpecTrainingHost } from "./specHost";
import type { SpecScopes } from "./specScope";
import { SpecTraining } from "./specTraining";
import { type RunSource, TrainingRun } from "./trainingRun";
import { applySpecEdits } from "./workspaceEdits";

export interface SpecTrainingDeps {
  scopes: SpecScopes;
  worker(): WorkerEntry;
  keptRuns: KeptRuns;
  /** The pace chosen in the panel's speed menu, if it was (else the setting's). */
  chosenPace(): Pace | null;
  /** To the panel, while it shows `spec`. */
  post(spec: SpecTraining, message: HostToWebview): void;
  runChanged(): void;
  showFindings(uri: vscode.Uri, diagnostics: readonly WireDiagnostic[]): void;
  log(line: string): void;
}

export function newSpecTraining(uri: vscode.Uri, deps: SpecTrainingDeps): SpecTraining {
  const { scopes, keptRuns } = deps;
  const document = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const settings = () => readSettings(vscode.workspace.getConfiguration("nnspec"));
  const host: SpecTrainingHost = {
    specName: scopes.nameOf(uri),
    readSource: async (): Promise<RunSource | undefined> => {
      const doc = document() ?? (await vscode.workspace.openTextDocument(uri));
      const text = doc.getText();
      return { text, version: doc.version, specName: scopes.nameOf(uri), files: await readSpecFiles(text, scopes.scopeOf(uri)) };
    },
    currentVersion: () => document()?.version,
    settings,
    pace: () => deps.chosenPace() ?? settings().pace,
    createRun: (source, runSettings, autoStart, listener) =>
      new TrainingRun(deps.worker(), source, { ...runSettings, pace: deps.chosenPace() ?? runSettings.pace }, autoStart, listener),
    post: (m) => deps.post(spec, m),
    runChanged: () => deps.runChanged(),
    writeLoss: async (loss: LossName) => {
      const doc = await vscode.workspace.openTextDocument(uri);
      if (!(await applySpecEdits(doc, lossEdits(doc.getText(), loss)))) throw new Error(vscode.l10n.t("the spec could not be edited"));
    },
    writeLearningRate: async (value) => {
      const doc = await vscode.workspace.openTextDocument(uri);
      return applySpecEdits(doc, setValueEdits(doc.getText(), ["optimizer", "learningRate"], value));
    },
    keepRun: async (run) => {
      if (settings().keepRuns) await keptRuns.keep(uri, scopes.nameOf(uri), run);
    },
    keptRuns: () => keptRuns.list(uri),
    loadKeptRun: (id) => keptRuns.load(uri, id),
    showFindings: (diagnostics) => deps.showFindings(uri, diagnostics),
    showError: (message) => {
      deps.log(message);
      void vscode.window.showErrorMessage(vscode.l10n.t("NNSpec: {0}", message));
    },
    log: deps.log,
  };
  const spec = new SpecTraining(uri.toString(), host);
  return spec;
}
