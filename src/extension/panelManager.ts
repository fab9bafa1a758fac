/**
 * The training panel and the spec it shows, as VS Code's MarkdownPreviewManager manages its
 * dynamic preview: at most one panel, which follows the active spec; restored after a window
 * reload (only a .nnspec.json of the workspace); and the bridge between editor events (a check,
 * a save, a closed tab) and the SpecTraining shown. The status bar and the host's event-loop
 * measurement follow the shown run.
 */
import * as vscode from "vscode";
import type { Pace } from "../protocol/run";
import type { WireDiagnostic, WorkerEntry } from "../protocol/worker";
import { writeFileAtomically } from "./files";
import { loopDelay } from "./hostPlatform";
import { KeptRuns } from "./keptRuns";
import { panelHtml } from "./panelHtml";
import { readSettings } from "./settings";
import type { SpecScopes } from "./specScope";
import type { SpecTraining } from "./specTraining";
import { newSpecTraining } from "./specTrainingHost";
import { TrainingStatusBar } from "./statusBar";
import { type PanelWebview, TrainingPanel } from "./trainingPanel";
import type { Run } from "./trainingRun";

export const PANEL_VIEW_TYPE = "nnspec.training";

export function isSpec(uri: vscode.Uri): boolean {
  return uri.path.endsWith(".nnspec.json");
}

export interface PanelManagerContext {
  extensionUri: vscode.Uri;
  worker(): WorkerEntry;
  scopes: SpecScopes;
  log(line: string): void;
  /** The shown run changed (CodeLens redraws). */
  runChanged(): void;
  /** A run's findings, as diagnostics on its spec (an empty list clears them). */
  showFindings(uri: vscode.Uri, diagnostics: readonly WireDiagnostic[]): void;
}

/** The panel: its VS Code webview panel (made anew when its page does not load), and what it shows. */
interface PanelEntry {
  view: vscode.WebviewPanel;
  panel: TrainingPanel;
  /** The current view's listeners. */
  listeners: vscode.Disposable[];
}

export class PanelManager implements vscode.Disposable {
  private panel: PanelEntry | null = null;
  private readonly statusBar = new TrainingStatusBar();
  private readonly loopDelay: ReturnType<typeof loopDelay>;
  /** The pace chosen in the panel's speed menu (the setting's until changed there). */
  private pace: Pace | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly keptRuns = new KeptRuns((spec) => vscode.workspace.getWorkspaceFolder(spec)?.uri ?? null);

  constructor(private readonly context: PanelManagerContext) {
    this.loopDelay = loopDelay((line) => context.log(line));
  }

  /** The spec the panel shows, and its run, if any. */
  get shown(): { uri: vscode.Uri; spec: SpecTraining; run: Run | null } | null {
    const spec = this.panel?.panel.spec;
    return spec ? { uri: vscode.Uri.parse(spec.uri), spec, run: spec.currentRun } : null;
  }

  /** Shows `uri` in the panel (opening it beside the editor if needed); `train` starts a run. */
  async show(uri: vscode.Uri, options: { train: boolean; reveal: boolean }): Promise<SpecTraining> {
    const panel = this.ensurePanel();
    if (options.reveal) panel.view.reveal(undefined, true);
    let spec = panel.panel.spec;
    const isNew = !spec || spec.uri !== uri.toString();
    if (!spec || isNew) {
      spec = this.specTrainingOf(uri);
      panel.panel.show(spec);
    }
    if (options.train || (isNew && !spec.currentRun)) await spec.train(options.train);
    return spec;
  }

  /** After a window reload: the panel comes back with its spec, if it is a spec of this workspace. */
  async restore(view: vscode.WebviewPanel, state: unknown): Promise<void> {
    const uri = restorableSpec(state);
    // A panel opened since the reload (Train Network before the old panel came back) is the one
    // the user asked for: the restored one would replace it, and stop its run.
    if (!uri || this.panel) {
      view.dispose();
      return;
    }
    this.adopt(view);
    await this.show(uri, { train: readSettings(vscode.workspace.getConfiguration("nnspec")).trainOnOpen, reveal: false });
  }

  /** The panel follows the active spec, as the Markdown preview does. */
  async activeSpecChanged(uri: vscode.Uri): Promise<void> {
    if (!this.panel || this.panel.panel.spec?.uri === uri.toString()) return;
    await this.show(uri, { train: readSettings(vscode.workspace.getConfiguration("nnspec")).trainOnOpen, reveal: false });
  }

  specChecked(uri: vscode.Uri, version: number, diagnostics: readonly WireDiagnostic[]): void {
    const spec = this.panel?.panel.spec;
    if (spec?.uri === uri.toString()) spec.checked(version, diagnostics);
  }

  specSaved(doc: vscode.TextDocument): void {
    const spec = this.panel?.panel.spec;
    if (spec?.uri === doc.uri.toString()) spec.saved(doc.version);
  }

