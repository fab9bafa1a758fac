/**
 * The training panel: receives the host's messages (dropping those of runs that are no longer
 * current), accumulates the epochs, and renders the first update at once and the rest at most
 * once per update interval.
 */
import type { EpochMetrics } from "../src/core/train/metrics";
import type { HostToWebview, MetricsUpdate, RunStatus, RunSummary } from "../src/protocol";
import { BoundaryView } from "./boundary";
import { applyTheme } from "./chartSetup";
import { MetricCharts } from "./charts";
import { ConfusionView } from "./confusion";
import { Controls } from "./controls";
import { LayerDiagram } from "./diagram";
import { num, percent } from "./format";
import { GradientView } from "./gradients";
import { configureL10n, t } from "./l10n";
import { WeightsView } from "./weights";
import "./main.css";
import { type PanelState, vscode } from "./vscodeApi";

const initial = JSON.parse(document.getElementById("nnspec-initial-state")?.textContent ?? "{}") as { specUri?: string; l10n?: Record<string, string> };
// Before anything is built: every label below goes through t().
configureL10n(initial.l10n);
const state: PanelState = { logScale: false, edgeMode: "weight", ...vscode.getState(), specUri: initial.specUri ?? vscode.getState()?.specUri ?? "" };
vscode.setState(state);

applyTheme();

let runId = 0;
let summary: RunSummary | null = null;
let history: EpochMetrics[] = [];
let latest: MetricsUpdate | null = null;
let status: RunStatus | "none" = "none";
let renderInterval = 100;
let renderTimer: number | undefined;
let lastRender = 0;

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
const statusText = text("span", "status", "status");
const statusLine = document.createElement("div");
statusLine.className = "statusline";
statusLine.append(`${t("epoch")} `, epochText, totalText, batchText, ` · ${t("loss")} `, lossText, " · ", accuracyText, " · ", statusText);
const banner = text("div", "error-banner", "banner");
banner.hidden = true;

const diagram = new LayerDiagram();
const boundary = new BoundaryView();
const charts = new MetricCharts(state.logScale);
const gradients = new GradientView();
const confusion = new ConfusionView();
const weights = new WeightsView();
diagram.setMode(state.edgeMode);
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
  },
  state,
);

const top = document.createElement("div");
top.className = "top";
top.append(diagram.element, boundary.section);
const bottom = document.createElement("div");
bottom.className = "bottom";
bottom.append(charts.lossSection, charts.accuracySection, gradients.section, weights.section, confusion.section);
const header = document.createElement("header");
header.append(title, controls.element, statusLine, banner);
document.getElementById("app")?.append(header, top, bottom);
controls.update("none");
statusText.textContent = t("waiting");

// ── rendering ────────────────────────────────────────────────────────────────────────────────
function showStatus(s: RunStatus | "none"): void {
  status = s;
  // The text is for people (translated); data-status is for styles and tools.
  statusText.textContent = s === "none" ? t("waiting") : t(s);
  statusText.dataset.status = s;
  controls.update(s, summary?.loss, summary?.learningRate);
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
  const last = history[history.length - 1];
  lossText.textContent = last ? num(last.loss) : "–";
  accuracyText.textContent = last
    ? last.valAccuracy === null
      ? t("accuracy {0}", percent(last.accuracy))
      : t("accuracy {0}, validation {1}", percent(last.accuracy), percent(last.valAccuracy))
    : "";
  // Each view on its own: a view that fails must not blank the others.
  const views: [string, () => void][] = [
    ["charts", () => charts.show(history)],
    ["gradients", () => gradients.show(history)],
    ["diagram", () => diagram.update(update.weights)],
    ["unit pictures", () => diagram.updateMaps(update.neuronMaps)],
    ["boundary", () => boundary.update(update)],
    ["weights", () => weights.show(update.weightHistograms)],
    ["confusion matrix", () => confusion.show(update.confusion)],
  ];
  for (const [name, show] of views) {
    try {
      show();
    } catch (e) {
      console.error(`NNSpec panel: drawing the ${name} failed`, e);
    }
  }
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

function startRun(id: number, s: RunSummary, past: Parameters<MetricCharts["reset"]>[0]): void {
  runId = id;
  summary = s;
  history = [];
  latest = null;
  title.textContent = s.name;
  totalText.textContent = ` / ${s.totalEpochs}`;
  epochText.textContent = "0";
  batchText.textContent = "";
  lossText.textContent = "–";
  accuracyText.textContent = "";
  diagram.setNetwork(s);
  boundary.setNetwork(s);
  charts.reset(past, s.loss);
  gradients.reset(s.sizes.length - 1);
  weights.reset(s.sizes.length - 1);
  confusion.reset(s.classNames, s.task === "classification");
  showBanner(null);
  showStatus("paused");
}

window.addEventListener("message", (event: MessageEvent<HostToWebview>) => {
  const m = event.data;
  switch (m.type) {
    case "settings":
      renderInterval = m.updateIntervalMs;
      break;
    case "run":
      if (m.runId < runId) return;
      startRun(m.runId, m.summary, m.pastRuns);
      break;
    case "metrics":
      if (m.runId !== runId) return; // a stale message of an earlier run
      history.push(...m.update.epochs);
      latest = m.update;
      // A failure's message stays up; an earlier transient problem clears with new progress.
      if (m.update.status !== "error" && banner.dataset.kind !== "invalid") showBanner(null);
      showStatus(m.update.status);
      scheduleRender();
      break;
    case "invalid":
      if (m.runId < runId) return;
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
      if (m.runId !== runId) return;
      showBanner(m.message, "error");
      showStatus("error");
      break;
  }
});

vscode.postMessage({ type: "ready" });
