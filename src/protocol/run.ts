/**
 * What the extension host and a training worker say to each other. A run is one worker thread
 * (src/worker/runWorker.ts) owned by one TrainingRun on the host: commands go one way, events
 * the other, and requests (such as the full weights) get replies through messaging.ts.
 * Imported with `import type` on every side; the panel's messages are in panel.ts.
 */
import type { Task } from "../core/data/dataset";
import type { ActivationName } from "../core/nn/activations";
import type { LossName } from "../core/nn/losses";
import type { ParameterRef } from "../core/nn/parameters";
import type { BoundaryGrid } from "../core/train/boundary";
import type { ConfusionMatrix } from "../core/train/confusion";
import type { DistributionSeries, Distributions } from "../core/train/distributions";
import type { EarlyStoppingReport } from "../core/train/earlyStopping";
import type { LossAlongWeight } from "../core/train/lossAlongWeight";
import type { EpochMetrics } from "../core/train/metrics";
import type { NeuronMaps } from "../core/train/neuronMaps";
import type { ParameterStep, SampleTrace, UnitSum } from "../core/train/sampleTrace";
import type { WeightHistograms } from "../core/train/weightHistograms";
import type { DrawnImage, GalleryImages, GalleryPredictions, UnitImages } from "./images";
import type { LandscapeAsk, LandscapeView } from "./landscape";
import type { SpecFileContents, WireDiagnostic, WorkerMemory } from "./worker";

/** What a panel shows before, during and after training. */
export type RunStatus = "training" | "paused" | "stopped" | "done" | "error" | "invalid";

/**
 * How fast a run trains: "max" as fast as the machine allows; a number of epochs a second;
 * "slow" one batch a second (slow motion); "auto" paces small networks so a run lasts long
 * enough to watch (see src/worker/pace.ts) and never slows big ones.
 */
export type Pace = "auto" | "max" | "slow" | number;

export interface RunSettings {
  /** How often the worker sends metrics, in milliseconds (at least 16). */
  updateIntervalMs: number;
  /** Cells per side of the decision-boundary grid. */
  boundaryResolution: number;
  pace: Pace;
}

/** The network and data as the panel draws them; sent once per run. */
export interface RunSummary {
  name: string;
  task: Task;
  sizes: number[];
  activations: ActivationName[];
  loss: LossName;
  /** The losses this output can train with, the usual one first (the panel's loss menu). */
  suitableLosses: LossName[];
  /** The loss menu's word for each of suitableLosses, in the user's language ("cross-entropy", "MSE (L2)"). */
  lossLabels: Partial<Record<LossName, string>>;
  learningRate: number;
  /** training.seed: the initial weights and the batch order follow from it. */
  seed: number;
  totalEpochs: number;
  batchesPerEpoch: number;
  classNames: string[];
  /**
   * Two-feature classification only: every sample, in the data's own order (point i is sample i),
   * to draw under the decision boundary and to pick for the sample card.
   */
  points: { x: number[]; y: number[]; label: number[]; validation: boolean[] } | null;
  /** The first samples of the data in its own order, for the sample card's table. */
  samples: SampleRow[];
  /** How many samples the data has (the card can show any of them). */
  sampleCount: number;
  /** Image data: the gallery's images (a bounded set, sent once); absent or null otherwise. */
  images?: GalleryImages | null;
  /** The large products run in WebAssembly SIMD; false: in the TypeScript kernels (no SIMD in this engine). */
  simd?: boolean;
}

/** A row of the sample table: its features and its answer (class name or targets). */
export interface SampleRow {
  index: number;
  features: number[];
  answer: string;
  validation: boolean;
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
  /** Per layer after the input, the biases of its drawn units. */
  biases: number[][];
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
  /** Epochs a second over the last second of training; null while not training. */
  epochsPerSecond: number | null;
  /** training.earlyStopping: the best epoch so far by validation loss, and whether the run was stopped; null without it. */
  earlyStopping: EarlyStoppingReport | null;
  weights: WeightsSnapshot;
  /** Null when there are not two inputs, or when drawing it would cost more than the update's time budget. */
  boundary: BoundaryGrid | null;
  /** Why the boundary or the unit pictures were left out or drawn coarser this time, if they were. */
  pictureNote: string | null;
  /** How each layer's weights are spread, over one range for all layers. */
  weightHistograms: WeightHistograms;
  /** Classification: the last completed epoch's confusion matrix (validation data when there is some). */
  confusion: ConfusionMatrix | null;
  /** Two inputs only: each drawn unit's output over the input plane, drawn inside its square. */
  neuronMaps: NeuronMaps | null;
  /**
   * Regression: each output's predictions against its targets, for up to 500 validation samples,
   * or training samples when there is no validation split (`of` says which).
   */
  predictions: {
    predicted: number[][];
    target: number[][];
    of: "validation" | "training";
    /** With one input: each sample's input, so the panel can draw the fit over the points. */
    x: number[] | null;
  } | null;
  /** After a weight or bias was edited by hand: the loss and accuracy now, measured without training. */
  edited: { loss: number; accuracy: number; valLoss: number | null; valAccuracy: number | null } | null;
  /** Per layer, the current histograms and percentiles of activations, δ and weight gradients; null before the first epoch ends. */
  distributions: Distributions | null;
  /**
   * Their percentiles over epochs; only when the series gained an epoch since the previous update
   * (null: unchanged, keep the last one). The host keeps the latest for a panel that reloads.
   */
  distributionHistory: DistributionSeries | null;
  /** Per layer after the input, each drawn unit's mean |δ| over the last epoch (the diagram's rings). */
  unitGradients: number[][];
  /**
   * The last epoch's findings as information diagnostics on the spec, with their fixes; only when
   * they changed (null: as before). Diagnostics from an earlier text no longer apply once it changes.
   */
  findingDiagnostics: WireDiagnostic[] | null;
  /** Image classification: the network's guess for each gallery image (refreshed at most once a second while training). */
  gallery?: GalleryPredictions | null;
  /** Image data: the first hidden layer's weights as pictures (refreshed at most twice a second while training). */
  unitImages?: UnitImages | null;
}

