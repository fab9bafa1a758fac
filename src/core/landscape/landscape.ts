/**
 * A trained network's loss landscape, whole: the path its weights took (recorded each epoch,
 * bounded), the plane's two directions, the path's place on the plane, and the loss and accuracy
 * over it. What the CLI prints and the panel draws; the math is in directions.ts and plane.ts.
 */
import { BoundedHistory } from "../base/boundedHistory";
import type { LossName } from "../nn/losses";
import { Network } from "../nn/network";
import { suitableLosses } from "../spec/lossRules";
import type { Trainer } from "../train/trainer";
import { pathDirections, projectOntoPlane, randomDirections } from "./directions";
import { parameterVector, setParameterVector } from "./parameterVector";
import { type LossPlane, planeRows } from "./plane";

/** The path keeps at most this many points, evenly spread over the run (BoundedHistory). */
const PATH_POINTS = 200;
/** …and at most this many numbers in all (32 MB), fewer points for a large network. */
const PATH_NUMBERS = 4e6;

export type DirectionKind = "path" | "random";

/** The weights after each epoch (epoch 0: before training), a bounded, evenly spread selection. */
export class WeightPath {
  private readonly points: BoundedHistory<{ epoch: number; weights: Float64Array }>;

  constructor(parameters: number) {
    this.points = new BoundedHistory(Math.max(2, Math.min(PATH_POINTS, Math.floor(PATH_NUMBERS / Math.max(1, parameters)))));
  }

  record(epoch: number, net: Network): void {
    this.points.push({ epoch, weights: parameterVector(net) });
  }

  list(): { epoch: number; weights: Float64Array }[] {
    return this.points.list();
  }
}

export interface LandscapeOptions {
  directions?: DirectionKind;
  /** Points a side (default 21; odd, 3 to 101). */
  grid?: number;
  /** α and β from −span to span; default: random directions 1, path directions 1.25 × the path's extent. */
  span?: number;
  /** The random directions' seed (default: the spec's training seed). */
  seed?: number;
  maxRows?: number;
}

export interface Landscape extends LossPlane {
  /** What spans the plane: "random" also when "path" was asked for but the path is not two-dimensional. */
  directions: DirectionKind;
  /** Path directions: the share of the path's spread each explains. */
  explained: [number, number] | null;
  d1: Float64Array;
  d2: Float64Array;
  span: number;
  /** Where each recorded epoch's weights lie on the plane (least squares), oldest first. */
  path: { epoch: number; alpha: number; beta: number }[];
}

/** The landscape around the trainer's current weights, which it leaves as they were. */
export function landscapeOf(trainer: Trainer, path: WeightPath, options: LandscapeOptions = {}): Landscape {
  const steps = landscapeSteps(trainer, path, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The landscape a point at a time, yielding the share done. It is measured on a copy of the
 * network made at the start, so training may go on between the steps: the landscape is of the
 * weights when it was asked for.
 */
export function* landscapeSteps(trainer: Trainer, path: WeightPath, options: LandscapeOptions = {}): Generator<number, Landscape, void> {
  const net = new Network(trainer.net.sizes, trainer.net.activations);
  const center = parameterVector(trainer.net);
  setParameterVector(net, center);
  const points = path.list();
  const fromPath =
    options.directions !== "random"
      ? pathDirections(
          points.map((p) => p.weights),
          center,
        )
      : null;
  const directions = fromPath ?? randomDirections(net, options.seed ?? trainer.spec.training.seed);
  const projected = projectOntoPlane(
    points.map((p) => p.weights),
    center,
    directions.d1,
    directions.d2,
  );
  const extent = Math.max(0, ...projected.map((p) => Math.max(Math.abs(p.alpha), Math.abs(p.beta))));
  const span = options.span ?? (fromPath && extent > 0 ? 1.25 * extent : 1);
  const plane = yield* planeRows(net, trainer.trainData, {
    center,
    d1: directions.d1,
    d2: directions.d2,
    grid: options.grid ?? 21,
    span,
    losses: landscapeLosses(trainer),
    tolerance: trainer.spec.metrics.tolerance,
    maxRows: options.maxRows,
  });
  return {
    ...plane,
    directions: fromPath ? "path" : "random",
    explained: directions.explained,
    d1: directions.d1,
    d2: directions.d2,
    span,
    path: points.map((p, i) => ({ epoch: p.epoch, ...projected[i] })),
  };
}

/** The trainer's loss first, then the others that suit the task (MAE, MSE, cross-entropy, Huber). */
export function landscapeLosses(trainer: Trainer): LossName[] {
  const net = trainer.net;
  const losses = suitableLosses(trainer.spec.task, net.activations[net.layerCount - 1], net.outputSize);
  return [trainer.loss, ...losses.filter((l) => l !== trainer.loss)];
}
