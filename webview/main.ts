/**
 * The training panel: receives the host's messages (dropping those of runs that are no longer
 * current), accumulates the epochs, and renders the first update at once and the rest at most
 * once per update interval. A "spec" message starts afresh: nothing of the previous spec stays.
 */
import { BoundedHistory } from "../src/core/base/boundedHistory";
import type { DistributionSeries } from "../src/core/train/distributions";
import type { EpochMetrics } from "../src/core/train/metrics";
import { DRAWN_EPOCHS } from "../src/protocol/curve";
import type { HostToWebview } from "../src/protocol/panel";
import type { MetricsUpdate, RunStatus, RunSummary } from "../src/protocol/run";
import { BoundaryView } from "./boundary";
import { applyTheme, onSavePicture, onThemeChange } from "./chartSetup";
import { MetricCharts } from "./charts";
import { ComparisonView } from "./comparison";
import { ConfusionView } from "./confusion";
import { Controls } from "./controls";
import { LayerDiagram, type Picked } from "./diagram";
import { DistributionsView } from "./distributions";
import { FindingsView } from "./findings";
import { num, percent } from "./format";
import { GradientView } from "./gradients";
import { ImageViews } from "./imageViews";
import { KeptRunsView } from "./keptRuns";
import { configureL10n, statusWord, t } from "./l10n";
import { LandscapeView } from "./landscape";
import { LossAlongView } from "./lossAlong";
import { DRAWN, SampleCardView } from "./sampleCard";
import { UpdateRatioView } from "./updateRatio";
import { WeightsView } from "./weights";
import "./main.css";
import { type PanelState, vscode } from "./vscodeApi";

const initial = JSON.parse(document.getElementById("nnspec-initial-state")?.textContent ?? "{}") as {
  l10n?: Record<string, string>;
  language?: string;
  /** Which load of the page this is (the host's id, repeated in "ready"). */
  load?: string;
};
// Before anything is built: every label below goes through t().
configureL10n(initial.l10n);
// Screen readers pronounce the page in VS Code's display language.
document.documentElement.lang = initial.language ?? "en";
const state: PanelState = { specUri: "", logScale: false, edgeMode: "weight", unitRings: false, ...vscode.getState() };
vscode.setState(state);

applyTheme();

let runId = 0;
let summary: RunSummary | null = null;
/** While comparing losses: the first entry's run, whose summary the controls show. */
let firstCompared = 0;
/** The run's epochs as the charts draw them: every one, until there are so many that every other one will do. */
let history = new BoundedHistory<EpochMetrics>(DRAWN_EPOCHS);
let latest: MetricsUpdate | null = null;
/** The distributions' percentiles over epochs: sent only when they change, so kept from the update that had them. */
let series: DistributionSeries | null = null;
let status: RunStatus | "none" = "none";
let renderInterval = 100;
let renderTimer: number | undefined;
let lastRender = 0;
/** While comparing losses: the runs compared (their messages go to the comparison view). */
let comparing: Set<number> | null = null;
/** The weight, bias or unit picked in the diagram. */
let picked: Picked | null = null;
/** When the open sample card was last asked for, to refresh it at most once a second while training. */
let cardAsked = 0;
/** Whether the host has answered this page's "ready" (it says it again until then). */
let heard = false;

function text(tag: string, testid: string, className = ""): HTMLElement {
  const e = document.createElement(tag);
  e.dataset.testid = testid;
  if (className) e.className = className;
  return e;
}

// ── layout ───────────────────────────────────────────────────────────────────────────────────
const title = document.createElement("h2");
const epochText = text("span", "epoch", "value");
const totalText = document.createElement("span");
const batchText = text("span", "batch");
const lossText = text("span", "loss-value", "value");
const accuracyText = text("span", "accuracy-value", "value");
const rateText = text("span", "epochs-per-second");
const statusText = text("span", "status", "status");
const statusLine = document.createElement("div");
statusLine.className = "statusline";
const lossPart = document.createElement("span");
lossPart.append(` · ${t("loss")} `, lossText);
const accuracyPart = document.createElement("span");
accuracyPart.append(" · ", accuracyText);
statusLine.append(`${t("epoch")} `, epochText, totalText, batchText, lossPart, accuracyPart, rateText, " · ", statusText);
// The status word is announced when it changes (training → paused → done), not every epoch.
const announcer = text("div", "announcer", "visually-hidden");
announcer.setAttribute("role", "status");
const banner = text("div", "error-banner", "banner");
banner.setAttribute("role", "alert");
banner.hidden = true;

