/**
 * The extension's wiring: its commands (what each does is in specCommands.ts), the editor's events,
 * the Problems panel's entries for specs, and the workspace scan. The panel and the spec it shows
 * are the PanelManager's; training and checking run in workers.
 *
 * Activation is free for files that are not specs: NNSpec activates on any JSONC file (a spec is
 * one), so until the first spec is seen it only listens; the workspace scan, the file watcher and
 * the checker's worker start with the first spec.
 */
import * as vscode from "vscode";
import type { WorkerEntry } from "../protocol/worker";
import { SpecCodeLens } from "./codeLens";
import { KeyedDebounce } from "./debounce";
import { SpecProblems } from "./diagnostics";
import { readSpecFiles } from "./hostFiles";
import { workerScript } from "./hostPlatform";
import { isSpec, PANEL_VIEW_TYPE, PanelManager } from "./panelManager";
import { SpecQuickFixes } from "./quickFixes";
import { readSettings } from "./settings";
import { SpecSnippets } from "./snippets";
import { SpecChecker } from "./specChecker";
import { MAX_WORKSPACE_SPECS, SpecCommands } from "./specCommands";
import { SpecScopes } from "./specScope";

/** A pause in typing before a spec is checked. */
const CHECK_DELAY_MS = 250;
/** New spec files created together (a folder copied in) are checked together after this pause. */
const CREATED_DELAY_MS = 500;
const SPEC_SELECTOR: vscode.DocumentSelector = [
  { language: "jsonc", pattern: "**/*.nnspec.json" },
  { language: "json", pattern: "**/*.nnspec.json" },
];

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
    this.checker = SpecChecker.forWorker(this.worker("checkerWorker"));
    this.panels = new PanelManager({
      extensionUri: context.extensionUri,
      worker: () => this.worker("runWorker"),
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
  private worker(script: "runWorker" | "checkerWorker"): WorkerEntry {
    return { path: workerScript(this.context.extensionUri, script), translations: vscode.l10n.bundle };
  }

  /** The output channel is made when there is first something to say: a JSONC file that is not a spec leaves no trace. */
  log(line: string): void {
    this.output ??= vscode.window.createOutputChannel("NNSpec");
    this.output.appendLine(`[${new Date().toISOString()}] ${line}`);
  }

  activate(): void {
    const commands = new SpecCommands({
      extensionUri: this.context.extensionUri,
      panels: this.panels,
      checker: this.checker,
      scopes: this.scopes,
      seen: this.seen,
      specSeen: () => this.specSeen(),
    }).all();
    for (const [id, handler] of Object.entries(commands)) {
      this.disposables.push(
        vscode.commands.registerCommand(id, async (...args: unknown[]) => {
          try {
            await handler(...args);
          } catch (e) {
            this.failed(id, e);
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

  /** A command or an editor's event that failed must never take the extension host down: it says what happened. */
  private failed(what: string, e: unknown): void {
    this.log(`${what} failed: ${(e as Error).stack ?? e}`);
    void vscode.window.showErrorMessage(vscode.l10n.t("NNSpec: {0}", (e as Error).message));
  }

  /** The panel follows the spec made active (or opens for one seen the first time). */
  private specActivated(doc: vscode.TextDocument): Promise<void> {
    return this.followSpec(doc).catch((e) => this.failed("showing the spec in the panel", e));
  }

  private async followSpec(doc: vscode.TextDocument): Promise<void> {
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
}
