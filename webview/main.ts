/**
 * The training panel, put together: builds each view, lays them out, registers them in one list
 * (adding a view is one entry in `views`), and hands the host's messages to PanelRun
 * (panelRun.ts), which keeps what is shown now.
 */
import type { HostToWebview, WebviewToHost } from "../src/protocol/panel";
import { BoundaryView } from "./boundary";
import { applyTheme, onSavePicture, onThemeChange } from "./chartSetup";
import { MetricCharts } from "./charts";
import { ComparisonView } from "./comparison";
import { ConfusionView } from "./confusion";
import { Controls } from "./controls";
import { LayerDiagram } from "./diagram";
import { DistributionsView } from "./distributions";
import { FindingsView } from "./findings";
import { GradientView } from "./gradients";
import { ImageViews } from "./imageViews";
import { KeptRunsView } from "./keptRuns";
import { configureL10n } from "./l10n";
import { LandscapeView } from "./landscape";
import { LossAlongView } from "./lossAlong";
import { PanelRun } from "./panelRun";
import type { PanelView } from "./panelView";
import { SampleCardView } from "./sampleCard";
import { StatusLine } from "./statusLine";
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
const saveState = () => vscode.setState(state);
const post = (message: WebviewToHost) => vscode.postMessage(message);

applyTheme();

// ── the views ────────────────────────────────────────────────────────────────────────────────
const status = new StatusLine();
const diagram = new LayerDiagram({
  picked: (p) => run.pick(p),
  lossAlong: (parameter) => post({ type: "lossAlong", parameter }),
  setParameter: (parameter, value) => post({ type: "setParameter", parameter, value }),
});
const card = new SampleCardView({
  pick: (sample) => {
    if (sample === null) diagram.showSample(null);
    else run.askCard();
  },
});
const lossAlong = new LossAlongView(() => undefined);
const landscape = new LandscapeView((ask) => post({ type: "landscape", ask }));
const keptRuns = new KeptRunsView((id) => post({ type: "overlayRun", id }));
onSavePicture((name, dataUrl) => post({ type: "savePng", name, dataUrl }));
/** The gallery, the unit images and the draw pad (image data only). */
const images = new ImageViews({
  open: (sample) => {
    card.pick(sample);
    card.section.scrollIntoView({ block: "nearest" });
  },
  probe: (drawn) => post({ type: "card", sample: 0, unit: null, parameter: null, drawn }),
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
  status.announcer.textContent = text;
});
const confusion = new ConfusionView((label, predicted) => images.gallery.showCell(label, predicted));
const weights = new WeightsView();
const comparison = new ComparisonView();
diagram.setMode(state.edgeMode);
diagram.setRings(state.unitRings);
const controls = new Controls(
  {
    command: (command) => post({ type: "command", command }),
    setLoss: (loss) => {
      if (loss !== run.summary?.loss) post({ type: "setLoss", loss });
    },
    setLearningRate: (value) => {
      // The run now uses this rate; keep showing it rather than the one it started with.
      if (run.summary) run.summary.learningRate = value;
      post({ type: "setLearningRate", value });
    },
    setPace: (pace) => post({ type: "setPace", pace }),
    setLogScale: (on) => {
      state.logScale = on;
      saveState();
      charts.setLogScale(on);
    },
    setEdgeMode: (mode) => {
      state.edgeMode = mode;
      saveState();
      diagram.setMode(mode);
    },
    setUnitRings: (on) => {
      state.unitRings = on;
      saveState();
      diagram.setRings(on);
    },
  },
  state,
);

/**
 * Every view drawn from a run, in drawing order: what it shows of each update, how it starts a
 * new run, how it follows a new theme. The diagram starts its run before the sample card (picking
 * nothing in the new diagram must not ask for the old run's card).
 */
