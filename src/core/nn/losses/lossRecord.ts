/**
 * What one loss function is, in one record: its value and slope, the fused form it takes with
 * the output activation it pairs with, what it suits, the card's formulas, its PyTorch module
 * and what the findings need to know of it. Every other room asks the record (the registry in losses.ts);
 * adding a loss is writing one of these and registering it.
 */
import type { Task } from "../../base/task";
import type { ActivationName } from "../activations";

export interface LossRecord {
  /** The spec's name for it, the value of the spec's loss field. */
  readonly id: string;
  /** Its name in lists (Switch Loss), in English; the editor translates it. */
  readonly label: string;
  /** What it does, for learners (the schema's hover, Switch Loss's detail), in English. */
  readonly description: string;
  /** Its symbol on the sample card: `MAE = …`. */
  readonly symbol: string;
  /** The loss in general, as the lesson writes it: ŷ the output, y the target, n the outputs. */
  readonly rule: string;
  /** A mean over the outputs (MAE, MSE, Huber, BCE), or else a sum over them (CE). */
  readonly meanOverOutputs: boolean;
  /** The tasks it trains, and the output activations it needs (none named: any output). */
  readonly suits: { readonly tasks: readonly Task[]; readonly outputs?: readonly ActivationName[] };
  /**
   * One row's loss from the output layer's total input z, its output a and the targets t, at
   * `offset`, `width` values. `rowLogSumExp` is ln Σ e^z of the row when the output is a softmax
   * (the forward pass made it), so a loss from the logits need not make it again.
   */
  value(z: Float64Array, a: Float64Array, t: Float64Array, offset: number, width: number, rowLogSumExp?: number): number;
  /** ∂(one row's loss)/∂a_j for one output a_j with target t_j, among `width` outputs. */
  outputSlope(a: number, t: number, width: number): number;
  /**
   * scale · ∂L/∂a of one row into `out` (scale is 1/rows). Optional: without it, each output gets
   * scale × outputSlope; the built-in losses write it so that their rounding stays as it was.
   */
  rowSlopes?(a: Float64Array, t: Float64Array, offset: number, width: number, scale: number, out: Float64Array): void;
  /**
   * The pairing with an output activation whose δ = ∂L/∂z is one bounded expression (p − t),
   * computed so in training because ∂L/∂a alone grows without bound (softmax + cross-entropy).
   */
  readonly fused?: FusedOutput;
  /** One sample's loss with its numbers; fromLogits when written from z (the probability rounds to 0 or 1). */
  formula(output: readonly number[], target: readonly number[], value: number, z?: readonly number[]): { text: string; fromLogits: boolean };
  /** Why the card writes the loss from z, when it does. */
  logitsNote?(): string;
  /**
   * train.py's loss: the module, its comment, whether it takes class indices rather than rows of
   * targets, and, for a loss torch.nn lacks, the Python that defines the module.
   */
  readonly pytorch: { readonly module: string; readonly comment: string; readonly classIndexTargets?: boolean; readonly definition?: string };
  /** The best answer given to every input may be the targets' median rather than their mean (a loss of |e| for large errors). */
  readonly medianMayWin?: boolean;
  /** A probability's loss: its value before training tells how sure the output starts (ln C when unsure). */
  readonly measuresConfidence?: boolean;
}

export interface FusedOutput {
  readonly activation: ActivationName;
  /** scale · ∂L/∂z of one row into `delta`. */
  rowDelta(a: Float64Array, t: Float64Array, offset: number, width: number, scale: number, delta: Float64Array): void;
  /** The card's `δ = p − t = … = …`. */
  formula(output: readonly number[], target: readonly number[], delta: readonly number[]): string;
  /** Why the card shows δ as one expression. */
  note(): string;
}