const diagram = new LayerDiagram({
  picked: (p) => {
    picked = p;
    askCard();
  },
  lossAlong: (parameter) => vscode.postMessage({ type: "lossAlong", parameter }),
  setParameter: (parameter, value) => vscode.postMessage({ type: "setParameter", parameter, value }),
});
const card = new SampleCardView({
  pick: (sample) => {
    if (sample === null) diagram.showSample(null);
    else askCard();
  },
});
const lossAlong = new LossAlongView(() => undefined);
const landscape = new LandscapeView((ask) => vscode.postMessage({ type: "landscape", ask }));
const keptRuns = new KeptRunsView((id) => vscode.postMessage({ type: "overlayRun", id }));
onSavePicture((name, dataUrl) => vscode.postMessage({ type: "savePng", name, dataUrl }));
/** Asks for the sample card of the sample shown, writing out what is picked in the diagram. */
function askCard(): void {
  const sample = card.sample;
  if (sample === null) return;
  cardAsked = performance.now();
  const drawn = sample === DRAWN ? images.pad.drawn() : null;
  if (sample === DRAWN && !drawn) return;
  vscode.postMessage({
    type: "card",
    sample: Math.max(0, sample),
    unit: picked?.unit ?? null,
    parameter: picked?.parameter ?? null,
    ...(drawn ? { drawn } : {}),
  });
}
/** The gallery, the unit images and the draw pad (image data only). */
const images = new ImageViews({
  open: (sample) => {
    card.pick(sample);
    card.section.scrollIntoView({ block: "nearest" });
  },
  probe: (drawn) => vscode.postMessage({ type: "card", sample: 0, unit: null, parameter: null, drawn }),
  openDrawn: () => {
    card.pickDrawn();
    card.section.scrollIntoView({ block: "nearest" });
  },
});
const boundary = new BoundaryView((sample) => card.pick(sample));
const charts = new MetricCharts(state.logScale);
const gradients = new GradientView();
const updateRatio = new UpdateRatioView();
const distributions = new DistributionsView();
const findings = new FindingsView((text) => {
  announcer.textContent = text;
});
const confusion = new ConfusionView((label, predicted) => images.gallery.showCell(label, predicted));
const weights = new WeightsView();
const comparison = new ComparisonView();
diagram.setMode(state.edgeMode);
diagram.setRings(state.unitRings);
const controls = new Controls(
  {
    command: (command) => vscode.postMessage({ type: "command", command }),
    setLoss: (loss) => {
      if (loss !== summary?.loss) vscode.postMessage({ type: "setLoss", loss });
    },
    setLearningRate: (value) => {
      // The run now uses this rate; keep showing it rather than the one it started with.
      if (summary) summary.learningRate = value;
      vscode.postMessage({ type: "setLearningRate", value });
    },
    setPace: (pace) => vscode.postMessage({ type: "setPace", pace }),
    setLogScale: (on) => {
      state.logScale = on;
      vscode.setState(state);
      charts.setLogScale(on);
    },
    setEdgeMode: (mode) => {
      state.edgeMode = mode;
      vscode.setState(state);
      diagram.setMode(mode);
    },
    setUnitRings: (on) => {
      state.unitRings = on;
      vscode.setState(state);
      diagram.setRings(on);
    },
  },
  state,
);

const top = document.createElement("div");
top.className = "top";
top.append(diagram.element, boundary.section);
const middle = document.createElement("div");
middle.className = "middle";
middle.append(card.section, lossAlong.section, keptRuns.section);
const bottom = document.createElement("div");
bottom.className = "bottom";
bottom.append(charts.lossSection, charts.accuracySection, gradients.section, updateRatio.section, distributions.section, weights.section, confusion.section);
const header = document.createElement("header");
header.append(title, controls.element, statusLine, announcer, banner);
const main = document.createElement("main");
// The landscape's maps side by side want the panel's whole width.
main.append(findings.section, top, images.section, middle, landscape.section, bottom, comparison.section);
document.getElementById("app")?.append(header, main);
controls.update("none");
statusText.textContent = t("waiting");

// ── rendering ────────────────────────────────────────────────────────────────────────────────
function showStatus(s: RunStatus | "none"): void {
  const changed = s !== status;
  status = s;
  // The text is for people (translated); data-status is for styles and tools.
  statusText.textContent = statusWord(s === "none" ? "waiting" : s);
  statusText.dataset.status = s;
  if (changed && s !== "none") announcer.textContent = t("Training is {0}.", statusWord(s));
  controls.update(s, summary ?? undefined);
  diagram.setEditable(s === "paused" || s === "stopped" || s === "done");
}

function showBanner(message: string | null, kind: "invalid" | "error" = "error"): void {
  banner.hidden = message === null;
  banner.textContent = message ?? "";
  banner.dataset.kind = kind;
  document.body.classList.toggle("dimmed", kind === "invalid" && message !== null);
}