  /** Closing the shown spec's last editor tab stops its run; the panel stays to be read. An untitled spec closes its panel. */
  specClosed(uri: vscode.Uri): void {
    const shown = this.shown;
    if (!shown || shown.uri.toString() !== uri.toString()) return;
    if (uri.scheme === "untitled") {
      this.panel?.view.dispose();
      return;
    }
    const stillOpen = vscode.window.tabGroups.all.some((g) =>
      g.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString()),
    );
    const status = shown.run?.status;
    if (!stillOpen && (status === "training" || status === "paused")) shown.spec.command("stop");
  }

  reveal(): boolean {
    this.panel?.view.reveal(undefined, true);
    return this.panel !== null;
  }

  /** "Reload Panel": the panel's page in a new webview, with what it shows. False when there is no panel. */
  reloadPanel(): boolean {
    if (!this.panel) return false;
    this.recreate(true);
    return true;
  }

  dispose(): void {
    this.panel?.view.dispose();
    this.statusBar.dispose();
    this.loopDelay.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private ensurePanel(): PanelEntry {
    if (this.panel) return this.panel;
    return this.adopt(this.createView(vscode.ViewColumn.Beside));
  }

  private createView(column: vscode.ViewColumn): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      vscode.l10n.t("Training"),
      { viewColumn: column, preserveFocus: true },
      { enableScripts: true, retainContextWhenHidden: true },
    );
  }

  private adopt(view: vscode.WebviewPanel): PanelEntry {
    // This panel's listeners go with it: a closed panel must not stay referenced until deactivation.
    const listeners: vscode.Disposable[] = [];
    const panel = new TrainingPanel(this.webviewOf(view, listeners), {
      panelSettings: () => {
        const s = readSettings(vscode.workspace.getConfiguration("nnspec"));
        return { updateIntervalMs: s.updateIntervalMs, pace: this.pace ?? s.pace };
      },
      paceChosen: (pace) => {
        this.pace = pace;
      },
      savePng: async (name, png) => {
        const spec = this.panel?.panel.spec;
        const folder = spec ? vscode.Uri.joinPath(vscode.Uri.parse(spec.uri), "..") : vscode.workspace.workspaceFolders?.[0]?.uri;
        const target = await vscode.window.showSaveDialog({
          defaultUri: folder ? vscode.Uri.joinPath(folder, `${name}.png`) : undefined,
          filters: { [vscode.l10n.t("PNG picture")]: ["png"] },
          title: vscode.l10n.t("Save Chart as PNG"),
        });
        if (target) await writeFileAtomically(target, png);
      },
      recreate: () => this.recreate(false),
      notLoaded: () => {
        void vscode.window
          .showWarningMessage(
            vscode.l10n.t("NNSpec: the training panel did not load. Training goes on; the status bar shows it."),
            vscode.l10n.t("Reload Panel"),
          )
          .then((choice) => choice && this.reloadPanel());
      },
      log: this.context.log,
    });
    const entry: PanelEntry = { view, panel, listeners };
    this.watchDispose(entry);
    this.panel = entry;
    return entry;
  }

  /** The page in a new webview panel where the old one stood; the old one goes, what it showed stays. */
  private recreate(afresh: boolean): void {
    const entry = this.panel;
    if (!entry) return;
    const old = entry.view;
    for (const l of entry.listeners.splice(0)) l.dispose();
    entry.view = this.createView(old.viewColumn ?? vscode.ViewColumn.Beside);
    entry.view.title = old.title;
    old.dispose();
    this.watchDispose(entry);
    entry.panel.attach(this.webviewOf(entry.view, entry.listeners), afresh);
    this.context.log(afresh ? "the training panel was reloaded" : "the training panel's page did not load: it loads in a new webview");
  }

  private watchDispose(entry: PanelEntry): void {
    entry.listeners.push(
      entry.view.onDidDispose(() => {
        entry.panel.dispose();
        for (const l of entry.listeners.splice(0)) l.dispose();
        if (this.panel === entry) this.panel = null;
        this.runChanged();
      }),
    );
  }

  /** The part of a webview panel the TrainingPanel uses; its listeners are kept in `listeners`. */
  private webviewOf(view: vscode.WebviewPanel, listeners: vscode.Disposable[]): PanelWebview {
    const bundleRoot = vscode.Uri.joinPath(this.context.extensionUri, "dist", "webview");
    view.iconPath = vscode.Uri.joinPath(this.context.extensionUri, "media", "icon.svg");
    return {
      load: (load) => {
        view.webview.options = { enableScripts: true, localResourceRoots: [bundleRoot] };
        view.webview.html = panelHtml(view.webview, bundleRoot, { l10n: vscode.l10n.bundle, language: vscode.env.language, load }, vscode.Uri.joinPath);
      },
      postMessage: (m) => void view.webview.postMessage(m),
      onMessage: (listener) => listeners.push(view.webview.onDidReceiveMessage(listener)),
      setTitle: (title) => {
        view.title = vscode.l10n.t("Training: {0}", title);
      },
    };
  }

  private specTrainingOf(uri: vscode.Uri): SpecTraining {
    return newSpecTraining(uri, {
      scopes: this.context.scopes,
      worker: this.context.worker,
      keptRuns: this.keptRuns,
      chosenPace: () => this.pace,
      post: (spec, m) => {
        if (this.panel?.panel.spec === spec) this.panel.panel.post(m);
      },
      runChanged: () => this.runChanged(),
      showFindings: this.context.showFindings,
      log: this.context.log,
    });
  }

  private runChanged(): void {
    const run = this.shown?.run ?? null;
    this.statusBar.show(run);
    this.loopDelay.update(run?.status === "training", run?.runId);
    this.context.runChanged();
  }
}

/** The spec a restored panel may show: a .nnspec.json file of an open workspace folder, nothing else. */
function restorableSpec(state: unknown): vscode.Uri | undefined {
  const text = (state as { specUri?: unknown } | undefined)?.specUri;
  if (typeof text !== "string") return undefined;
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(text, true);
  } catch {
    return undefined;
  }
  return isSpec(uri) && uri.scheme !== "untitled" && vscode.workspace.getWorkspaceFolder(uri) ? uri : undefined;
}
