/**
 * The extension's glue: which spec the panel shows, when specs are checked and training starts
 * and restarts, and the commands. Thin on purpose: training and checking run in workers
 * (trainingRun.ts, specChecker.ts), the Problems panel's entries are diagnostics.ts's, the
 * exports exports.ts's, and the panel's drawing is in the webview.
 */
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import * as vscode from "vscode";
import type { LossName } from "../core/nn/losses";
import type { PanelCommand, WorkerEntry } from "../protocol";
import { SpecCodeLens } from "./codeLens";
import { KeyedDebounce, shouldRestartAfterEdit } from "./debounce";
import { SpecProblems } from "./diagnostics";
import { exportMetrics, exportWeights } from "./exports";
import { HostLoopDelay } from "./loopDelay";
import { lossEdits, lossQuickPickItems, suitableLosses, withLoss, writtenLoss } from "./lossChoice";
import { SpecQuickFixes } from "./quickFixes";
import { readSettings } from "./settings";
import { SpecChecker } from "./specChecker";
import { setValueEdits } from "./specEdits";
import { TrainingStatusBar } from "./statusBar";
import { PANEL_VIEW_TYPE, type PanelHost, TrainingPanel } from "./trainingPanel";
import { placeInSpec, type RunSource } from "./trainingRun";

const CHECK_DELAY_MS = 250;
const SPEC_SELECTOR: vscode.DocumentSelector = [
  { language: "jsonc", pattern: "**/*.nnspec.json" },
  { language: "json", pattern: "**/*.nnspec.json" },
];
const MAX_WORKSPACE_SPECS = 500;

export function isSpec(uri: vscode.Uri): boolean {
  return uri.path.endsWith(".nnspec.json");
}

export class Controller implements vscode.Disposable, PanelHost {
  readonly extensionUri: vscode.Uri;
  private panel: TrainingPanel | null = null;
  private readonly checker: SpecChecker;
  private readonly problems = new SpecProblems();
  private readonly statusBar = new TrainingStatusBar();
  private readonly output = vscode.window.createOutputChannel("NNSpec");
  private readonly disposables: vscode.Disposable[] = [];
  /** Checks wait for a pause in typing (keyed by document); so does the restart ("restart"). */
  private readonly debounce = new KeyedDebounce<string>();
  /** Specs already opened this session: the panel opens by itself only for a newly opened one. */
  private readonly seen = new Set<string>();
  private readonly loopDelay = new HostLoopDelay((line) => this.log(line));
  /** Untitled specs made from an example: their relative paths (weights, CSV) resolve in the examples folder. */
  private readonly templateFolders = new Map<string, string>();
  private readonly codeLens = new SpecCodeLens(() => (this.panel ? { specUri: this.panel.specUri, run: this.panel.run } : null));

  constructor(private readonly context: vscode.ExtensionContext) {
    this.extensionUri = context.extensionUri;
    this.checker = new SpecChecker(this.worker());
    this.disposables.push(this.problems, this.statusBar, this.output, { dispose: () => this.checker.dispose() });
  }

  /** The worker script, with the translations of the display language for its messages. */
  worker(): WorkerEntry {
    return { path: join(this.context.extensionPath, "dist", "worker.js"), translations: vscode.l10n.bundle };
  }

  log(line: string): void {
    this.output.appendLine(`[${new Date().toISOString()}] ${line}`);
  }

