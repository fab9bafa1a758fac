/** The spec as written (after schema validation) and as resolved (every default filled). */
import type { Task } from "../data/dataset";
import type { PixelScale } from "../data/images/pixels";
import type { ActivationName } from "../nn/activations";
import type { InitScheme } from "../nn/init";
import type { LossName } from "../nn/losses";
import type { OptimizerName, OptimizerSettings } from "../nn/optimizers";
import type { DATA_SOURCES } from "./schema";

export type DataSource = (typeof DATA_SOURCES)[number];

/** The shape NNSPEC_SCHEMA guarantees once validation passed. */
export interface RawSpec {
  name?: string;
  data?: {
    source?: DataSource;
    samples?: number;
    noise?: number;
    validationSplit?: number;
    seed?: number;
    task?: Task;
    x?: number[][];
    y?: (number | number[])[];
    path?: string;
    features?: string[];
    target?: string;
    classNames?: string[];
    /** "idx": the image and label files, and optionally the validation data's. */
    images?: string;
    labels?: string;
    validationImages?: string;
    validationLabels?: string;
    /** Image sources: how pixels become numbers. */
    scale?: PixelScale;
    /** "imageFolder": every image resized to [height, width], with 1 or 3 channels. */
    size?: [number, number];
    channels?: 1 | 3;
    /** "csv": pixel columns named prefix0, prefix1, … instead of `features`, holding images of `shape`. */
    pixels?: { prefix: string; shape: [number, number, number] };
  };
  /** The input layer may give its images' shape instead of (or besides) its units. */
  layers: { units: number; shape?: [number, number, number]; activation?: ActivationName; dropout?: number }[];
  loss?: LossName;
  optimizer?: { type?: OptimizerName; learningRate?: number; momentum?: number; beta1?: number; beta2?: number; epsilon?: number; clipNorm?: number };
  training?: {
    epochs?: number;
    batchSize?: number | "full";
    shuffle?: boolean;
    seed?: number;
    earlyStopping?: { patience: number; minDelta?: number; restoreBest?: boolean };
  };
  init?: string;
  regularization?: { type: "l1" | "l2"; rate: number };
  metrics?: { tolerance?: number };
}

/** training.earlyStopping with its defaults filled (src/core/train/earlyStopping.ts says what each does). */
export interface EarlyStoppingSettings {
  patience: number;
  /** How much lower than the best so far a validation loss must be to count as better. */
  minDelta: number;
  /** Put back the best epoch's weights when the run ends. */
  restoreBest: boolean;
}

export interface ResolvedSpec {
  name: string;
  task: Task;
  data: { source: DataSource; samples: number; noise: number; validationSplit: number; seed: number };
  /** Units per layer, input layer first. */
  sizes: number[];
  /** One per non-input layer. */
  activations: ActivationName[];
  /** One per non-input layer: the probability of dropping each output while training (0: none; always 0 on the output layer). */
  dropout: number[];
  loss: LossName;
  optimizer: OptimizerSettings;
  training: { epochs: number; batchSize: number | "full"; shuffle: boolean; seed: number; earlyStopping: EarlyStoppingSettings | null };
  init: InitScheme | { path: string };
  regularization: { type: "l1" | "l2"; rate: number } | null;
  metrics: { tolerance: number };
}

export const DEFAULTS = {
  samples: 400,
  noise: 0.1,
  validationSplit: 0.2,
  dataSeed: 1,
  learningRate: 0.03,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  epochs: 100,
  batchSize: 32,
  trainingSeed: 0,
  tolerance: 0.5,
} as const;
