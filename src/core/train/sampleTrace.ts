/**
 * One sample followed forward and back through the network with every number the card shows:
 * the inputs, each layer's z and a, softmax's terms, the output beside the target, the sample's
 * loss and its formula, ∂L/∂a, f'(z) and δ = ∂L/∂z per layer, and the gradient of every weight
 * and bias. All plain numbers, strings and arrays, so a trace can travel in a message.
 *
 * The forward and backward passes are the core's own (Network.forward and backward on one row),
 * so the card's z, a, δ and gradients are exactly what training computes; ∂L/∂a and f'(z) are
 * worked out beside them from the same numbers. The loss is the spec's loss on this one sample
 * (a mean over the outputs for MAE, MSE, Huber and BCE, as the lesson averages), without
 * regularization, which belongs to the weights, not to a sample.
 */

import { type Dataset, featureRow } from "../data/dataset";
import { type ActivationName, activationRecord, isElementwise } from "../nn/activations";
import { type LossName, lossRecord, outputSlope } from "../nn/losses";
import type { Network } from "../nn/network";
import { clipScale, type Optimizer, optimizerRecord, type StepPreview } from "../nn/optimizers";
import { type ParameterRef, parameterSlot } from "../nn/parameters";
import { clipFormula, gradientFormula, lossFormulaOf, stepFormula, sumFormula } from "./formulas";
import { inputGradient } from "./inputGradient";

export interface LayerTrace {
  /** The spec's index of the layer (1 = the first layer after the input). */
  layer: number;
  activation: ActivationName;
  /** Its activation is applied unit by unit, a = f(z) (softmax is not: it maps the whole row). */
  elementwise: boolean;
  /** z = Σ wᵢ·aᵢ + b, per unit. */
  z: number[];
  /** a = f(z), per unit. */
  a: number[];
  /**
   * ∂L/∂a per unit. Output layer: the loss's slope (MAE sign(e)/n, MSE 2e/n, Huber clip(e)/n).
   * Hidden layers: Σⱼ wᵢⱼ·δⱼ over the layer above. Null for an output whose loss and activation
   * are taken together (see `fused`).
   */
  dLda: number[] | null;
  /**
   * f'(z) per unit (ReLU's exactly 0 or 1); null for softmax, whose derivative is a matrix, and
   * for a fused output.
   */
  derivative: number[] | null;
  /**
   * δ = ∂L/∂z = ∂L/∂a · f'(z), the core's. Softmax: through its Jacobian, δⱼ = pⱼ(∂L/∂aⱼ − Σₖ pₖ·∂L/∂aₖ).
   */
  delta: number[];
  /**
   * Cross-entropy after a softmax and binary cross-entropy after a sigmoid: δ written as the one
   * expression training computes, `δ = p − t = [0.8, 0.2] − [1, 0] = [−0.2, 0.2]`. Its two factors
   * are not shown apart: where p rounds to 0 or 1, ∂L/∂a is infinite and f'(z) is 0, while their
   * product p − t is finite. Null for every other layer.
   */
  fused: { formula: string; note: string } | null;
}

/** e^{zₖ − shift} / Σ e^{z − shift} = aₖ. `shift` is 0 unless e^{z} would overflow; then it is max z. */
export interface SoftmaxTerms {
  shift: number;
  exp: number[];
  sum: number;
}

export interface SampleTrace {
  /** The row of the data in its own order, before any split or shuffle. */
  sample: number;
  featureNames: string[];
  input: number[];
  /** layers[k] is the spec's layers[k + 1]. */
  layers: LayerTrace[];
  /** The output layer's softmax terms; null for other output activations. */
  softmax: SoftmaxTerms | null;
  output: number[];
  /** One-hot for a class label (the class 0/1 for a single sigmoid output); the targets for regression. */
  target: number[];
  /** Classification: the sample's class index; null for regression. */
  label: number | null;
  /** Classification: a name per class (a single sigmoid output gives the probability of classNames[1]). */
  classNames: string[] | null;
  lossName: LossName;
  /** The sample's loss, as above. */
  loss: number;
  /** The loss in general, `MAE = (1/n)·Σ|ŷ − y|` (ŷ the output, y the target, n outputs). */
  lossRule: string;
  /** The loss is a mean over the outputs (its rule has n), not a sum over the classes (CE). */
  lossMeansOutputs: boolean;
  /** What the card says of the layers' activations' derivatives (a ReLU's 0 or 1). */
  activationNotes: string[];
  /** The loss written out, e.g. `MAE = (|0.8 − 1| + |0.2 − 0|) / 2 = 0.2`. */
  formula: string;
  /** When the loss is written from the logits, the sentence (translated) that says why; else null. */
  lossNote: string | null;
  /** ∂L/∂xᵢ of this sample's loss for each input (W₁ᵀ·δ₁): for an image, which pixels push the loss up or down. */
  inputGradient: number[];
  /** ∂L/∂w and ∂L/∂b of this sample's loss, indexed as the spec's layers; weights[i][j] from unit i below to unit j. */
  gradients: { layer: number; weights: number[][]; biases: number[] }[];
}

