/**
 * What the panel shows now: receives the host's messages (dropping those of runs that are no
 * longer current), accumulates the epochs, and renders the first update at once and the rest at
 * most once per update interval. A "spec" message starts afresh: nothing of the previous spec
 * stays. While losses are compared, the comparison's view replaces the single run's.
 */
import { BoundedHistory } from "../src/core/base/boundedHistory";
import type { DistributionSeries } from "../src/core/train/distributions";
import type { EpochMetrics } from "../src/core/train/metrics";
import { DRAWN_EPOCHS } from "../src/protocol/curve";
import type { HostToWebview, PastRun, WebviewToHost } from "../src/protocol/panel";
import type { MetricsUpdate, RunStatus, RunSummary } from "../src/protocol/run";
import type { MetricCharts } from "./charts";
import type { ComparisonView } from "./comparison";
import type { Controls } from "./controls";
import type { LayerDiagram } from "./diagram";
import type { Picked } from "./diagramItems";
import type { ImageViews } from "./imageViews";
import type { KeptRunsView } from "./keptRuns";
import { t } from "./l10n";
import type { LandscapeView } from "./landscape";
import type { LossAlongView } from "./lossAlong";
import { type PanelView, showEach } from "./panelView";
import { RenderSchedule } from "./renderSchedule";
import { DRAWN, type SampleCardView } from "./sampleCard";
import type { StatusLine } from "./statusLine";
import type { PanelState } from "./vscodeApi";

/** The parts of the panel the messages change. */
export interface PanelParts {
  status: StatusLine;
  /** Every view drawn from the metrics (main.ts's list). */
  views: readonly PanelView[];
  diagram: LayerDiagram;
  card: SampleCardView;
  images: ImageViews;
  charts: MetricCharts;
  comparison: ComparisonView;
  controls: Controls;
  keptRuns: KeptRunsView;
  lossAlong: LossAlongView;
  landscape: LandscapeView;
  /** The single run's parts, hidden while losses are compared. */
  single: readonly HTMLElement[];
  state: PanelState;
  saveState(): void;
  post(message: WebviewToHost): void;
}

export class PanelRun {
  private runId = 0;
  summary: RunSummary | null = null;
  /** While comparing losses: the first entry's run, whose summary the controls show. */
  private firstCompared = 0;
  /** The run's epochs as the charts draw them: every one, until there are so many that every other one will do. */
  private history = new BoundedHistory<EpochMetrics>(DRAWN_EPOCHS);
  private latest: MetricsUpdate | null = null;
  /** The distributions' percentiles over epochs: sent only when they change, so kept from the update that had them. */
  private series: DistributionSeries | null = null;
  private status: RunStatus | "none" = "none";
  /** While comparing losses: the runs compared (their messages go to the comparison view). */
  comparing: Set<number> | null = null;
  /** The weight, bias or unit picked in the diagram. */
  private picked: Picked | null = null;
  /** When the open sample card was last asked for, to refresh it at most once a second while training. */
  private cardAsked = 0;
  /** Whether the host has answered this page's "ready" (it says it again until then). */
  heard = false;
  private readonly schedule = new RenderSchedule(() => this.render(), {
    now: () => performance.now(),
    setTimeout: (run, ms) => window.setTimeout(run, ms),
    clearTimeout: (id) => window.clearTimeout(id),
  });

  constructor(private readonly p: PanelParts) {}

  /** The diagram's pick changed: the open card writes out what is picked. */
  pick(picked: Picked | null): void {
    this.picked = picked;
    this.askCard();
  }

  /** Asks for the sample card of the sample shown, writing out what is picked in the diagram. */
  askCard(): void {
    const sample = this.p.card.sample;
    if (sample === null) return;
    this.cardAsked = performance.now();
    const drawn = sample === DRAWN ? this.p.images.pad.drawn() : null;
    if (sample === DRAWN && !drawn) return;
    this.p.post({
      type: "card",
      sample: Math.max(0, sample),
      unit: this.picked?.unit ?? null,
      parameter: this.picked?.parameter ?? null,
      ...(drawn ? { drawn } : {}),
    });
  }

  showStatus(s: RunStatus | "none"): void {
    const changed = s !== this.status;
    this.status = s;
    this.p.status.showStatus(s, changed);
    this.p.controls.update(s, this.summary ?? undefined);
    this.p.diagram.setEditable(s === "paused" || s === "stopped" || s === "done");
  }

  render(): void {
    const update = this.latest;
    if (!update) return;
    const last = this.history.last;
    // After a hand edit, the numbers are those of the edited network, measured without training.
    this.p.status.show(update, update.edited ?? last, this.summary?.batchesPerEpoch);
    showEach(this.p.views, { update, last, drawn: this.history.list(), series: this.series }, console.error);
  }

  /** VS Code's theme changed: colours follow without a reload. */
  restyle(): void {
    for (const view of this.p.views) view.restyle?.();
    if (this.summary && !this.comparing) this.p.diagram.setNetwork(this.summary);
    this.schedule.run();
  }

