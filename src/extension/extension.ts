/** The VS Code entry point. Everything lives in the Controller, disposed with the extension. */
import * as vscode from "vscode";
import { useTranslations } from "../core/base/l10n";
import { Controller } from "./controller";
import { useBundledData } from "./hostFiles";

export function activate(context: vscode.ExtensionContext): void {
  // Messages written by code shared with the workers (core/l10n.ts) follow the display language too.
  useTranslations(vscode.l10n.bundle);
  // The digits that ship with NNSpec ("source": "digits") are read from here.
  useBundledData(vscode.Uri.joinPath(context.extensionUri, "dist", "data"));
  const controller = new Controller(context);
  context.subscriptions.push(controller);
  controller.activate();
}

export function deactivate(): void {}
