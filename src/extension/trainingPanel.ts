/**
 * The training panel beside the editor: a webview that shows one SpecTraining at a time. Thin on
 * purpose, as the Markdown preview's webview wrapper is: it validates what the webview sends and
 * passes it to the spec shown, holds messages back until the webview is ready, and then has the
 * spec replay everything it shows. Following another spec swaps the SpecTraining.
 *
 * The ready handshake: each load of the page has an id, which the page's script repeats in its
 * "ready" once its listener is in place (and again, until the host answers). Until then nothing
 * is posted (a message to a page still loading can be lost); then the spec replays all it shows,
 * and messages that are not part of that replay (opening the sample card) follow. A page that
 * does not say it is ready in time is loaded again, then its webview is made anew, and then the
 * user is offered "Reload Panel". A run started meanwhile waits for the panel (SpecTraining).
 *
 * Free of the `vscode` module (PanelWebview is the part of vscode.WebviewPanel it uses), so tests
 * drive it with a fake webview and fake timers.
 */
import type { HostToWebview, WebviewToHost } from "../protocol/panel";
import { parseWebviewMessage } from "../protocol/panelValidation";
import type { Pace } from "../protocol/run";
import type { SpecTraining } from "./specTraining";

export interface PanelWebview {
  /** (Re)loads the page: its HTML, carrying `loadId`, which the page's "ready" repeats. */
  load(loadId: string): void;
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
  /** The page was loaded again and still did not answer: make its webview anew (attach() follows). */
  recreate(): void;
  /** Every retry failed: tell the user, and offer to reload the panel. */
  notLoaded(): void;
  log(line: string): void;
}

/** How long each load of the page may take to say it is ready: the first, again, then in a new webview. */
export const READY_WAITS_MS = [10_000, 10_000, 15_000] as const;

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: Timers = {
  // A wait for the page never keeps Node's process alive (a browser's timers are numbers, with no unref).
  set: (callback, ms) => {
    const timer: unknown = setTimeout(callback, ms);
    (timer as { unref?: () => void }).unref?.();
    return timer;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What the spec's replay brings back after a (re)load; anything else posted before ready waits in a queue. */
const REPLAYED = new Set<HostToWebview["type"]>(["spec", "comparison", "run", "metrics", "invalid", "valid", "failed", "keptRuns", "pastRuns", "settings"]);
const MAX_QUEUED = 20;

export class TrainingPanel {
  private webview: PanelWebview;
  private ready = false;
  private shown: SpecTraining | null = null;
  private loads = 0;
  private loadId = "";
  /** The page (one run of its script) that said it was ready: a repeat of its "ready" is not a new page. */
  private readyPage: string | null = null;
  /** Which wait of READY_WAITS_MS the current load is in. */
  private attempt = 0;
  private timer: unknown = null;
  private loadedAt = 0;
  /** Every retry failed (until the user reloads the panel): runs do not wait for it. */
  private gaveUp = false;
  private readonly queued: HostToWebview[] = [];
  private disposed = false;

  constructor(
    webview: PanelWebview,
    private readonly owner: PanelOwner,
    private readonly timers: Timers = REAL_TIMERS,
  ) {
    this.webview = webview;
    this.listen(webview);
    this.load();
  }

  get spec(): SpecTraining | null {
    return this.shown;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Shows `spec` instead of what was shown (which is disposed: its runs stop). */
  show(spec: SpecTraining): void {
    if (this.shown === spec) return;
    this.shown?.dispose();
    this.shown = spec;
    this.queued.length = 0;
    if (this.gaveUp) spec.panelUnavailable();
    else spec.setPanelReady(this.ready);
    this.replay();
  }

  /** To the webview, once it is ready; before, replay() will bring it up to date (and the rest waits in a queue). */
  post(message: HostToWebview): void {
    if (message.type === "spec") this.webview.setTitle(message.title);
    if (message.type === "run") this.webview.setTitle(message.summary.name);
    if (this.ready) this.webview.postMessage(message);
    else if (!REPLAYED.has(message.type) && this.queued.length < MAX_QUEUED) this.queued.push(message);
  }

  /**
   * A new webview for this panel (the old one did not load, or the user asked to reload it): the
   * page loads there and the spec stays. `afresh` (the user's reload) makes every retry available again.
   */
  attach(webview: PanelWebview, afresh = false): void {
    if (afresh) this.attempt = 0;
    this.webview = webview;
    this.listen(webview);
    this.load();
  }

  /** The panel closed: the spec shown goes with it (its runs stop). */
  dispose(): void {
    this.disposed = true;
    this.timers.clear(this.timer);
    this.shown?.dispose();
    this.shown = null;
  }

  private listen(webview: PanelWebview): void {
    // Only the current webview is heard: one given up on may still send.
    webview.onMessage((raw) => {
      if (webview === this.webview) this.receive(raw);
    });
  }

  private load(): void {
    this.ready = false;
    this.readyPage = null;
    this.gaveUp = false;
    this.shown?.setPanelReady(false);
    this.loadId = `load-${++this.loads}-${Math.random().toString(36).slice(2, 10)}`;
    this.loadedAt = Date.now();
    this.webview.load(this.loadId);
    this.timers.clear(this.timer);
    this.timer = this.timers.set(() => this.notReadyInTime(), READY_WAITS_MS[Math.min(this.attempt, READY_WAITS_MS.length - 1)]);
  }

  private notReadyInTime(): void {
    if (this.disposed || this.ready) return;
    this.attempt++;
    this.owner.log(`the training panel's page did not say it was ready (load ${this.loads}, try ${this.attempt} of ${READY_WAITS_MS.length})`);
    if (this.attempt === 1) this.load();
    else if (this.attempt === 2) this.owner.recreate();
    else {
      this.timer = null;
      this.gaveUp = true;
      // Runs go on without the panel (the status bar shows them) until it is reloaded.
      this.shown?.panelUnavailable();
      this.owner.notLoaded();
    }
  }

  private isReadyOf(m: Extract<WebviewToHost, { type: "ready" }>): boolean {
    return m.load === undefined || m.load === this.loadId;
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
      case "ready": {
        // A page of an earlier load, or the same page saying it again before it heard from the host.
        if (!this.isReadyOf(m) || (this.ready && m.page !== undefined && m.page === this.readyPage)) return;
        const waited = this.attempt;
        this.ready = true;
        this.readyPage = m.page ?? null;
        this.attempt = 0;
        this.timers.clear(this.timer);
        this.timer = null;
        this.owner.log(
          `the training panel's page is ready ${Date.now() - this.loadedAt} ms after its load ${this.loads}${waited > 0 ? `, after ${waited} retries` : ""}`,
        );
        this.post({ type: "settings", ...this.owner.panelSettings() });
        this.replay();
        for (const message of this.queued.splice(0)) this.post(message);
        spec?.setPanelReady(true);
        return;
      }
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
      case "landscape":
      case "setParameter":
        void spec?.request(m);
        return;
      case "overlayRun":
        void spec?.overlayKeptRun(m.id);
        return;
      case "savePng":
        void this.owner
          .savePng(
            m.name,
            Uint8Array.from(atob(m.dataUrl.slice(m.dataUrl.indexOf(",") + 1)), (c) => c.charCodeAt(0)),
          )
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
