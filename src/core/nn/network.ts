/**
 * A stack of dense layers with batched forward and backward passes over Float64Arrays.
 *
 * Layer k (0-based, not counting the input) maps sizes[k] inputs to sizes[k+1] outputs.
 * Its weights are row-major [in][out]: weights[k][i*out + j] connects unit i of the layer
 * below to unit j of this layer, the Keras kernel layout the weights JSON uses too.
 */
import { type ActivationName, activationRecord, isElementwise } from "./activations";
import { applyMask, type DropoutMasks } from "./dropout";
import { forwardDense, inputGradients, weightGradients } from "./kernels";
import { activateLayer, multiplyByDerivative } from "./layerMath";
import { type LossName, lossRecord, rowOutputDelta } from "./losses";

export class Network {
  readonly sizes: readonly number[];
  readonly activations: readonly ActivationName[];
  readonly layerCount: number;
  /** weights[k][i*out + j]: from unit i below to unit j of layer k. */
  readonly weights: Float64Array[];
  readonly biases: Float64Array[];
  /** dL/dW for the last backward pass: the gradient of the batch's mean loss. */
  readonly gradWeights: Float64Array[];
  /** dL/db for the last backward pass. */
  readonly gradBiases: Float64Array[];

  /** Rows the batch buffers currently hold room for. */
  private capacity = 0;
  /**
   * layerInputs[k]: what layer k reads for the current batch. layerInputs[0] is the data and,
   * for k > 0, layerInputs[k] is layer k − 1's output (its activations): one buffer, two roles.
   */
  private layerInputs: Float64Array[] = [];
  /** z[k]: layer k's total input (X·W + b), per row. */
  private z: Float64Array[] = [];
  /**
   * deltas[k]: after backward(), the error derivative with respect to layer k's total input,
   * dL/dz. While backward() runs, the buffer of layer k − 1 first receives dL/da (the product
   * with layer k's weights) and is then turned into dL/dz in place by the activation's
   * derivative: `outputSlopeThenDelta` names it at that step.
   */
  private deltas: Float64Array[] = [];
  /** Per row, the output softmax's log-sum-exp (ln Σ e^z), kept for the cross-entropy. */
  private outputLogSumExp = new Float64Array(0);
  /** Rows in the last forward pass. */
  private rows = 0;
  /** The last forward pass's dropout masks (training batches only; null otherwise). */
  private masks: DropoutMasks | null = null;
  /** unmasked[k]: layer k's output before its dropout mask, where it has one (allocated when first needed). */
  private unmasked: (Float64Array | null)[] = [];

  constructor(sizes: readonly number[], activations: readonly ActivationName[]) {
    if (activations.length !== sizes.length - 1) throw new Error("one activation per non-input layer");
    this.sizes = sizes;
    this.activations = activations;
    this.layerCount = sizes.length - 1;
    this.weights = [];
    this.biases = [];
    this.gradWeights = [];
    this.gradBiases = [];
    for (let k = 0; k < this.layerCount; k++) {
      const n = sizes[k] * sizes[k + 1];
      this.weights.push(new Float64Array(n));
      this.biases.push(new Float64Array(sizes[k + 1]));
      this.gradWeights.push(new Float64Array(n));
      this.gradBiases.push(new Float64Array(sizes[k + 1]));
    }
  }

  get inputSize(): number {
    return this.sizes[0];
  }

  get outputSize(): number {
    return this.sizes[this.layerCount];
  }

  get parameterCount(): number {
    let n = 0;
    for (let k = 0; k < this.layerCount; k++) n += this.weights[k].length + this.biases[k].length;
    return n;
  }

  /** Makes room for `rows` rows in every batch buffer. */
  ensureCapacity(rows: number): void {
    if (rows <= this.capacity) return;
    this.capacity = rows;
    this.layerInputs = [new Float64Array(rows * this.sizes[0])];
    this.outputLogSumExp = new Float64Array(rows);
    this.z = [];
    this.deltas = [];
    this.unmasked = [];
    for (let k = 0; k < this.layerCount; k++) {
      const width = this.sizes[k + 1];
      this.z.push(new Float64Array(rows * width));
      this.layerInputs.push(new Float64Array(rows * width)); // the output of layer k is the input of k+1
      this.deltas.push(new Float64Array(rows * width));
    }
  }

  /** The buffer to write the next batch's input rows into (rows × inputSize). */
  inputBuffer(rows: number): Float64Array {
    this.ensureCapacity(rows);
    return this.layerInputs[0];
  }