function render(): void {
  renderTimer = undefined;
  lastRender = performance.now();
  const update = latest;
  if (!update) return;
  epochText.textContent = String(update.epoch);
  batchText.textContent = update.batch > 0 ? ` ${t("(batch {0} of {1})", update.batch, summary?.batchesPerEpoch ?? "?")}` : "";
  const last = history.last;
  // After a hand edit, the numbers are those of the edited network, measured without training.
  const now = update.edited ?? last;
  lossText.textContent = now ? num(now.loss) : "–";
  accuracyText.textContent = now
    ? now.valAccuracy === null
      ? t("accuracy {0}", percent(now.accuracy))
      : t("accuracy {0}, validation {1}", percent(now.accuracy), percent(now.valAccuracy))
    : "";
  if (update.edited) accuracyText.textContent += ` ${t("(after your edit)")}`;
  accuracyPart.hidden = accuracyText.textContent === "";
  rateText.textContent = update.epochsPerSecond === null ? "" : ` · ${t("{0} epochs/s", rate(update.epochsPerSecond))}`;
  const drawn = history.list();
  // Each view on its own: a view that fails must not blank the others.
  const views: [string, () => void][] = [
    ["charts", () => charts.show(drawn)],
    ["findings", () => findings.show(last?.findings)],
    ["gradients", () => gradients.show(drawn)],
    ["update ratio", () => updateRatio.show(drawn)],
    ["distributions", () => distributions.show(update.distributions, series)],
    ["unit gradients", () => diagram.setUnitGradients(update.unitGradients)],
    ["diagram", () => diagram.update(update.weights)],
    ["unit pictures", () => diagram.updateMaps(update.neuronMaps)],
    ["boundary", () => boundary.update(update, last)],
    ["weights", () => weights.show(update.weightHistograms)],
    ["confusion matrix", () => confusion.show(update.confusion)],
    ["image views", () => images.show(update)],
  ];
  for (const [name, show] of views) {
    try {
      show();
    } catch (e) {
      console.error(`NNSpec panel: drawing the ${name} failed`, e);
    }
  }
}

/** Epochs a second as a person reads them: whole numbers, one decimal below 10. */
function rate(perSecond: number): string {
  return perSecond >= 10 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}

/**
 * The first update of a run renders at once, and so does any that is not "training" (a pause,
 * stop, end or failure: its numbers must show with its status); the rest at most once per interval.
 */
function scheduleRender(): void {
  if (latest && latest.status !== "training") {
    window.clearTimeout(renderTimer);
    render();
    return;
  }
  if (renderTimer !== undefined) return;
  const wait = Math.max(0, renderInterval - (performance.now() - lastRender));
  renderTimer = window.setTimeout(render, history.length <= 1 ? 0 : wait);
}

/** A new spec: everything shown so far belonged to another spec (or an earlier panel). */
function showSpec(specUri: string, specTitle: string): void {
  state.specUri = specUri;
  vscode.setState(state);
  comparing = null;
  summary = null;
  history = new BoundedHistory<EpochMetrics>(DRAWN_EPOCHS);
  latest = null;
  series = null;
  window.clearTimeout(renderTimer);
  renderTimer = undefined;
  title.textContent = specTitle;
  for (const e of [epochText, batchText, lossText, accuracyText, rateText, totalText]) e.textContent = "";
  charts.reset([], "");
  showBanner(null);
  setComparing(false);
  showStatus("none");
}

/** While losses are compared, the comparison's view replaces the single run's, and the status line says only how far the runs are. */
function setComparing(on: boolean): void {
  for (const part of [findings.section, top, images.section, middle, bottom, lossPart, accuracyPart]) part.hidden = on;
  comparison.section.hidden = !on;
  if (on) rateText.textContent = "";
}

function startRun(id: number, s: RunSummary, past: Parameters<MetricCharts["reset"]>[0]): void {
  runId = id;
  summary = s;
  history = new BoundedHistory<EpochMetrics>(DRAWN_EPOCHS);
  latest = null;
  series = null;
  title.textContent = s.name;
  totalText.textContent = ` / ${s.totalEpochs}`;
  epochText.textContent = "0";
  batchText.textContent = "";
  lossText.textContent = "–";
  accuracyText.textContent = "";
  rateText.textContent = "";
  diagram.setNetwork(s);
  boundary.setNetwork(s);
  charts.reset(past, s.loss);
  gradients.reset(s.sizes.length - 1);
  updateRatio.reset(s.sizes.length - 1);
  distributions.reset(s.sizes.length - 1);
  findings.reset();
  weights.reset(s.sizes.length - 1);
  confusion.reset(s.classNames, s.task === "classification", s.sizes[s.sizes.length - 1], Boolean(s.images));
  images.setRun(s);
  card.setRun(s);
  lossAlong.hide();
  landscape.reset();
  picked = null;
  showBanner(null);
  showStatus("paused");
}

