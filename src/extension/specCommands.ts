/**
 * What NNSpec's commands do: which spec a command acts on (given, the active editor's, the
 * panel's, or one the user picks), and each command on it. The Controller registers them.
 */
import * as vscode from "vscode";
import { type LossName, lossNames } from "../core/nn/losses";
import type { PanelCommand } from "../protocol/panel";
import { exportMetrics, exportOnnx, exportWeights } from "./exports";
import { readSpecFiles } from "./hostFiles";
import { lossQuickPickItems, withLoss, writtenLoss } from "./lossChoice";
import { isSpec, type PanelManager } from "./panelManager";
import { exportPyTorchScript } from "./pytorchExport";
import type { SpecChecker } from "./specChecker";
import type { SpecScopes } from "./specScope";

export const MAX_WORKSPACE_SPECS = 500;

export interface SpecCommandsHost {
  extensionUri: vscode.Uri;
  panels: PanelManager;
  checker: SpecChecker;
  scopes: SpecScopes;
  /** Specs already opened this session: the panel opens by itself only for a newly opened one. */
  seen: Set<string>;
  /** A spec was seen: the workspace is scanned and watched from now on. */
  specSeen(): void;
}

export class SpecCommands {
  private readonly panels: PanelManager;
  private readonly checker: SpecChecker;
  private readonly scopes: SpecScopes;
  private readonly seen: Set<string>;

  constructor(private readonly host: SpecCommandsHost) {
    this.panels = host.panels;
    this.checker = host.checker;
    this.scopes = host.scopes;
    this.seen = host.seen;
  }

  /** Every command, by id. */
  all(): Record<string, (...args: unknown[]) => unknown> {
    return {
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
      "nnspec.reloadPanel": () => this.reloadPanelCommand(),
      "nnspec.exportWeights": () => exportWeights(this.panels.shown, this.scopes),
      "nnspec.exportMetrics": () => exportMetrics(this.panels.shown, this.scopes),
      "nnspec.exportOnnx": () => exportOnnx(this.panels.shown, this.scopes),
      "nnspec.exportPyTorch": async (uri) => {
        const target = await this.targetSpec(uri);
        if (target) await exportPyTorchScript(target, this.checker, this.scopes);
      },
    };
  }

  /** The training panel's page afresh, in a new webview (when it stays blank). */
  private reloadPanelCommand(): void {
    if (!this.panels.reloadPanel())
      void vscode.window.showInformationMessage(vscode.l10n.t("NNSpec: no training panel is open. Run “NNSpec: Train Network” first."));
  }

  /** The spec a command acts on: given, the active editor's, the panel's, or one the user picks. */
  private async targetSpec(arg: unknown): Promise<vscode.Uri | undefined> {
    this.host.specSeen();
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
    const pick = await vscode.window.showQuickPick(lossQuickPickItems(losses?.suitable ?? lossNames(), current, vscode.l10n.t), {
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
    const english = vscode.Uri.joinPath(this.host.extensionUri, "examples");
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
