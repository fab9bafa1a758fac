/**
 * What the panel asks of each view it shows (no DOM): draw the latest numbers, start afresh for a
 * new run, restyle for a new theme. main.ts registers every view in one list; adding a view is
 * adding one entry there.
 */
import type { DistributionSeries } from "../src/core/train/distributions";
import type { EpochMetrics } from "../src/core/train/metrics";
import type { PastRun } from "../src/protocol/panel";
import type { MetricsUpdate, RunSummary } from "../src/protocol/run";

/** What a draw shows. */
export interface Shown {
  update: MetricsUpdate;
  /** The latest epoch (undefined before the first ends). */
  last: EpochMetrics | undefined;
  /** The epochs the charts draw (every one, or every other one of a long run). */
  drawn: EpochMetrics[];
  /** The distributions' percentiles over epochs, kept from the last update that had them. */
  series: DistributionSeries | null;
}

export interface PanelView {
  /** Its name in the console when drawing it fails. */
  name: string;
  show?(shown: Shown): void;
  /** A new run: nothing of the last one stays; `pastRuns` the earlier runs' curves, kept to compare. */
  reset?(run: RunSummary, pastRuns: PastRun[]): void;
  /** VS Code's theme changed. */
  restyle?(): void;
}

/** Draws each view on its own: a view that fails must not blank the others. */
export function showEach(views: readonly PanelView[], shown: Shown, log: (message: string, error: unknown) => void): void {
  for (const view of views) {
    if (!view.show) continue;
    try {
      view.show(shown);
    } catch (e) {
      log(`NNSpec panel: drawing the ${view.name} failed`, e);
    }
  }
}