const layers = (s: { sizes: number[] }) => s.sizes.length - 1;
const views: PanelView[] = [
  {
    name: "charts",
    show: (s) => charts.show(s.drawn, s.update.earlyStopping),
    reset: (r, past) => charts.reset(past, r.loss),
    restyle: () => charts.restyle(),
  },
  { name: "findings", show: (s) => findings.show(s.last?.findings), reset: () => findings.reset() },
  { name: "gradients", show: (s) => gradients.show(s.drawn), reset: (r) => gradients.reset(layers(r)), restyle: () => gradients.restyle() },
  { name: "update ratio", show: (s) => updateRatio.show(s.drawn), reset: (r) => updateRatio.reset(layers(r)), restyle: () => updateRatio.restyle() },
  {
    name: "distributions",
    show: (s) => distributions.show(s.update.distributions, s.series),
    reset: (r) => distributions.reset(layers(r)),
    restyle: () => distributions.restyle(),
  },
  { name: "unit gradients", show: (s) => diagram.setUnitGradients(s.update.unitGradients), reset: (r) => diagram.setNetwork(r) },
  { name: "diagram", show: (s) => diagram.update(s.update.weights) },
  { name: "unit pictures", show: (s) => diagram.updateMaps(s.update.neuronMaps) },
  { name: "boundary", show: (s) => boundary.update(s.update, s.last), reset: (r) => boundary.setNetwork(r), restyle: () => boundary.restyle() },
  { name: "weights", show: (s) => weights.show(s.update.weightHistograms), reset: (r) => weights.reset(layers(r)), restyle: () => weights.restyle() },
  {
    name: "confusion matrix",
    show: (s) => confusion.show(s.update.confusion),
    reset: (r) => confusion.reset(r.classNames, r.task === "classification", r.sizes[r.sizes.length - 1], Boolean(r.images)),
  },
  { name: "image views", show: (s) => images.show(s.update), reset: (r) => images.setRun(r) },
  { name: "sample card", reset: (r) => card.setRun(r) },
  { name: "loss along a weight", reset: () => lossAlong.hide() },
  { name: "loss landscape", reset: (r) => landscape.reset(r.lossLabels) },
  { name: "comparison", restyle: () => comparison.restyle() },
];

// ── layout ───────────────────────────────────────────────────────────────────────────────────
const section = (className: string, ...parts: HTMLElement[]) => {
  const e = document.createElement("div");
  e.className = className;
  e.append(...parts);
  return e;
};
const top = section("top", diagram.element, boundary.section);
const middle = section("middle", card.section, lossAlong.section, keptRuns.section);
const bottom = section(
  "bottom",
  charts.lossSection,
  charts.accuracySection,
  gradients.section,
  updateRatio.section,
  distributions.section,
  weights.section,
  confusion.section,
);
const header = document.createElement("header");
header.append(status.title, controls.element, status.line, status.announcer, status.banner);
const main = document.createElement("main");
// The landscape's maps side by side want the panel's whole width.
main.append(findings.section, top, images.section, middle, landscape.section, bottom, comparison.section);
document.getElementById("app")?.append(header, main);
controls.update("none");
status.showWaiting();

const run: PanelRun = new PanelRun({
  status,
  views,
  diagram,
  card,
  images,
  charts,
  comparison,
  controls,
  keptRuns,
  lossAlong,
  landscape,
  single: [findings.section, top, images.section, middle, landscape.section, bottom],
  state,
  saveState,
  post,
});
window.addEventListener("message", (event: MessageEvent<HostToWebview>) => run.onMessage(event.data));

// VS Code's theme changed: colours follow without a reload.
onThemeChange(() => {
  applyTheme();
  run.restyle();
});

// The handshake (src/extension/trainingPanel.ts): ready, with this load's id and this page's, said
// again every second until the host answers (a message sent while the webview was still being
// wired up can be lost); the host then sends everything the panel shows.
const page = `page-${Math.random().toString(36).slice(2, 12)}`;
function sayReady(times: number): void {
  if (run.heard) return;
  post({ type: "ready", load: initial.load, page });
  if (times > 1) window.setTimeout(() => sayReady(times - 1), 1000);
}
sayReady(30);
