/**
 * Activations applied to whole layers at once. The element-wise functions in activations.ts
 * are the reference; these loops specialise the common ones so the hot path makes no
 * per-element indirect call.
 */
import { type ActivationName, ELEMENTWISE, softmaxRow, tanh } from "./activations";

/** a = f(z) for `rows` rows of `width` values; for softmax, each row's log-sum-exp goes into `logSumExp` when given. */
export function activateLayer(name: ActivationName, z: Float64Array, a: Float64Array, rows: number, width: number, logSumExp?: Float64Array): void {
  const n = rows * width;
  switch (name) {
    case "linear":
      a.set(z.subarray(0, n));
      return;
    case "relu":
      for (let i = 0; i < n; i++) {
        const v = z[i];
        a[i] = Math.max(v, 0);
      }
      return;
    case "tanh":
      for (let i = 0; i < n; i++) a[i] = tanh(z[i]);
      return;
    case "softmax":
      for (let r = 0; r < rows; r++) {
        const rowLogSumExp = softmaxRow(z, a, r * width, width);
        if (logSumExp) logSumExp[r] = rowLogSumExp;
      }
      return;
    default: {
      const f = ELEMENTWISE[name].output;
      for (let i = 0; i < n; i++) a[i] = f(z[i]);
    }
  }
}

/**
 * delta *= f'(z) in place: turns dL/da (the error arriving from the layer above) into dL/dz.
 * Never called with softmax, which is only allowed on the output layer, where losses.ts
 * handles it.
 */
export function multiplyByDerivative(name: ActivationName, z: Float64Array, a: Float64Array, delta: Float64Array, rows: number, width: number): void {
  const n = rows * width;
  switch (name) {
    case "linear":
      return;
    case "relu":
      for (let i = 0; i < n; i++) if (z[i] <= 0) delta[i] = 0;
      return;
    case "tanh":
      for (let i = 0; i < n; i++) delta[i] *= 1 - a[i] * a[i];
      return;
    case "softmax":
      throw new Error("softmax is only allowed on the output layer");
    default: {
      const f = ELEMENTWISE[name].derivative;
      for (let i = 0; i < n; i++) delta[i] *= f(z[i], a[i]);
    }
  }
}