  /**
   * Forward pass over `rows` rows already written into inputBuffer(). Returns the output buffer.
   * With `masks` (a training batch with dropout, src/core/nn/dropout.ts), each masked layer's
   * output is multiplied by its mask before the next layer reads it; backward() uses the same masks.
   */
  forward(rows: number, masks: DropoutMasks | null = null): Float64Array {
    this.ensureCapacity(rows);
    this.rows = rows;
    this.masks = masks;
    for (let k = 0; k < this.layerCount; k++) {
      const inDim = this.sizes[k];
      const outDim = this.sizes[k + 1];
      forwardDense(this.layerInputs[k], rows, inDim, this.weights[k], outDim, this.biases[k], this.z[k]);
      activateLayer(this.activations[k], this.z[k], this.layerInputs[k + 1], rows, outDim, this.outputLogSumExp);
      const mask = masks?.[k];
      if (mask) {
        const kept = (this.unmasked[k] ??= new Float64Array(this.capacity * outDim));
        kept.set(this.layerInputs[k + 1].subarray(0, rows * outDim));
        applyMask(this.layerInputs[k + 1], mask, rows * outDim);
      }
    }
    return this.layerInputs[this.layerCount];
  }

  /** Output of layer k (its activations, before any dropout mask) for the last forward pass. */
  layerOutput(k: number): Float64Array {
    return (this.masks?.[k] && this.unmasked[k]) || this.layerInputs[k + 1];
  }

  /** Total input of layer k for the last forward pass. */
  layerTotalInput(k: number): Float64Array {
    return this.z[k];
  }

  /**
   * dL/dz of layer k for the last backward pass (scaled as that pass's gradient is, by 1/rows).
   * In a ReLU layer it is 0 at the units that were off, as ReLU's derivative makes it.
   */
  layerDelta(k: number): Float64Array {
    return this.deltas[k];
  }

  /** Sum over the last forward pass's rows of each row's loss against `targets` (rows × outputSize). */
  lossSum(loss: LossName, targets: Float64Array): number {
    const L = this.layerCount - 1;
    const width = this.outputSize;
    const value = lossRecord(loss).value;
    // A softmax output (the one activation that is not element-wise) kept each row's
    // log-sum-exp, which a loss from the logits reuses.
    const logSumExp = isElementwise(this.activations[L]) ? null : this.outputLogSumExp;
    let sum = 0;
    for (let r = 0; r < this.rows; r++) sum += value(this.z[L], this.layerInputs[L + 1], targets, r * width, width, logSumExp?.[r]);
    return sum;
  }

  /**
   * Backward pass for the last forward pass: fills gradWeights and gradBiases with the
   * gradient of the batch's mean loss. Call lossSum() first if the loss value is needed.
   */
  backward(loss: LossName, targets: Float64Array): void {
    const rows = this.rows;
    const L = this.layerCount - 1;
    const width = this.outputSize;
    const scale = 1 / rows;
    const zOut = this.z[L];
    const aOut = this.layerInputs[L + 1];
    const dOut = this.deltas[L];
    const lossRule = lossRecord(loss);
    const output = activationRecord(this.activations[L]);
    for (let r = 0; r < rows; r++) rowOutputDelta(lossRule, output, zOut, aOut, targets, r * width, width, scale, dOut);
    for (let k = L; k >= 0; k--) {
      const inDim = this.sizes[k];
      const outDim = this.sizes[k + 1];
      weightGradients(this.layerInputs[k], rows, inDim, this.deltas[k], outDim, this.gradWeights[k], this.gradBiases[k]);
      if (k > 0) {
        const below = this.activations[k - 1];
        // ∂L/∂a of layer k − 1 first, then (by its activation's derivative, in place) its ∂L/∂z.
        const outputSlopeThenDelta = this.deltas[k - 1];
        // Dropout: the masked output m·a fed this layer, so ∂L/∂a = m · ∂L/∂(m·a).
        const mask = this.masks?.[k - 1];
        if (activationRecord(below).derivativeIsStep) {
          // ReLU's derivative is 0 or 1: the kernel zeroes the off units' entries itself.
          inputGradients(this.deltas[k], rows, outDim, this.weights[k], inDim, outputSlopeThenDelta, this.z[k - 1]);
          if (mask) applyMask(outputSlopeThenDelta, mask, rows * inDim);
        } else {
          inputGradients(this.deltas[k], rows, outDim, this.weights[k], inDim, outputSlopeThenDelta, null);
          if (mask) applyMask(outputSlopeThenDelta, mask, rows * inDim);
          multiplyByDerivative(below, this.z[k - 1], this.layerOutput(k - 1), outputSlopeThenDelta, rows, inDim);
        }
      }
    }
  }
}
