/**
 * What the extension host and the training panel's webview say to each other. The panel shows
 * one spec at a time; every message about a run carries its id, and the panel drops messages of
 * runs that are no longer current. The host validates everything the webview sends
 * (panelValidation.ts): it is a browser page.
 */
import type { LossName } from "../core/nn/losses";
import type { ParameterRef } from "../core/nn/parameters";
import type { LossAlongWeight } from "../core/train/lossAlongWeight";
import type { DrawnImage } from "./images";
import type { LandscapeAsk, LandscapeView } from "./landscape";
import type { MetricsUpdate, Pace, RunCurve, RunSummary, SampleCard } from "./run";

/** A finished run of the same spec, kept on the charts faded so runs can be compared. */
export interface PastRun extends RunCurve {
  /** Names the spec and what differed from the current run (loss, learning rate, seed). */
  label: string;
}

/** A run kept in the workspace (.nnspec/runs), as the panel lists it. */
export interface KeptRunInfo {
  id: string;
  /** When it was kept (ISO date and time). */
  kept: string;
  spec: string;
  loss: string;
  learningRate: number;
  seed: number;
  epochs: number;
  accuracy: number;
  valAccuracy: number | null;
}

export type HostToWebview =
  /** The panel now shows this spec: forget everything shown before, and remember it across reloads. */
  | { type: "spec"; specUri: string; title: string }
  /** The panel now compares these runs of the spec, one per loss (their "run" and "metrics" messages follow). */
  | { type: "comparison"; runs: { runId: number; loss: LossName }[] }
  | { type: "run"; runId: number; summary: RunSummary; pastRuns: PastRun[] }
  | { type: "metrics"; runId: number; update: MetricsUpdate }
  /** The spec's text has a problem; the last valid network stays, dimmed. */
  | { type: "invalid"; message: string; location: string }
  | { type: "valid" }
  | { type: "failed"; runId: number; message: string }
  /** No run could start (the spec could not be read, or its worker could not be made); the message says why. */
  | { type: "startFailed"; message: string }
  /** Open the sample card on this sample (the "Show a Sample" command). */
  | { type: "openCard"; sample: number }
  /** The sample card asked for. */
  | { type: "card"; runId: number; card: SampleCard }
  /** The loss along one weight, asked for. */
  | { type: "lossAlong"; runId: number; result: LossAlongWeight }
  /** The loss landscape asked for; null when the ask was cancelled. */
  | { type: "landscape"; runId: number; result: LandscapeView | null }
  /** A card, a loss along a weight or a hand edit could not be made; the message says why. */
  | { type: "requestFailed"; runId: number; what: PanelRequest; message: string }
  | { type: "settings"; updateIntervalMs: number; pace: Pace }
  /** The spec's runs kept in the workspace, newest first, to overlay on the charts. */
  | { type: "keptRuns"; runs: KeptRunInfo[] }
  /** The earlier runs on the charts changed (a kept run overlaid): redraw them, the current run as it is. */
  | { type: "pastRuns"; pastRuns: PastRun[] };

export const PANEL_COMMANDS = ["train", "pause", "resume", "step", "stepEpoch", "stop", "reset"] as const;
export type PanelCommand = (typeof PANEL_COMMANDS)[number];

/** What the panel asks of the run, beyond the commands: the three kinds of request. */
export type PanelRequest = "card" | "lossAlong" | "setParameter" | "landscape";

export type WebviewToHost =
  /**
   * The page's script runs and listens. `load` repeats the id of the HTML it came with (a page of
   * an earlier load is not the current one); `page` names this run of the script (it says ready
   * again until the host answers, and a page that reloaded by itself is a new one).
   */
  | { type: "ready"; load?: string; page?: string }
  /**
   * The sample card for sample `sample` (the data's own order), writing out `unit`'s sum and
   * `parameter`'s step; with `drawn`, for the draw pad's image instead (its trace's sample is −1).
   */
  | { type: "card"; sample: number; unit: { layer: number; unit: number } | null; parameter: ParameterRef | null; drawn?: DrawnImage }
  | { type: "lossAlong"; parameter: ParameterRef }
  /** Compute the loss landscape around the weights now, or cancel the one computing (landscape.ts). */
  | { type: "landscape"; ask: LandscapeAsk }
  /** Set a weight or bias by hand (while paused). */
  | { type: "setParameter"; parameter: ParameterRef; value: number }
  | { type: "command"; command: PanelCommand }
  | { type: "setLoss"; loss: LossName }
  | { type: "setLearningRate"; value: number }
  | { type: "setPace"; pace: Pace }
  /** Overlay a kept run on the charts. */
  | { type: "overlayRun"; id: string }
  /** Save a chart as a PNG picture (a data: URL of the canvas), where the user chooses. */
  | { type: "savePng"; name: string; dataUrl: string };