  activate(): void {
    const commands: Record<string, (...args: unknown[]) => unknown> = {
      "nnspec.train": (uri) => this.trainCommand(uri as vscode.Uri | undefined),
      "nnspec.pause": () => this.panelCommand("pause"),
      "nnspec.resume": () => this.panelCommand("resume"),
      "nnspec.step": () => this.panelCommand("step"),
      "nnspec.stepEpoch": () => this.panelCommand("stepEpoch"),
      "nnspec.stop": () => this.panelCommand("stop"),
      "nnspec.reset": () => this.panelCommand("reset"),
      "nnspec.switchLoss": (uri) => this.switchLossCommand(uri as vscode.Uri | undefined),
      "nnspec.compareLosses": (uri) => this.compareLossesCommand(uri as vscode.Uri | undefined),
      "nnspec.openPreview": (uri) => this.openPreviewCommand(uri as vscode.Uri | undefined),
      "nnspec.newSpec": (template) => this.newSpecCommand(typeof template === "string" ? template : undefined),
      "nnspec.exportWeights": () => exportWeights(this.panel?.run),
      "nnspec.exportMetrics": () => exportMetrics(this.panel?.run),
    };
    for (const [id, handler] of Object.entries(commands)) {
      this.disposables.push(
        vscode.commands.registerCommand(id, async (...args: unknown[]) => {
          try {
            await handler(...args);
          } catch (e) {
            // A failing command must never take the extension host down; say what happened.
            this.log(`${id} failed: ${(e as Error).stack ?? e}`);
            void vscode.window.showErrorMessage(vscode.l10n.t("NNSpec: {0}", (e as Error).message));
          }
        }),
      );
    }

    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (webviewPanel, state: { specUri?: string } | undefined) => this.restorePanel(webviewPanel, state),
      }),
      vscode.workspace.onDidOpenTextDocument((doc) => isSpec(doc.uri) && this.scheduleCheck(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => isSpec(e.document.uri) && e.contentChanges.length > 0 && this.onSpecEdited(e.document)),
      vscode.workspace.onDidSaveTextDocument((doc) => isSpec(doc.uri) && this.onSpecSaved(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => isSpec(doc.uri) && this.onSpecClosed(doc)),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && isSpec(editor.document.uri) && this.onSpecActivated(editor.document)),
      vscode.window.tabGroups.onDidChangeTabs((e) => e.closed.length > 0 && this.onTabsClosed()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration("nnspec") && this.log("settings changed; they apply to the next run")),
      vscode.languages.registerCodeActionsProvider(SPEC_SELECTOR, new SpecQuickFixes((uri, d) => this.problems.fixFor(uri, d)), {
        providedCodeActionKinds: SpecQuickFixes.kinds,
      }),
      vscode.languages.registerCodeLensProvider(SPEC_SELECTOR, this.codeLens),
      this.codeLens,
      ...this.watchWorkspaceSpecs(),
    );

    for (const doc of vscode.workspace.textDocuments) if (isSpec(doc.uri)) this.scheduleCheck(doc, 0);
    const active = vscode.window.activeTextEditor?.document;
    if (active && isSpec(active.uri)) void this.onSpecActivated(active);
    void this.checkWorkspaceSpecs();
  }

  dispose(): void {
    this.panel?.dispose();
    this.debounce.dispose();
    this.loopDelay.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  // ── specs and their sources ──────────────────────────────────────────────────────────────

  async sourceFor(uri: vscode.Uri): Promise<RunSource | undefined> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
    const template = this.templateFolders.get(uri.toString());
    if (template) return { text: doc.getText(), path: join(template, basename(uri.path)), allowedRoot: template };
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
    const path = uri.scheme === "file" ? uri.fsPath : join(folder ?? tmpdir(), basename(uri.path));
    return { text: doc.getText(), path, allowedRoot: folder ?? dirname(path) };
  }

  /** The spec a command acts on: given, the active editor's, the panel's, or one the user picks. */
  private async targetSpec(uri?: vscode.Uri): Promise<vscode.Uri | undefined> {
    if (uri instanceof vscode.Uri && isSpec(uri)) return uri;
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active && isSpec(active)) return active;
    if (this.panel) return this.panel.specUri;
    const found = await vscode.workspace.findFiles("**/*.nnspec.json", "**/node_modules/**", MAX_WORKSPACE_SPECS);
    if (found.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t("NNSpec: no .nnspec.json file is open or in the workspace. Create one with “NNSpec: New Network Spec”."),
      );
      return undefined;
    }
    if (found.length === 1) return found[0];
    const pick = await vscode.window.showQuickPick(
      found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
      { placeHolder: vscode.l10n.t("Which network should train?") },
    );
    return pick?.uri;
  }

  // ── the panel ────────────────────────────────────────────────────────────────────────────

  private ensurePanel(uri: vscode.Uri): TrainingPanel {
    if (this.panel) {
      if (this.panel.specUri.toString() !== uri.toString()) {
        this.panel.specUri = uri;
      }
      this.panel.reveal();
      return this.panel;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      vscode.l10n.t("Training"),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, retainContextWhenHidden: true },
    );
    return this.adoptPanel(webviewPanel, uri);
  }

  private adoptPanel(webviewPanel: vscode.WebviewPanel, uri: vscode.Uri): TrainingPanel {
    const panel = new TrainingPanel(webviewPanel, uri, this);
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = null;
      this.runChanged(null);
    });
    this.panel = panel;
    return panel;
  }

  private async restorePanel(webviewPanel: vscode.WebviewPanel, state: { specUri?: string } | undefined): Promise<void> {
    if (!state?.specUri) {
      webviewPanel.dispose();
      return;
    }
    const uri = vscode.Uri.parse(state.specUri);
    this.panel?.dispose();
    const panel = this.adoptPanel(webviewPanel, uri);
    this.seen.add(uri.toString());
    await panel.train(readSettings().trainOnOpen);
  }

  runChanged(panel: TrainingPanel | null): void {
    const run = panel?.run ?? null;
    this.statusBar.show(run);
    this.codeLens.refresh();
    this.loopDelay.update(run?.status === "training", run?.runId);
  }

  // ── reacting to the editor ───────────────────────────────────────────────────────────────

  private async onSpecActivated(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    const firstTime = !this.seen.has(key);
    this.seen.add(key);
    const settings = readSettings();
    if (this.panel) {
      // The panel follows the active spec, as the Markdown preview does.
      if (this.panel.specUri.toString() === key) return;
      this.panel.specUri = doc.uri;
      await this.panel.train(settings.trainOnOpen);
      return;
    }
    if (firstTime && settings.openPanelOnOpen) await this.ensurePanel(doc.uri).train(settings.trainOnOpen);
  }

  private onSpecEdited(doc: vscode.TextDocument): void {
    this.scheduleCheck(doc, CHECK_DELAY_MS);
  }

  private onSpecSaved(doc: vscode.TextDocument): void {
    if (readSettings().restartOn === "save" && this.panel?.specUri.toString() === doc.uri.toString()) this.scheduleRestart(doc, 0);
  }

  /** Closing the panel's spec (its last editor tab) stops the run; the panel stays to be read. */
  private onTabsClosed(): void {
    const panel = this.panel;
    if (!panel?.run || panel.run.isDisposed) return;
    const spec = panel.specUri.toString();
    const stillOpen = vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === spec));
    if (!stillOpen && (panel.run.status === "training" || panel.run.status === "paused")) panel.command("stop");
  }

  private onSpecClosed(doc: vscode.TextDocument): void {
    // Closing the spec stops its run; its problems stay only while the file exists on disk.
    if (this.panel?.specUri.toString() === doc.uri.toString() && doc.uri.scheme === "untitled") this.panel.dispose();
    if (doc.uri.scheme === "untitled") {
      this.problems.delete(doc.uri);
      this.templateFolders.delete(doc.uri.toString());
    }
  }

  private scheduleCheck(doc: vscode.TextDocument, delay: number): void {
    this.debounce.schedule(doc.uri.toString(), delay, () => void this.check(doc));
  }

  /** Checks a spec in the worker, shows its problems, and keeps the panel in step. */
  private async check(doc: vscode.TextDocument): Promise<void> {
    const source = await this.sourceFor(doc.uri);
    if (!source) return;
    let wire: Awaited<ReturnType<SpecChecker["check"]>>;
    try {
      wire = await this.checker.check(source);
    } catch (e) {
      this.log(`checking ${doc.uri.fsPath}: ${(e as Error).message}`);
      return;
    }
    if (doc.isClosed && doc.uri.scheme === "untitled") return;
    if (doc.getText() !== source.text) return; // edited again meanwhile; a newer check follows
    this.problems.publish(doc.uri, wire);
    const panel = this.panel;
    if (!panel || panel.specUri.toString() !== doc.uri.toString()) return;
    const firstError = wire.find((d) => d.severity === "error");
    if (firstError) {
      // Keep training and the last valid picture; say what is wrong.
      panel.showInvalid(firstError.message, placeInSpec(firstError));
      return;
    }
    panel.showValid();
    const settings = readSettings();
    if (shouldRestartAfterEdit(settings.restartOn, panel.run?.source.text, source.text)) this.scheduleRestart(doc, settings.restartDelayMs);
  }

  private scheduleRestart(doc: vscode.TextDocument, delay: number): void {
    this.debounce.schedule("restart", delay, () => {
      const panel = this.panel;
      if (!panel || panel.specUri.toString() !== doc.uri.toString()) return;
      const wasTraining = !panel.run || panel.run.status === "training" || panel.run.status === "done" || panel.run.status === "invalid";
      void panel.train(wasTraining && readSettings().trainOnOpen);
    });
  }

  /** Specs in the workspace that are not open get their problems too. */
  private async checkWorkspaceSpecs(): Promise<void> {
    const found = await vscode.workspace.findFiles("**/*.nnspec.json", "**/node_modules/**", MAX_WORKSPACE_SPECS);
    for (const uri of found) {
      if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) continue;
      const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString("utf8");
      const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? dirname(uri.fsPath);
      try {
        this.problems.publish(uri, await this.checker.check({ text, path: uri.fsPath, allowedRoot: folder }));
      } catch (e) {
        this.log(`checking ${uri.fsPath}: ${(e as Error).message}`);
      }
    }
  }

  private watchWorkspaceSpecs(): vscode.Disposable[] {
    const watcher = vscode.workspace.createFileSystemWatcher("**/*.nnspec.json");
    return [watcher, watcher.onDidDelete((uri) => this.problems.delete(uri)), watcher.onDidCreate(() => void this.checkWorkspaceSpecs())];
  }

  // ── commands ─────────────────────────────────────────────────────────────────────────────

  private async trainCommand(uri?: vscode.Uri): Promise<void> {
    const target = await this.targetSpec(uri);
    if (!target) return;
    this.seen.add(target.toString());
    await this.ensurePanel(target).train(true);
  }

  private async openPreviewCommand(uri?: vscode.Uri): Promise<void> {
    if (!uri && this.panel) {
      this.panel.reveal();
      return;
    }
    const target = await this.targetSpec(uri);
    if (!target) return;
    const showsAnother = this.panel?.specUri.toString() !== target.toString();
    this.seen.add(target.toString());
    const panel = this.ensurePanel(target);
    if (showsAnother || !panel.run) await panel.train(readSettings().trainOnOpen);
  }

  private panelCommand(command: PanelCommand): void {
    if (!this.panel) {
      void vscode.window.showInformationMessage(vscode.l10n.t("NNSpec: no network is training. Run “NNSpec: Train Network” first."));
      return;
    }
    this.panel.command(command);
  }

  private async switchLossCommand(uri?: vscode.Uri): Promise<void> {
    const target = await this.targetSpec(uri);
    if (!target) return;
    const doc = await vscode.workspace.openTextDocument(target);
    const current = writtenLoss(doc.getText()) ?? this.panel?.run?.summary?.loss;
    const pick = await vscode.window.showQuickPick(lossQuickPickItems(doc.getText(), current, vscode.l10n.t), {
      title: vscode.l10n.t("Switch Loss Function"),
      placeHolder: vscode.l10n.t("How should the network measure its error? The run restarts; the current curve stays on the chart, faded."),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (pick) await this.switchLoss(target, pick.loss);
  }

  /** Writes `loss` into the spec as one undoable edit that keeps its formatting, then retrains. */
  async switchLoss(uri: vscode.Uri, loss: LossName): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const text = doc.getText();
    const edit = new vscode.WorkspaceEdit();
    for (const e of lossEdits(text, loss)) edit.replace(uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
    if (edit.size > 0 && !(await vscode.workspace.applyEdit(edit))) throw new Error(vscode.l10n.t("the spec could not be edited"));
    this.debounce.cancel("restart");
    const panel = this.ensurePanel(uri);
    await panel.train(true);
  }

  async writeLearningRate(uri: vscode.Uri, value: number): Promise<string | undefined> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    for (const e of setValueEdits(doc.getText(), ["optimizer", "learningRate"], value)) {
      edit.replace(uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
    }
    if (edit.size === 0) return doc.getText();
    return (await vscode.workspace.applyEdit(edit)) ? doc.getText() : undefined;
  }

  private async compareLossesCommand(uri?: vscode.Uri): Promise<void> {
    const target = await this.targetSpec(uri);
    if (!target) return;
    const doc = await vscode.workspace.openTextDocument(target);
    const losses = suitableLosses(doc.getText()).slice(0, 3);
    this.seen.add(target.toString());
    await this.ensurePanel(target).compare(losses, withLoss);
  }

  /** An untitled spec from an example; `template` (an example's file name) skips the picker. */
  private async newSpecCommand(template?: string): Promise<void> {
    const examples = vscode.Uri.joinPath(this.extensionUri, "examples");
    const entries = (await vscode.workspace.fs.readDirectory(examples)).filter(([name]) => name.endsWith(".nnspec.json") && (!template || name === template));
    const items = await Promise.all(
      entries.map(async ([name]) => {
        const text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(examples, name))).toString("utf8");
        return { label: /"name":\s*"([^"]*)"/.exec(text)?.[1] ?? name, description: name, text };
      }),
    );
    const pick =
      items.length === 1 && template
        ? items[0]
        : await vscode.window.showQuickPick(items, { title: vscode.l10n.t("New Network Spec"), placeHolder: vscode.l10n.t("Start from which example?") });
    if (!pick) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(tmpdir());
    const base = (template ?? pick.description).replace(/\.nnspec\.json$/, "");
    const uri = vscode.Uri.joinPath(folder, `${base}-${Date.now().toString(36)}.nnspec.json`).with({ scheme: "untitled" });
    this.templateFolders.set(uri.toString(), examples.fsPath);
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), pick.text);
    await vscode.workspace.applyEdit(edit);
    await vscode.window.showTextDocument(doc);
  }
}
