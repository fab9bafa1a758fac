/**
 * Optimizers, with the update rules of TensorFlow.js and PyTorch so that a run can be checked
 * against them step for step:
 * - sgd:      w -= lr·g
 * - momentum: v = μ·v + g;  w -= lr·v
 * - adam:     m = β1·m + (1-β1)·g;  v = β2·v + (1-β2)·g²;  w -= lr·m̂ / (√v̂ + ε)
 * and gradient clipping by the global norm, as PyTorch's clip_grad_norm_.
 */
export const OPTIMIZERS = ["sgd", "momentum", "adam"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export interface OptimizerSettings {
  type: OptimizerName;
  learningRate: number;
  momentum: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Largest global L2 norm of a batch's gradients; null: no clipping. */
  clipNorm: number | null;
}

/**
 * The factor clip_grad_norm_ scales every gradient by, given the global L2 norm of all of them:
 * min(1, clipNorm / (norm + 1e-6)). The 1e-6 is PyTorch's, so a norm exactly at the limit is
 * scaled by a hair under 1, as there.
 */
export function clipScale(norm: number, clipNorm: number | null): number {
  return clipNorm === null ? 1 : Math.min(1, clipNorm / (norm + 1e-6));
}

/** One parameter's optimizer state: what the next step starts from. */
export interface ParameterState {
  /** Steps (batches) taken so far; the next is number step + 1. */
  step: number;
  /** Momentum's velocity v, or Adam's first moment m; 0 before the first step. */
  first: number;
  /** Adam's second moment v; 0 before the first step and for the other optimizers. */
  second: number;
}

/** What every update starts from and ends at. */
interface StepBase {
  learningRate: number;
  /** The parameter before the step, the gradient the step uses, the parameter after it. */
  value: number;
  gradient: number;
  next: number;
}

/**
 * The step the optimizer would take for one parameter from a gradient, with every intermediate
 * number, so a learner can follow it: plain data, nothing changed. `rule` is the update applied;
 * sgd with a momentum above 0 steps as momentum does.
 */
export type StepPreview =
  | ({ rule: "sgd" } & StepBase)
  /** v ← μ·v + g; w ← w − lr·v: μ, the velocity before and after. */
  | ({ rule: "momentum"; momentum: number; velocity: number; nextVelocity: number } & StepBase)
  /** Adam: the step number t of this update, the moments before and after and their bias-corrected forms. */
  | ({
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
    } & StepBase);

export class Optimizer {
  settings: OptimizerSettings;
  private step = 0;
  /** Per parameter array: momentum's velocity, or Adam's first moment. */
  private first = new Map<Float64Array, Float64Array>();
  /** Per parameter array: Adam's second moment. */
  private second = new Map<Float64Array, Float64Array>();

  constructor(settings: OptimizerSettings) {
    this.settings = { ...settings };
  }

  /** Call once per batch, before the update() calls of that batch. */
  beginStep(): void {
    this.step++;
  }

  /**
   * Applies one update to `params` from its gradient `grad`. Returns the sum of the squared
   * steps (Σ (w_after − w_before)²), which the update-to-weight ratio is made of: summed in the
   * loop that takes the steps, it costs one multiply-add per weight.
   */
  update(params: Float64Array, grad: Float64Array): number {
    const { type, learningRate: lr } = this.settings;
    const n = params.length;
    const usesVelocity = type === "momentum" || (type === "sgd" && this.settings.momentum > 0);
    let squares = 0;
    if (type === "adam") {
      const { beta1, beta2, epsilon } = this.settings;
      const m = this.state(this.first, params);
      const v = this.state(this.second, params);
      const c1 = 1 - beta1 ** this.step;
      const c2 = 1 - beta2 ** this.step;
      for (let i = 0; i < n; i++) {
        const g = grad[i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        const step = (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon);
        params[i] -= step;
        squares += step * step;
      }
    } else if (usesVelocity) {
      const mu = this.settings.momentum;
      const velocity = this.state(this.first, params);
      for (let i = 0; i < n; i++) {
        velocity[i] = mu * velocity[i] + grad[i];
        const step = lr * velocity[i];
        params[i] -= step;
        squares += step * step;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const step = lr * grad[i];
        params[i] -= step;
        squares += step * step;
      }
    }
    return squares;
  }

  private state(store: Map<Float64Array, Float64Array>, params: Float64Array): Float64Array {
    let s = store.get(params);
    if (!s) {
      s = new Float64Array(params.length);
      store.set(params, s);
    }
    return s;
  }

  /** The optimizer's state for params[index] (see ParameterState). */
  parameterState(params: Float64Array, index: number): ParameterState {
    return { step: this.step, first: this.first.get(params)?.[index] ?? 0, second: this.second.get(params)?.[index] ?? 0 };
  }

  /**
   * The update the next step would make to params[index] from `gradient`, computed as update()
   * computes it (a test holds the two together), without changing the parameter or the state.
   */
  preview(params: Float64Array, index: number, gradient: number): StepPreview {
    const { type, learningRate: lr } = this.settings;
    const value = params[index];
    const { first, second } = this.parameterState(params, index);
    if (type === "adam") {
      const { beta1, beta2, epsilon } = this.settings;
      const step = this.step + 1;
      const nextM = beta1 * first + (1 - beta1) * gradient;
      const nextV = beta2 * second + (1 - beta2) * gradient * gradient;
      const mHat = nextM / (1 - beta1 ** step);
      const vHat = nextV / (1 - beta2 ** step);
      const next = value - (lr * mHat) / (Math.sqrt(vHat) + epsilon);
      return { rule: "adam", learningRate: lr, value, gradient, next, step, beta1, beta2, epsilon, m: first, v: second, nextM, nextV, mHat, vHat };
    }
    const momentum = this.settings.momentum;
    if (type === "momentum" || momentum > 0) {
      const nextVelocity = momentum * first + gradient;
      return { rule: "momentum", learningRate: lr, value, gradient, next: value - lr * nextVelocity, momentum, velocity: first, nextVelocity };
    }
    return { rule: "sgd", learningRate: lr, value, gradient, next: value - lr * gradient };
  }
}