/**
 * Follows sample `sample` through `net` under `loss`: row `sample` of `data`, or, with `rowOfSample`
 * (LoadedSpec's), wherever the split moved that sample of the data's own order. Uses the
 * network's batch buffers (never its weights).
 */
export function traceSample(net: Network, loss: LossName, data: Dataset, sample: number, rowOfSample?: Uint32Array): SampleTrace {
  if (!Number.isInteger(sample) || sample < 0 || sample >= data.rows) throw new Error(`sample ${sample} is not one of the data's rows 0 to ${data.rows - 1}`);
  const row = rowOfSample ? rowOfSample[sample] : sample;
  const width = net.outputSize;
  const input = featureRow(data, row);
  const target = rowTarget(data, row, width);
  net.inputBuffer(1).set(input);
  net.forward(1);
  const value = net.lossSum(loss, target);
  net.backward(loss, target);

  const L = net.layerCount - 1;
  const layers: LayerTrace[] = [];
  for (let k = 0; k < net.layerCount; k++) {
    const activation = net.activations[k];
    const z = Array.from(net.layerTotalInput(k).subarray(0, net.sizes[k + 1]));
    const a = Array.from(net.layerOutput(k).subarray(0, net.sizes[k + 1]));
    const f = activationRecord(activation).elementwise;
    const derivative = f ? z.map((zj, j) => f.derivative(zj, a[j])) : null;
    layers.push({
      layer: k + 1,
      activation,
      elementwise: f !== undefined,
      z,
      a,
      dLda: [],
      derivative,
      delta: Array.from(net.layerDelta(k).subarray(0, net.sizes[k + 1])),
      fused: null,
    });
  }
  const output = layers[L].a;
  const targetList = Array.from(target);
  const record = lossRecord(loss);
  const fused = record.fused?.activation === net.activations[L] ? record.fused : undefined;
  if (fused) {
    layers[L].dLda = null;
    layers[L].derivative = null;
    layers[L].fused = { formula: fused.formula(output, targetList, layers[L].delta), note: fused.note() };
  } else layers[L].dLda = layers[L].a.map((p, j) => outputSlope(loss, p, target[j], width));
  for (let k = L - 1; k >= 0; k--) {
    const above = layers[k + 1];
    const outDim = net.sizes[k + 2];
    const w = net.weights[k + 1];
    layers[k].dLda = layers[k].a.map((_, i) => {
      let s = 0;
      for (let j = 0; j < outDim; j++) s += w[i * outDim + j] * above.delta[j];
      return s;
    });
  }

  const written = lossFormulaOf(loss, output, targetList, value, layers[L].z);
  const classification = data.task === "classification";
  return {
    sample,
    featureNames: [...data.featureNames],
    input: Array.from(input),
    layers,
    softmax: isElementwise(net.activations[L]) ? null : softmaxTerms(layers[L].z),
    output,
    target: targetList,
    label: classification && data.labels ? data.labels[row] : null,
    classNames: classification && data.classNames ? [...data.classNames] : null,
    lossName: loss,
    loss: value,
    lossRule: record.rule,
    lossMeansOutputs: record.meanOverOutputs,
    activationNotes: [...new Set(net.activations)].flatMap((a) => activationRecord(a).cardNote?.() ?? []),
    formula: written.text,
    lossNote: written.fromLogits ? (record.logitsNote?.() ?? null) : null,
    inputGradient: Array.from(inputGradient(net, layers[0].delta)),
    gradients: net.weights.map((_, k) => {
      const outDim = net.sizes[k + 1];
      const g = net.gradWeights[k];
      return {
        layer: k + 1,
        weights: Array.from({ length: net.sizes[k] }, (_, i) => Array.from(g.subarray(i * outDim, (i + 1) * outDim))),
        biases: Array.from(net.gradBiases[k]),
      };
    }),
  };
}

/** Row `row` of the data set's target matrix: what the loss compares the output with (as targetMatrix builds it). */
function rowTarget(data: Dataset, row: number, width: number): Float64Array {
  if (data.task === "regression") return (data.targets ?? new Float64Array(width)).slice(row * width, (row + 1) * width);
  const t = new Float64Array(width);
  const label = data.labels?.[row] ?? 0;
  if (width === 1) t[0] = label;
  else t[label] = 1;
  return t;
}

