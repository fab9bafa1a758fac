/**
 * The optimizers, one record each (optimizers/*.ts), and the Optimizer that keeps their state
 * through a run: sgd (w −= lr·g), momentum (v = μ·v + g; w −= lr·v) and adam (bias-corrected
 * moments, w −= lr·m̂ / (√v̂ + ε)), with the update rules of TensorFlow.js and PyTorch so a run
 * can be checked against them step for step; and gradient clipping by the global norm, as
 * PyTorch's clip_grad_norm_.
 */
import { ADAM } from "./optimizers/adam";
import { MOMENTUM } from "./optimizers/momentum";
import type { OptimizerRecord, OptimizerSettings, ParameterState, StepPreview } from "./optimizers/optimizerRecord";
import { SGD } from "./optimizers/sgd";

export type { OptimizerRecord, OptimizerSettings, ParameterState, PythonConstant, StepPreview } from "./optimizers/optimizerRecord";

const RECORDS = [SGD, MOMENTUM, ADAM] as const;
/** The optimizers' ids, as the schema lists them. */
export const OPTIMIZERS: readonly string[] = RECORDS.map((r) => r.id);
export type OptimizerName = string;

/** The optimizer a spec gets when it names none. */
export const DEFAULT_OPTIMIZER: OptimizerName = SGD.id;
/** The optimizer the findings suggest when small gradients stall plain steps. */
export const ADAPTIVE_OPTIMIZER = ADAM;

export function optimizerRecord(name: string): OptimizerRecord {
  const record = RECORDS.find((r) => r.id === name);
  if (!record) throw new Error(`no optimizer is called ${JSON.stringify(name)}`);
  return record;
}

/**
 * The record whose step these settings take: the named one, except that plain SGD given a momentum
 * above 0 steps as momentum does (PyTorch's SGD takes the momentum as a setting). The one home of
 * that rule: the Optimizer, the memory estimate and train.py all ask here.
 */
export function stepRule(settings: Pick<OptimizerSettings, "type" | "momentum">): OptimizerRecord {
  if (settings.type === SGD.id && settings.momentum > 0) return MOMENTUM;
  return optimizerRecord(settings.type);
}

/**
 * The factor clip_grad_norm_ scales every gradient by, given the global L2 norm of all of them:
 * min(1, clipNorm / (norm + 1e-6)). The 1e-6 is PyTorch's, so a norm exactly at the limit is
 * scaled by a hair under 1, as there.
 */
export function clipScale(norm: number, clipNorm: number | null): number {
  return clipNorm === null ? 1 : Math.min(1, clipNorm / (norm + 1e-6));
}

export class Optimizer {
  settings: OptimizerSettings;
  private step = 0;
  /** Per parameter array, the state its rule keeps: momentum's velocity, Adam's two moments. */
  private readonly state = new Map<Float64Array, Float64Array[]>();

  constructor(settings: OptimizerSettings) {
    this.settings = { ...settings };
  }

  /** Call once per batch, before the update() calls of that batch. */
  beginStep(): void {
    this.step++;
  }

  /** Applies one update to `params` from its gradient `grad`; returns Σ (w_after − w_before)² (see OptimizerRecord.update). */
  update(params: Float64Array, grad: Float64Array): number {
    const rule = stepRule(this.settings);
    return rule.update(params, grad, this.stateOf(params, rule.stateArrays), this.settings, this.step);
  }

  private stateOf(params: Float64Array, arrays: number): Float64Array[] {
    let s = this.state.get(params);
    if (!s || s.length < arrays) {
      s = Array.from({ length: arrays }, (_, i) => s?.[i] ?? new Float64Array(params.length));
      this.state.set(params, s);
    }
    return s;
  }

  /** The optimizer's state for params[index] (see ParameterState). */
  parameterState(params: Float64Array, index: number): ParameterState {
    const s = this.state.get(params);
    return { step: this.step, first: s?.[0]?.[index] ?? 0, second: s?.[1]?.[index] ?? 0 };
  }

  /**
   * The update the next step would make to params[index] from `gradient`, computed as update()
   * computes it (a test holds the two together), without changing the parameter or the state.
   */
  preview(params: Float64Array, index: number, gradient: number): StepPreview {
    return stepRule(this.settings).preview(params[index], gradient, this.parameterState(params, index), this.settings);
  }
}