  /** A new spec: everything shown so far belonged to another spec (or an earlier panel). */
  private showSpec(specUri: string, specTitle: string): void {
    this.p.state.specUri = specUri;
    this.p.saveState();
    this.comparing = null;
    this.summary = null;
    this.history = new BoundedHistory<EpochMetrics>(DRAWN_EPOCHS);
    this.latest = null;
    this.series = null;
    this.schedule.cancel();
    this.p.status.title.textContent = specTitle;
    this.p.status.clear();
    this.p.charts.reset([], "");
    this.p.status.showBanner(null);
    this.setComparing(false);
    this.showStatus("none");
  }

  /** While losses are compared, the comparison's view replaces the single run's, and the status line says only how far the runs are. */
  private setComparing(on: boolean): void {
    for (const part of this.p.single) part.hidden = on;
    this.p.status.setComparing(on);
    this.p.comparison.section.hidden = !on;
  }

  private startRun(id: number, s: RunSummary, past: PastRun[]): void {
    this.runId = id;
    this.summary = s;
    this.history = new BoundedHistory<EpochMetrics>(DRAWN_EPOCHS);
    this.latest = null;
    this.series = null;
    this.p.status.startRun(s);
    for (const view of this.p.views) view.reset?.(s, past);
    this.picked = null;
    this.p.status.showBanner(null);
    this.showStatus("paused");
  }

  onMessage(m: HostToWebview): void {
    const { status, card, comparison } = this.p;
    this.heard = true;
    switch (m.type) {
      case "settings":
        this.schedule.interval = m.updateIntervalMs;
        this.p.controls.setPace(m.pace);
        break;
      case "spec":
        this.showSpec(m.specUri, m.title);
        break;
      case "comparison":
        this.comparing = new Set(m.runs.map((r) => r.runId));
        this.firstCompared = m.runs[0]?.runId ?? 0;
        this.summary = null; // the last single run's until the first compared run says what it is
        this.runId = Math.max(...m.runs.map((r) => r.runId));
        comparison.reset(m.runs);
        this.setComparing(true);
        status.showBanner(null);
        this.showStatus("training");
        break;
      case "run":
        if (this.comparing?.has(m.runId)) {
          comparison.setSummary(m.runId, m.summary);
          // The controls show the first entry's loss (the usual one for the output), not whichever started last.
          if (m.runId === this.firstCompared) this.summary = m.summary;
          status.totalText.textContent = ` / ${m.summary.totalEpochs}`;
          status.title.textContent = t("{0}: comparing loss functions", m.summary.name);
          this.p.controls.update(this.status, this.summary ?? undefined);
          return;
        }
        if (m.runId < this.runId) return;
        this.comparing = null;
        this.setComparing(false);
        this.startRun(m.runId, m.summary, m.pastRuns);
        break;
      case "metrics":
        if (this.comparing?.has(m.runId)) {
          comparison.update(m.runId, m.update);
          status.epochText.textContent = String(comparison.epoch());
          this.showStatus(comparison.status());
          return;
        }
        if (m.runId !== this.runId) return; // a stale message of an earlier run
        this.history.pushAll(m.update.epochs);
        this.latest = m.update;
        this.series = m.update.distributionHistory ?? this.series;
        // A failure's message stays up; an earlier transient problem clears with new progress.
        if (m.update.status !== "error" && !status.invalid) status.showBanner(null);
        // The landscape, once asked for, is drawn again at the run's end.
        if (m.update.status === "done" && this.status !== "done") this.p.landscape.runEnded();
        this.showStatus(m.update.status);
        // The first update of a run renders at once, and so does any that is not "training" (a pause,
        // stop, end or failure: its numbers must show with its status); the rest at most once per interval.
        this.schedule.request(m.update.status !== "training", this.history.length <= 1);
        // The open card follows the network: at once when it stops changing, else once a second.
        if (card.sample !== null && (m.update.status !== "training" || performance.now() - this.cardAsked > 1000)) this.askCard();
        break;
      case "keptRuns":
        this.p.keptRuns.show(m.runs);
        break;
      case "pastRuns":
        this.p.charts.setPast(m.pastRuns);
        break;
      case "openCard":
        card.pick(m.sample);
        card.section.scrollIntoView({ block: "nearest" });
        break;
      case "card":
        if (m.runId !== this.runId) return;
        if (m.card.trace.sample === DRAWN) this.p.images.pad.showCard(m.card);
        card.show(m.card);
        this.p.diagram.showSample(card.sample === null ? null : m.card.trace);
        break;
      case "lossAlong":
        if (m.runId !== this.runId) return;
        this.p.lossAlong.show(m.result);
        break;
      case "landscape":
        if (m.runId !== this.runId) return;
        this.p.landscape.show(m.result);
        break;
      case "requestFailed":
        if (m.runId !== this.runId) return;
        if (m.what === "card") card.failed(m.message);
        else if (m.what === "landscape") this.p.landscape.failed(m.message);
        else status.showBanner(m.message, "error");
        break;
      case "invalid":
        status.showBanner(`${m.location ? `${m.location}: ` : ""}${m.message}`, "invalid");
        status.showInvalid();
        break;
      case "valid":
        if (status.invalid) {
          status.showBanner(null);
          this.showStatus(this.status);
        }
        break;
      case "failed":
        if (m.runId !== this.runId && !this.comparing?.has(m.runId)) return;
        status.showBanner(m.message, "error");
        if (!this.comparing) this.showStatus("error");
        break;
      case "startFailed":
        status.showBanner(m.message, "error");
        this.showStatus("error");
        break;
    }
  }
}
