/** The VS Code entry point. Everything lives in the Controller, disposed with the extension. */
import type * as vscode from "vscode";
import { Controller } from "./controller";

export function activate(context: vscode.ExtensionContext): void {
  const controller = new Controller(context);
  context.subscriptions.push(controller);
  controller.activate();
}

export function deactivate(): void {}
