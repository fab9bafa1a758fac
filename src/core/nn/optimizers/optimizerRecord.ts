/**
 * What one optimizer is, in one record, as torch.optim has one class per algorithm: the state it
 * keeps per weight, its step (with every intermediate number for the card), the memory that
 * state needs, its torch.optim line and the card's formula. The update rules are TensorFlow.js's
 * and PyTorch's, so a run can be checked against them step for step.
 */

export interface OptimizerSettings {
  type: string;
  learningRate: number;
  momentum: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Largest global L2 norm of a batch's gradients; null: no clipping. */
  clipNorm: number | null;
}

/** What every update starts from and ends at. */
export interface StepBase {
  learningRate: number;
  /** The parameter before the step, the gradient the step uses, the parameter after it. */
  value: number;
  gradient: number;
  next: number;
}

/**
 * The step the optimizer would take for one parameter from a gradient, with every intermediate
 * number, so a learner can follow it: plain data, nothing changed. `rule` is the update applied.
 */
export type StepPreview = SgdPreview | MomentumPreview | AdamPreview;

export type SgdPreview = { rule: "sgd" } & StepBase;

/** v ← μ·v + g; w ← w − lr·v: μ, the velocity before and after. */
export type MomentumPreview = { rule: "momentum"; momentum: number; velocity: number; nextVelocity: number } & StepBase;

/** Adam: the step number t of this update, the moments before and after and their bias-corrected forms. */
export type AdamPreview = {
  rule: "adam";
  step: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  m: number;
  v: number;
  nextM: number;
  nextV: number;
  mHat: number;
  vHat: number;
} & StepBase;

/** One parameter's optimizer state: what the next step starts from. */
export interface ParameterState {
  /** Steps (batches) taken so far; the next is number step + 1. */
  step: number;
  /** Momentum's velocity v, or Adam's first moment m; 0 before the first step. */
  first: number;
  /** Adam's second moment v; 0 before the first step and for the other optimizers. */
  second: number;
}

/** A constant train.py defines from the settings: `BETAS = (0.9, 0.999)`, with the fields it comes from. */
export interface PythonConstant {
  name: string;
  /** One number, or a tuple of them. */
  values: number[];
  comment: string;
}

export interface OptimizerRecord {
  /** The spec's name for it, the value of optimizer.type. */
  readonly id: string;
  /** What it does, for learners (the schema's hover). */
  readonly description: string;
  /** Arrays of state kept per parameter array: momentum's velocity, Adam's two moments. */
  readonly stateArrays: 0 | 1 | 2;
  /** Its step is momentum's: optimizer.momentum defaults to 0.9 for it (0 for the others). */
  readonly takesMomentum?: boolean;
  /** Its steps are scaled by each weight's recent gradients, so a small steady gradient still moves the weight (Adam). */
  readonly adaptive: boolean;
  /** Learning rates above `risky` usually diverge on data of about unit scale; `safer` is the one to suggest. */
  readonly learningRates: { readonly risky: number; readonly safer: number };
  /**
   * Step `step` (1-based) of `params` from `grad`, with `state` (stateArrays arrays as long as
   * params). Returns Σ (w_after − w_before)², which the update-to-weight ratio is made of: summed
   * in the loop that takes the steps, it costs one multiply-add per weight.
   */
  update(params: Float64Array, grad: Float64Array, state: readonly Float64Array[], settings: OptimizerSettings, step: number): number;
  /** The step `update` would take for one parameter, with its numbers, changing nothing (a test holds the two together). */
  preview(value: number, gradient: number, state: ParameterState, settings: OptimizerSettings): StepPreview;
  /** The card's lines for a preview of this rule, `symbol` w or b: `w ← w − lr·g = 0.5 − 1·0.2 = 0.3`. */
  formula(symbol: string, preview: StepPreview): string[];
  /** The card's caption under the step: what this sample's step would be, and why training's differs. */
  cardCaption(): string;
  /** train.py: the optimizer's construction, its comment, and the settings it reads as constants. */
  readonly pytorch: { line: string; comment(settings: OptimizerSettings): string; constants(settings: OptimizerSettings): PythonConstant[] };
}