window.addEventListener("message", (event: MessageEvent<HostToWebview>) => {
  const m = event.data;
  heard = true;
  switch (m.type) {
    case "settings":
      renderInterval = m.updateIntervalMs;
      controls.setPace(m.pace);
      break;
    case "spec":
      showSpec(m.specUri, m.title);
      break;
    case "comparison":
      comparing = new Set(m.runs.map((r) => r.runId));
      firstCompared = m.runs[0]?.runId ?? 0;
      summary = null; // the last single run's until the first compared run says what it is
      runId = Math.max(...m.runs.map((r) => r.runId));
      comparison.reset(m.runs);
      setComparing(true);
      showBanner(null);
      showStatus("training");
      break;
    case "run":
      if (comparing?.has(m.runId)) {
        comparison.setSummary(m.runId, m.summary);
        // The controls show the first entry's loss (the usual one for the output), not whichever started last.
        if (m.runId === firstCompared) summary = m.summary;
        totalText.textContent = ` / ${m.summary.totalEpochs}`;
        title.textContent = t("{0}: comparing loss functions", m.summary.name);
        controls.update(status, summary ?? undefined);
        return;
      }
      if (m.runId < runId) return;
      comparing = null;
      setComparing(false);
      startRun(m.runId, m.summary, m.pastRuns);
      break;
    case "metrics": {
      if (comparing?.has(m.runId)) {
        comparison.update(m.runId, m.update);
        epochText.textContent = String(comparison.epoch());
        showStatus(comparison.status());
        return;
      }
      if (m.runId !== runId) return; // a stale message of an earlier run
      history.pushAll(m.update.epochs);
      latest = m.update;
      series = m.update.distributionHistory ?? series;
      // A failure's message stays up; an earlier transient problem clears with new progress.
      if (m.update.status !== "error" && banner.dataset.kind !== "invalid") showBanner(null);
      const ended = m.update.status === "done" && status !== "done";
      showStatus(m.update.status);
      scheduleRender();
      // The open card follows the network: at once when it stops changing, else once a second.
      if (card.sample !== null && (m.update.status !== "training" || performance.now() - cardAsked > 1000)) askCard();
      if (ended) landscape.runEnded();
      break;
    }
    case "keptRuns":
      keptRuns.show(m.runs);
      break;
    case "pastRuns":
      charts.setPast(m.pastRuns);
      break;
    case "openCard":
      card.pick(m.sample);
      card.section.scrollIntoView({ block: "nearest" });
      break;
    case "card":
      if (m.runId !== runId) return;
      if (m.card.trace.sample === DRAWN) images.pad.showCard(m.card);
      card.show(m.card);
      diagram.showSample(card.sample === null ? null : m.card.trace);
      break;
    case "lossAlong":
      if (m.runId !== runId) return;
      lossAlong.show(m.result);
      break;
    case "landscape":
      if (m.runId !== runId) return;
      landscape.show(m.result);
      break;
    case "requestFailed":
      if (m.runId !== runId) return;
      if (m.what === "card") card.failed(m.message);
      else if (m.what === "landscape") landscape.failed(m.message);
      else showBanner(m.message, "error");
      break;
    case "invalid":
      showBanner(`${m.location ? `${m.location}: ` : ""}${m.message}`, "invalid");
      statusText.textContent = t("invalid");
      statusText.dataset.status = "invalid";
      break;
    case "valid":
      if (banner.dataset.kind === "invalid") {
        showBanner(null);
        showStatus(status);
      }
      break;
    case "failed":
      if (m.runId !== runId && !comparing?.has(m.runId)) return;
      showBanner(m.message, "error");
      if (!comparing) showStatus("error");
      break;
  }
});

// VS Code's theme changed: colours follow without a reload.
onThemeChange(() => {
  applyTheme();
  charts.restyle();
  gradients.restyle();
  updateRatio.restyle();
  distributions.restyle();
  weights.restyle();
  comparison.restyle();
  boundary.restyle();
  if (summary && !comparing) diagram.setNetwork(summary);
  render();
});

// The handshake (src/extension/trainingPanel.ts): ready, with this load's id and this page's, said
// again every second until the host answers (a message sent while the webview was still being
// wired up can be lost); the host then sends everything the panel shows.
const page = `page-${Math.random().toString(36).slice(2, 12)}`;
function sayReady(times: number): void {
  if (heard) return;
  vscode.postMessage({ type: "ready", load: initial.load, page });
  if (times > 1) window.setTimeout(() => sayReady(times - 1), 1000);
}
sayReady(30);