/** The sample card: one sample forward and back, and the chosen unit's sum and parameter's step. */
export interface SampleCard {
  trace: SampleTrace;
  unit: UnitSum | null;
  step: ParameterStep | null;
  /** The sample's loss under each loss that suits the output (the spec's first), as the card lists them. */
  losses?: { loss: LossName; value: number }[];
}

/** What starts a run. The host has read the files the spec names (hostFiles.ts). */
export interface RunStart {
  specText: string;
  /** The spec's name for messages (its workspace-relative path, or "Untitled-1"). */
  specName: string;
  files: SpecFileContents;
  settings: RunSettings;
  autoStart: boolean;
}

/** Host → worker, no reply. */
export type RunCommand =
  | ({ type: "start" } & RunStart)
  | { type: "resume" }
  | { type: "pause" }
  | { type: "step"; unit: "batch" | "epoch" }
  | { type: "stop" }
  | { type: "setLearningRate"; value: number }
  | { type: "setPace"; pace: Pace };

/** A run's loss and accuracy over epochs, as the charts draw it (long runs thinned: not always 1, 2, 3…). */
export interface RunCurve {
  epochs: number[];
  loss: number[];
  valLoss: (number | null)[];
  accuracy: number[];
  valAccuracy: (number | null)[];
}

/**
 * A run's results as the files they are saved to, made in the worker: the text of a large
 * network's weights or of a long run's epochs takes seconds to write or read, which would hold the
 * host's loop. The bytes are moved to the host, not copied.
 */
export interface MetricsFile {
  /** Every kept epoch, one JSON object a line, as `nnspec train --json` prints them. */
  file: Uint8Array;
  /** How many epochs the file holds, and how many were trained for each one it holds. */
  count: number;
  keepsOneIn: number;
  /** The last epoch (null before the first). */
  last: EpochMetrics | null;
  /** The curve the charts draw, small whatever the run's length. */
  curve: RunCurve;
}

/** Host → worker, with a reply. */
export type RunRequests = {
  /** All weights at full precision (updates carry only the diagram's edges), as a weights file. */
  weights: { params: null; result: { file: Uint8Array } };
  /** The network with all its weights as an ONNX model (src/core/export/onnx.ts). */
  onnx: { params: null; result: { file: Uint8Array } };
  /** The epochs kept for Export Metrics (every one of an ordinary run; see session.ts for long ones). */
  metrics: { params: null; result: MetricsFile };
  /** One sample forward and back with the current weights; `unit` and `parameter` choose what the card writes out. */
  card: {
    params: { sample: number; unit: { layer: number; unit: number } | null; parameter: ParameterRef | null; drawn?: DrawnImage | null };
    result: SampleCard;
  };
  /** The loss over the training data as one parameter moves, for each loss that suits the task. */
  lossAlong: { params: { parameter: ParameterRef }; result: LossAlongWeight };
  /** The loss landscape around the weights now (null: cancelled by a newer ask or a cancel). */
  landscape: { params: LandscapeAsk; result: LandscapeView | null };
  /** The worker's memory now. */
  memory: { params: null; result: WorkerMemory };
  /** Sets a weight or bias by hand (paused runs only); a metrics event with the new state follows. */
  setParameter: { params: { parameter: ParameterRef; value: number }; result: null };
};

/** Worker → host. */
export type RunEvent =
  | { type: "started"; summary: RunSummary }
  | { type: "metrics"; update: MetricsUpdate }
  | { type: "invalid"; diagnostics: WireDiagnostic[] }
  | { type: "failed"; message: string; layer: number | null; epoch: number | null };
