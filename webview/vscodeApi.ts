/** The webview's handle on VS Code: messages to the host and state that survives reloads. */
import type { WebviewToHost } from "../src/protocol/panel";

export interface PanelState {
  specUri: string;
  logScale: boolean;
  edgeMode: "weight" | "gradient";
  /** The diagram's units ringed by their mean |δ|. */
  unitRings: boolean;
}

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscode: VsCodeApi = acquireVsCodeApi();
