/**
 * Every message between the extension host, the training worker and the panel's webview:
 * one union per direction, imported with `import type` on every side. Each message belongs to
 * a run (runId); receivers drop messages of runs that are no longer current.
 */

import type { SpecFix } from "./core/base/diagnostics";
import type { Task } from "./core/data/dataset";
import type { ActivationName } from "./core/nn/activations";
import type { LossName } from "./core/nn/losses";
import type { BoundaryGrid } from "./core/train/boundary";
import type { ConfusionMatrix } from "./core/train/confusion";
import type { EpochMetrics } from "./core/train/metrics";
import type { NeuronMaps } from "./core/train/neuronMaps";
import type { WeightHistograms } from "./core/train/weightHistograms";
import type { WeightsJson } from "./core/weights/weightsFile";

/** What a panel shows before, during and after training. */
export type RunStatus = "training" | "paused" | "stopped" | "done" | "error" | "invalid";

export interface RunSettings {
  /** How often the worker sends metrics, in milliseconds (at least 16). */
  updateIntervalMs: number;
  /** Cells per side of the decision-boundary grid. */
  boundaryResolution: number;
}

/** The network and data as the panel draws them; sent once per run. */
export interface RunSummary {
  name: string;
  task: Task;
  sizes: number[];
  activations: ActivationName[];
  loss: LossName;
  learningRate: number;
  totalEpochs: number;
  batchesPerEpoch: number;
  classNames: string[];
  /** Two-feature data only: the points, to draw under the decision boundary. */
  points: { x: number[]; y: number[]; label: number[]; validation: boolean[] } | null;
}

/**
 * The weights the layer diagram draws: per layer after the input, the edges between its drawn
 * units (diagramUnits.ts), row-major. Only these travel, so an update stays small however big
 * the network; "Export Weights" asks the worker for all of them.
 */
export interface WeightsSnapshot {
  weights: number[][];
  /** The last batch's gradient of the same edges, for colouring edges by gradient. */
  gradients: number[][];
}

/** One batched update: everything since the previous one. */
export interface MetricsUpdate {
  status: RunStatus;
  /** Completed epochs so far. */
  epoch: number;
  /** Batches done in the current epoch. */
  batch: number;
  /** Epochs completed since the previous update (the first and last of a long gap at least). */
  epochs: EpochMetrics[];
  weights: WeightsSnapshot;
  boundary: BoundaryGrid | null;
  /** How each layer's weights are spread, over one range for all layers. */
  weightHistograms: WeightHistograms;
  /** Classification: the last completed epoch's confusion matrix (validation data when there is some). */
  confusion: ConfusionMatrix | null;
  /** Two inputs only: each drawn unit's output over the input plane, drawn inside its circle. */
  neuronMaps: NeuronMaps | null;
  /** Regression with one output: predictions for up to 500 validation (or training) samples. */
  predictions: { predicted: number[]; target: number[] } | null;
}

// ── host → worker ──────────────────────────────────────────────────────────────────────────
/**
 * How the host starts a worker: its script, and the translations its messages should use
 * (vscode.l10n.bundle; undefined for English). The translations travel as `WorkerData`.
 */
export interface WorkerEntry {
  path: string;
  translations?: Record<string, string>;
}

export interface WorkerData {
  translations?: Record<string, string>;
}

export type HostToWorker =
  | { type: "start"; runId: number; specText: string; specPath: string; allowedRoot: string; settings: RunSettings; autoStart: boolean }
  | { type: "resume"; runId: number }
  | { type: "pause"; runId: number }
  | { type: "step"; runId: number; unit: "batch" | "epoch" }
  | { type: "stop"; runId: number }
  | { type: "setLearningRate"; runId: number; value: number }
  | { type: "getWeights"; runId: number; requestId: number }
  | { type: "check"; requestId: number; specText: string; specPath: string; allowedRoot: string };

// ── worker → host ──────────────────────────────────────────────────────────────────────────
export interface WireDiagnostic {
  severity: "error" | "warning";
  fix?: SpecFix;
  message: string;
  file?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type WorkerToHost =
  | { type: "started"; runId: number; summary: RunSummary }
  | { type: "metrics"; runId: number; update: MetricsUpdate }
  | { type: "invalid"; runId: number; diagnostics: WireDiagnostic[] }
  | { type: "failed"; runId: number; message: string; layer: number | null; epoch: number | null }
  | { type: "weights"; runId: number; requestId: number; weights: WeightsJson }
  | { type: "checked"; requestId: number; diagnostics: WireDiagnostic[] };

// ── host → webview ─────────────────────────────────────────────────────────────────────────
/** A finished run's loss curve, kept on the chart faded so runs can be compared. */
export interface PastRun {
  label: string;
  loss: number[];
  valLoss: (number | null)[];
}

export type HostToWebview =
  | { type: "run"; runId: number; summary: RunSummary; pastRuns: PastRun[] }
  | { type: "metrics"; runId: number; update: MetricsUpdate }
  | { type: "invalid"; runId: number; message: string; location: string }
  | { type: "valid"; runId: number }
  | { type: "failed"; runId: number; message: string }
  | { type: "settings"; updateIntervalMs: number };

// ── webview → host ─────────────────────────────────────────────────────────────────────────
export const PANEL_COMMANDS = ["train", "pause", "resume", "step", "stepEpoch", "stop", "reset"] as const;
export type PanelCommand = (typeof PANEL_COMMANDS)[number];

export type WebviewToHost =
  | { type: "ready" }
  | { type: "command"; command: PanelCommand }
  | { type: "setLoss"; loss: LossName }
  | { type: "setLearningRate"; value: number };
