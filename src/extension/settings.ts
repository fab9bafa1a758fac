import * as vscode from "vscode";
import type { RunSettings } from "../protocol";

export interface Settings extends RunSettings {
  openPanelOnOpen: boolean;
  trainOnOpen: boolean;
  /** After an edit, wait this long without typing before training restarts. */
  restartDelayMs: number;
  /** "type": restart while typing (after restartDelayMs); "save": only when the file is saved. */
  restartOn: "type" | "save";
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration("nnspec");
  return {
    openPanelOnOpen: c.get("openPanelOnOpen", true),
    trainOnOpen: c.get("trainOnOpen", true),
    updateIntervalMs: Math.max(16, c.get("updateIntervalMs", 100)),
    boundaryResolution: Math.min(200, Math.max(8, c.get("boundaryResolution", 64))),
    restartDelayMs: Math.max(0, c.get("restartDelayMs", 800)),
    restartOn: c.get<string>("restartOn", "type") === "save" ? "save" : "type",
  };
}