function softmaxTerms(z: readonly number[]): SoftmaxTerms {
  const plain = z.map(Math.exp);
  const sum = plain.reduce((s, e) => s + e, 0);
  if (Number.isFinite(sum) && sum > 0) return { shift: 0, exp: plain, sum };
  const shift = Math.max(...z);
  const exp = z.map((v) => Math.exp(v - shift));
  return { shift, exp, sum: exp.reduce((s, e) => s + e, 0) };
}

/** One unit's weighted sum, term by term, for the card's `z = Σ wᵢ·aᵢ + b`. */
export interface UnitSum {
  layer: number;
  unit: number;
  /** aᵢ: the layer below's outputs (the inputs for layers[1]). */
  inputs: number[];
  /** wᵢ: the weights into this unit, one per unit below. */
  weights: number[];
  bias: number;
  z: number;
  a: number;
  /** `z = 0.5·1 + (−0.3)·2 + 0.1 = 0`, long sums elided in the middle. */
  formula: string;
}

/** The weighted sum of `unit` in spec layer `layer`, from a trace and the network's current weights. */
export function unitSum(net: Network, trace: SampleTrace, layer: number, unit: number): UnitSum {
  const slot = parameterSlot(net, { layer, from: "bias", to: unit });
  const k = layer - 1;
  const outDim = net.sizes[layer];
  const inputs = k === 0 ? trace.input : trace.layers[k - 1].a;
  const weights = inputs.map((_, i) => net.weights[k][i * outDim + unit]);
  const bias = slot.params[slot.index];
  const { z, a } = trace.layers[k];
  return { layer, unit, inputs, weights, bias, z: z[unit], a: a[unit], formula: sumFormula(weights, inputs, bias, z[unit]) };
}

/** One parameter's gradient for the traced sample, and the optimizer's step from it. */
export interface ParameterStep {
  parameter: ParameterRef;
  value: number;
  /** δ of the unit the parameter feeds (∂L/∂z). */
  delta: number;
  /** What the parameter multiplies: the unit below's output, or 1 for a bias. */
  input: number;
  /** ∂L/∂w = δ·a (∂L/∂b = δ), the core's gradient for this sample; no regularization. */
  gradient: number;
  /** `∂L/∂w = δ·a = 0.2·1 = 0.2`. */
  formula: string;
  /**
   * With optimizer.clipNorm: the norm of all this sample's gradients together, and the factor
   * clipping scales each by (1 when the norm is within the limit); null without clipping.
   */
  clip: { limit: number; norm: number; scale: number } | null;
  /** The update the optimizer would make from this sample's gradient alone (clipped, with clipNorm), with its current state. */
  step: StepPreview;
  /** The update written out, one line per quantity it updates. */
  stepFormula: string[];
  /** The card's caption for the step: how this optimizer moves the weight. */
  stepCaption: string;
}

export function parameterStep(net: Network, optimizer: Optimizer, trace: SampleTrace, ref: ParameterRef): ParameterStep {
  const slot = parameterSlot(net, ref);
  const k = ref.layer - 1;
  const delta = trace.layers[k].delta[ref.to];
  const grads = trace.gradients[k];
  const { from, to } = ref;
  const bias = from === "bias";
  const input = from === "bias" ? 1 : (k === 0 ? trace.input : trace.layers[k - 1].a)[from];
  const gradient = from === "bias" ? grads.biases[to] : grads.weights[from][to];
  const limit = optimizer.settings.clipNorm;
  const clip = limit === null ? null : { limit, norm: gradientNorm(trace), scale: 0 };
  if (clip) clip.scale = clipScale(clip.norm, limit);
  const step = optimizer.preview(slot.params, slot.index, gradient * (clip?.scale ?? 1));
  return {
    parameter: ref,
    value: slot.params[slot.index],
    delta,
    input,
    gradient,
    formula: gradientFormula(bias, delta, input, gradient),
    clip,
    step,
    stepFormula: [...(clip && clip.scale < 1 ? [clipFormula(gradient, clip.limit, clip.norm, step.gradient)] : []), ...stepFormula(bias ? "b" : "w", step)],
    stepCaption: optimizerRecord(step.rule).cardCaption(),
  };
}

/** The L2 norm of all of a trace's weight and bias gradients together, as clip_grad_norm_ takes it. */
function gradientNorm(trace: SampleTrace): number {
  let squares = 0;
  for (const { weights, biases } of trace.gradients) {
    for (const row of weights) for (const g of row) squares += g * g;
    for (const g of biases) squares += g * g;
  }
  return Math.sqrt(squares);
}
