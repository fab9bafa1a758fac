/**
 * The training panel beside the editor: a webview that shows one SpecTraining at a time. Thin on
 * purpose, as the Markdown preview's webview wrapper is: it validates what the webview sends and
 * passes it to the spec shown, holds messages back until the webview is ready, and then has the
 * spec replay everything it shows. Following another spec swaps the SpecTraining.
 *
 * Free of the `vscode` module (PanelWebview is the part of vscode.WebviewPanel it uses), so tests
 * drive it with a fake webview.
 */
import type { HostToWebview, WebviewToHost } from "../protocol/panel";
import { parseWebviewMessage } from "../protocol/panelValidation";
import type { Pace } from "../protocol/run";
import type { SpecTraining } from "./specTraining";

export interface PanelWebview {
  postMessage(message: HostToWebview): void;
  onMessage(listener: (raw: unknown) => void): void;
  setTitle(title: string): void;
}

export interface PanelOwner {
  /** The panel asked to save a chart as a PNG picture. */
  savePng(name: string, png: Uint8Array): Promise<void>;
  /** What the webview needs before any run: how often it redraws, and the pace its speed menu shows. */
  panelSettings(): { updateIntervalMs: number; pace: Pace };
  /** The user picked another pace in the panel: it applies to this and later runs. */
  paceChosen(pace: Pace): void;
  log(line: string): void;
}

export class TrainingPanel {
  private ready = false;
  private shown: SpecTraining | null = null;

  constructor(
    private readonly webview: PanelWebview,
    private readonly owner: PanelOwner,
  ) {
    webview.onMessage((raw) => this.receive(raw));
  }

  get spec(): SpecTraining | null {
    return this.shown;
  }

  /** Shows `spec` instead of what was shown (which is disposed: its runs stop). */
  show(spec: SpecTraining): void {
    if (this.shown === spec) return;
    this.shown?.dispose();
    this.shown = spec;
    this.replay();
  }

  /** To the webview, once it is ready; before, replay() will bring it up to date. */
  post(message: HostToWebview): void {
    if (message.type === "spec") this.webview.setTitle(message.title);
    if (message.type === "run") this.webview.setTitle(message.summary.name);
    if (this.ready) this.webview.postMessage(message);
  }

  dispose(): void {
    this.shown?.dispose();
    this.shown = null;
  }

  private replay(): void {
    if (!this.shown) return;
    for (const message of this.shown.replay()) this.post(message);
  }

  private receive(raw: unknown): void {
    const m = parseWebviewMessage(raw);
    if (!m) {
      this.owner.log(`ignored a malformed message from the panel: ${describe(raw)}`);
      return;
    }
    this.handle(m);
  }

  private handle(m: WebviewToHost): void {
    const spec = this.shown;
    switch (m.type) {
      case "ready":
        this.ready = true;
        this.post({ type: "settings", ...this.owner.panelSettings() });
        this.replay();
        return;
      case "command":
        spec?.command(m.command);
        return;
      case "setLoss":
        void spec?.setLoss(m.loss);
        return;
      case "setLearningRate":
        void spec?.setLearningRate(m.value);
        return;
      case "setPace":
        this.owner.paceChosen(m.pace);
        spec?.setPace(m.pace);
        return;
      case "card":
      case "lossAlong":
      case "setParameter":
        void spec?.request(m);
        return;
      case "overlayRun":
        void spec?.overlayKeptRun(m.id);
        return;
      case "savePng":
        void this.owner
          .savePng(m.name, Buffer.from(m.dataUrl.slice(m.dataUrl.indexOf(",") + 1), "base64"))
          .catch((e: Error) => this.owner.log(`saving ${m.name}: ${e.message}`));
        return;
    }
  }
}

/** A short description of anything the webview sent, for the log (never throws: not even on a cyclic object). */
function describe(raw: unknown): string {
  try {
    return String(JSON.stringify(raw, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))).slice(0, 200);
  } catch {
    return Object.prototype.toString.call(raw);
  }
}
