/**
 * The extension's commands, the Problems panel's entries for specs, and the workspace scan.
 * The panel and the spec it shows are the PanelManager's; training and checking run in workers.
 *
 * Activation is free for files that are not specs: NNSpec activates on any JSONC file (a spec is
 * one), so until the first spec is seen it only listens; the workspace scan, the file watcher and
 * the checker's worker start with the first spec.
 */
import * as vscode from "vscode";
import { LOSSES, type LossName } from "../core/nn/losses";
import type { PanelCommand } from "../protocol/panel";
import type { WorkerEntry } from "../protocol/worker";
import { SpecCodeLens } from "./codeLens";
import { KeyedDebounce } from "./debounce";
import { SpecProblems } from "./diagnostics";
import { exportMetrics, exportWeights } from "./exports";
import { readSpecFiles } from "./hostFiles";
import { lossQuickPickItems, withLoss, writtenLoss } from "./lossChoice";
import { isSpec, PANEL_VIEW_TYPE, PanelManager } from "./panelManager";
import { exportPyTorchScript } from "./pytorchExport";
import { SpecQuickFixes } from "./quickFixes";
import { readSettings } from "./settings";
import { SpecSnippets } from "./snippets";
import { SpecChecker } from "./specChecker";
import { SpecScopes } from "./specScope";

/** A pause in typing before a spec is checked. */
const CHECK_DELAY_MS = 250;
/** New spec files created together (a folder copied in) are checked together after this pause. */
const CREATED_DELAY_MS = 500;
const SPEC_SELECTOR: vscode.DocumentSelector = [
  { language: "jsonc", pattern: "**/*.nnspec.json" },
  { language: "json", pattern: "**/*.nnspec.json" },
];
const MAX_WORKSPACE_SPECS = 500;

