/**
 * A run asked to train while the panel's page loads starts paused, and trains once the page says
 * it is ready, so the run's watchable pace counts from when it can be watched; if the panel cannot
 * be loaded, it trains anyway (the status bar shows it). One per shown spec; free of `vscode`.
 */
import type { Run } from "./trainingRun";

export class PanelWait {
  /** Whether the panel shows what is posted now (its page said it was ready), or cannot at all. */
  private panel: "loading" | "ready" | "unavailable" = "loading";
  private held: Run | null = null;

  /** A run asked to train now starts paused, to wait for the panel. */
  get holds(): boolean {
    return this.panel === "loading";
  }

  /** `run` started paused: it trains once the panel is ready. */
  hold(run: Run): void {
    this.held = run;
  }

  /** The user said what the run should do (pause, step, stop…): it does that instead. */
  release(): void {
    this.held = null;
  }

  /** The panel's page said it was ready (true), or is loading again (false). */
  setReady(ready: boolean, isCurrent: (run: Run) => boolean): void {
    this.panel = ready ? "ready" : "loading";
    if (ready) this.start(isCurrent);
  }

  /** The panel could not be loaded: runs do not wait for it. */
  unavailable(isCurrent: (run: Run) => boolean): void {
    this.panel = "unavailable";
    this.start(isCurrent);
  }

  private start(isCurrent: (run: Run) => boolean): void {
    const run = this.held;
    this.held = null;
    if (run && isCurrent(run)) run.control({ type: "resume" });
  }
}