export class Controller implements vscode.Disposable {
  private readonly scopes = new SpecScopes();
  private readonly checker: SpecChecker;
  private readonly problems = new SpecProblems("nnspec");
  /** What the shown run found, on its spec (information, with Quick Fixes). */
  private readonly findings = new SpecProblems("nnspec-findings");
  private readonly panels: PanelManager;
  private output: vscode.OutputChannel | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  /** Checks wait for a pause in typing, per document. */
  private readonly debounce = new KeyedDebounce<string>();
  /** Specs already opened this session: the panel opens by itself only for a newly opened one. */
  private readonly seen = new Set<string>();
  /** Set once a spec has been seen: then the workspace is scanned and watched. */
  private watching = false;
  private readonly created = new Set<string>();
  private readonly codeLens: SpecCodeLens;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.checker = SpecChecker.forWorker(this.worker("checkerWorker.js"));
    this.panels = new PanelManager({
      extensionUri: context.extensionUri,
      worker: () => this.worker("runWorker.js"),
      scopes: this.scopes,
      log: (line) => this.log(line),
      runChanged: () => this.codeLens.refresh(),
      showFindings: (uri, diagnostics) => this.findings.publish(uri, diagnostics, (file) => vscode.Uri.joinPath(this.scopes.scopeOf(uri).folder, file)),
    });
    this.codeLens = new SpecCodeLens(() => {
      const shown = this.panels.shown;
      return shown ? { specUri: shown.uri, run: shown.run } : null;
    });
    this.disposables.push(
      this.problems,
      this.findings,
      this.panels,
      this.codeLens,
      { dispose: () => this.checker.dispose() },
      { dispose: () => this.debounce.dispose() },
    );
  }

  /** A worker script, with the translations of the display language for its messages. */
  private worker(script: string): WorkerEntry {
    return { path: vscode.Uri.joinPath(this.context.extensionUri, "dist", script).fsPath, translations: vscode.l10n.bundle };
  }

  /** The output channel is made when there is first something to say: a JSONC file that is not a spec leaves no trace. */
  log(line: string): void {
    this.output ??= vscode.window.createOutputChannel("NNSpec");
    this.output.appendLine(`[${new Date().toISOString()}] ${line}`);
  }

  activate(): void {
    const commands: Record<string, (...args: unknown[]) => unknown> = {
      "nnspec.train": (uri) => this.trainCommand(uri),
      "nnspec.pause": () => this.panelCommand("pause"),
      "nnspec.resume": () => this.panelCommand("resume"),
      "nnspec.step": () => this.panelCommand("step"),
      "nnspec.stepEpoch": () => this.panelCommand("stepEpoch"),
      "nnspec.stop": () => this.panelCommand("stop"),
      "nnspec.reset": () => this.panelCommand("reset"),
      "nnspec.switchLoss": (uri) => this.switchLossCommand(uri),
      "nnspec.compareLosses": (uri) => this.compareLossesCommand(uri),
      "nnspec.openPreview": (uri) => this.openPreviewCommand(uri),
      "nnspec.showSample": (uri) => this.showSampleCommand(uri),
      "nnspec.newSpec": (template) => this.newSpecCommand(typeof template === "string" ? template : undefined),
      "nnspec.exportWeights": () => exportWeights(this.panels.shown, this.scopes),
      "nnspec.exportMetrics": () => exportMetrics(this.panels.shown, this.scopes),
      "nnspec.exportPyTorch": async (uri) => {
        const target = await this.targetSpec(uri);
        if (target) await exportPyTorchScript(target, this.checker, this.scopes);
      },
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
        deserializeWebviewPanel: async (view, state: unknown) => {
          this.specSeen();
          await this.panels.restore(view, state);
        },
      }),
      vscode.workspace.onDidOpenTextDocument((doc) => isSpec(doc.uri) && this.specOpened(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => isSpec(e.document.uri) && e.contentChanges.length > 0 && this.specEdited(e.document)),
      vscode.workspace.onDidSaveTextDocument((doc) => isSpec(doc.uri) && this.panels.specSaved(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => isSpec(doc.uri) && this.specClosed(doc)),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && isSpec(editor.document.uri) && this.specActivated(editor.document)),
      vscode.window.tabGroups.onDidChangeTabs((e) => e.closed.length > 0 && this.tabsClosed()),
      vscode.languages.registerCodeActionsProvider(
        SPEC_SELECTOR,
        new SpecQuickFixes((uri, d) => this.problems.fixFor(uri, d) ?? this.findings.fixFor(uri, d)),
        {
          providedCodeActionKinds: SpecQuickFixes.kinds,
        },
      ),
      vscode.languages.registerCodeLensProvider(SPEC_SELECTOR, this.codeLens),
      vscode.languages.registerCompletionItemProvider(SPEC_SELECTOR, new SpecSnippets()),
    );

    for (const doc of vscode.workspace.textDocuments) if (isSpec(doc.uri)) this.specOpened(doc);
    const active = vscode.window.activeTextEditor?.document;
    if (active && isSpec(active.uri)) void this.specActivated(active);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.output?.dispose();
  }

  // ── specs in the editor ──────────────────────────────────────────────────────────────────

  private specOpened(doc: vscode.TextDocument): void {
    this.specSeen();
    this.scheduleCheck(doc, 0);
  }

  private async specActivated(doc: vscode.TextDocument): Promise<void> {
    this.specSeen();
    const key = doc.uri.toString();
    const firstTime = !this.seen.has(key);
    this.seen.add(key);
    if (this.panels.shown) {
      await this.panels.activeSpecChanged(doc.uri);
      return;
    }
    const settings = readSettings(vscode.workspace.getConfiguration("nnspec"));
    if (firstTime && settings.openPanelOnOpen) await this.panels.show(doc.uri, { train: settings.trainOnOpen, reveal: true });
  }

  /** What the run found was about the text before this edit: it goes until a run of the new text finds it again. */
  private specEdited(doc: vscode.TextDocument): void {
    this.findings.delete(doc.uri);
    this.scheduleCheck(doc, CHECK_DELAY_MS);
  }

  private specClosed(doc: vscode.TextDocument): void {
    this.panels.specClosed(doc.uri);
    // An untitled spec's problems go with it; a file's stay while it exists on disk.
    if (doc.uri.scheme === "untitled") {
      this.problems.delete(doc.uri);
      this.scopes.forget(doc.uri);
    }
  }

  private tabsClosed(): void {
    const shown = this.panels.shown;
    if (shown) this.panels.specClosed(shown.uri);
  }

  // ── problems ─────────────────────────────────────────────────────────────────────────────

  private scheduleCheck(doc: vscode.TextDocument, delay: number): void {
    this.debounce.schedule(doc.uri.toString(), delay, () => void this.check(doc));
  }

  /** Checks an open spec in the worker, shows its problems, and tells the panel. */
  private async check(doc: vscode.TextDocument): Promise<void> {
    const version = doc.version;
    const text = doc.getText();
    const scope = this.scopes.scopeOf(doc.uri);
    try {
      const diagnostics = await this.checker.check(doc.uri.toString(), { specText: text, files: await readSpecFiles(text, scope) });
      if (diagnostics === null || doc.version !== version) return; // a newer text is on its way
      if (doc.isClosed && doc.uri.scheme === "untitled") return;
      this.problems.publish(doc.uri, diagnostics, (file) => vscode.Uri.joinPath(scope.folder, file));
      this.panels.specChecked(doc.uri, version, diagnostics);
    } catch (e) {
      this.log(`checking ${doc.uri.toString()}: ${(e as Error).message}`);
    }
  }

  /** Specs in the workspace that are not open get their problems too, once NNSpec has seen a spec. */
  private specSeen(): void {
    if (this.watching) return;
    this.watching = true;
    this.log("a spec was opened: checking the workspace's other specs, and watching for new ones");
    const watcher = vscode.workspace.createFileSystemWatcher("**/*.nnspec.json");
    this.disposables.push(
      watcher,
      watcher.onDidDelete((uri) => this.problems.delete(uri)),
      watcher.onDidCreate((uri) => {
        // A folder of specs copied in arrives as many events: check the new files once, together.
        this.created.add(uri.toString());
        this.debounce.schedule("created", CREATED_DELAY_MS, () => {
          const uris = [...this.created].map((u) => vscode.Uri.parse(u));
          this.created.clear();
          void this.checkUnopened(uris);
        });
      }),
    );
    void vscode.workspace.findFiles("**/*.nnspec.json", "**/node_modules/**", MAX_WORKSPACE_SPECS).then((uris) => this.checkUnopened(uris));
  }

  private async checkUnopened(uris: readonly vscode.Uri[]): Promise<void> {
    await Promise.all(
      uris.map(async (uri) => {
        if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
        try {
          const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          const scope = this.scopes.scopeOf(uri);
          const diagnostics = await this.checker.check(uri.toString(), { specText: text, files: await readSpecFiles(text, scope) });
          if (diagnostics) this.problems.publish(uri, diagnostics, (file) => vscode.Uri.joinPath(scope.folder, file));
        } catch (e) {
          this.log(`checking ${uri.toString()}: ${(e as Error).message}`);
        }
      }),
    );
  }

  // ── commands ─────────────────────────────────────────────────────────────────────────────

  /** The spec a command acts on: given, the active editor's, the panel's, or one the user picks. */
  private async targetSpec(arg: unknown): Promise<vscode.Uri | undefined> {
    this.specSeen();
    if (arg instanceof vscode.Uri && isSpec(arg)) return arg;
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active && isSpec(active)) return active;
    const shown = this.panels.shown;
    if (shown) return shown.uri;
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

  private async trainCommand(arg: unknown): Promise<void> {
    const target = await this.targetSpec(arg);
    if (!target) return;
    this.seen.add(target.toString());
    await this.panels.show(target, { train: true, reveal: true });
  }

  private async openPreviewCommand(arg: unknown): Promise<void> {
    if (!arg && this.panels.reveal()) return;
    const target = await this.targetSpec(arg);
    if (!target) return;
    this.seen.add(target.toString());
    await this.panels.show(target, { train: false, reveal: true });
  }

  /** Opens the panel's sample card on the first sample: one prediction followed forward and back. */
  private async showSampleCommand(arg: unknown): Promise<void> {
    const target = await this.targetSpec(arg);
    if (!target) return;
    this.seen.add(target.toString());
    const spec = await this.panels.show(target, { train: false, reveal: true });
    spec.openCard(0);
  }

  private panelCommand(command: PanelCommand): void {
    const shown = this.panels.shown;
    if (!shown) {
      void vscode.window.showInformationMessage(vscode.l10n.t("NNSpec: no network is training. Run “NNSpec: Train Network” first."));
      return;
    }
    shown.spec.command(command);
  }

  private async switchLossCommand(arg: unknown): Promise<void> {
    const target = await this.targetSpec(arg);
    if (!target) return;
    const doc = await vscode.workspace.openTextDocument(target);
    const losses = await this.lossesOf(doc);
    const current = writtenLoss(doc.getText()) ?? losses?.current;
    const pick = await vscode.window.showQuickPick(lossQuickPickItems(losses?.suitable ?? LOSSES, current, vscode.l10n.t), {
      title: vscode.l10n.t("Switch Loss Function"),
      placeHolder: vscode.l10n.t("How should the network measure its error? The run restarts; the current curve stays on the chart, faded."),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!pick) return;
    const spec = await this.panels.show(target, { train: false, reveal: true });
    await spec.setLoss(pick.loss as LossName);
  }

  private async compareLossesCommand(arg: unknown): Promise<void> {
    const target = await this.targetSpec(arg);
    if (!target) return;
    const doc = await vscode.workspace.openTextDocument(target);
    const losses = await this.lossesOf(doc);
    if (!losses) {
      void vscode.window.showErrorMessage(vscode.l10n.t("NNSpec: fix the spec's problems first (see the Problems panel); then its losses can be compared."));
      return;
    }
    this.seen.add(target.toString());
    const spec = await this.panels.show(target, { train: false, reveal: true });
    // The first three suitable losses: the usual one for the output and the lesson's MAE and MSE
    // (for regression: MSE, MAE, Huber); three runs share two cores well, and each gets a boundary.
    await spec.compare(losses.suitable.slice(0, 3), withLoss);
  }

  /** The losses that suit a spec (the core's rule, on the spec as loaded), or null when it has errors. */
  private async lossesOf(doc: vscode.TextDocument) {
    const text = doc.getText();
    return this.checker.losses(doc.uri.toString(), { specText: text, files: await readSpecFiles(text, this.scopes.scopeOf(doc.uri)) });
  }

  /**
   * An untitled spec from an example; `template` (an example's file name) skips the picker. In
   * Korean, the lesson's examples come as their Korean copies (examples/ko: names, comments and
   * class names in Korean, the same numbers).
   */
  private async newSpecCommand(template?: string): Promise<void> {
    const english = vscode.Uri.joinPath(this.context.extensionUri, "examples");
    const korean = vscode.Uri.joinPath(english, "ko");
    const koreanNames = vscode.env.language.startsWith("ko")
      ? new Set((await vscode.workspace.fs.readDirectory(korean)).map(([name]) => name))
      : new Set<string>();
    const names = (await vscode.workspace.fs.readDirectory(english))
      .map(([name]) => name)
      .filter((name) => name.endsWith(".nnspec.json") && (!template || name === template));
    const items = await Promise.all(
      names.map(async (name) => {
        const folder = koreanNames.has(name) ? korean : english;
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name)));
        return { label: /"name":\s*"([^"]*)"/.exec(text)?.[1] ?? name, description: name, text, folder };
      }),
    );
    const pick =
      items.length === 1 && template
        ? items[0]
        : await vscode.window.showQuickPick(items, { title: vscode.l10n.t("New Network Spec"), placeHolder: vscode.l10n.t("Start from which example?") });
    if (!pick) return;
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri ?? english;
    const base = (template ?? pick.description).replace(/\.nnspec\.json$/, "");
    const uri = vscode.Uri.joinPath(workspace, `${base}-${Date.now().toString(36)}.nnspec.json`).with({ scheme: "untitled" });
    // Its CSV and weights files resolve in the folder it came from.
    this.scopes.rememberTemplate(uri, pick.folder);
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), pick.text);
    await vscode.workspace.applyEdit(edit);
    await vscode.window.showTextDocument(doc);
  }
}
