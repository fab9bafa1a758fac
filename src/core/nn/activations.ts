/**
 * The activations, one record each: the function, its derivative, how train.py and an ONNX file
 * write it, and what the gradient-flow findings count as a saturated or dead unit. Each maps a
 * layer's total input z to its output a = f(z). Backpropagation needs da/dz; for every
 * element-wise activation here it can be computed from z and a together, so `derivative(z, a)`
 * takes both. Softmax is not element-wise: it maps a whole row, and only on the output layer.
 * The careful arithmetic (tanh, sigmoid, erf, softmax) is in activationMath.ts.
 */
import { t } from "../base/l10n";
import type { Task } from "../base/task";
import { erf, INV_SQRT_2PI, SQRT_HALF, sigmoid, tanh } from "./activationMath";

export { softmaxRow, tanh } from "./activationMath";

export const ACTIVATIONS = ["linear", "relu", "leakyRelu", "elu", "sigmoid", "tanh", "softplus", "gelu", "softmax"] as const;

export type ActivationName = (typeof ACTIVATIONS)[number];
export type ElementwiseActivationName = Exclude<ActivationName, "softmax">;

export interface ElementwiseActivation {
  /** f(z) */
  output(z: number): number;
  /** df/dz at z, given a = f(z) too. */
  derivative(z: number, a: number): number;
}

export interface ActivationRecord {
  readonly id: ActivationName;
  /** What it does, for learners (the schema's hover), in English. */
  readonly description: string;
  /** The element-wise function and its derivative; absent for softmax, which maps a whole row. */
  readonly elementwise?: ElementwiseActivation;
  /** Turns one row's ∂L/∂a in `delta` into ∂L/∂z, in place. */
  chainRow(z: Float64Array, a: Float64Array, delta: Float64Array, offset: number, width: number): void;
  /** Its outputs read as class probabilities (what a classifier's output layer needs). */
  readonly probabilities?: boolean;
  /** The z whose output is p, for a classifier's constant answers; absent: z = p. */
  logitOf?(p: number): number;
  /** Allowed only on the output layer (it turns outputs into class probabilities). */
  readonly outputOnly?: boolean;
  /** Its derivative is 0 where z ≤ 0 and 1 elsewhere (relu): the input-gradient kernel zeroes the off units itself. */
  readonly derivativeIsStep?: boolean;
  /** A unit can go dead: 0 for every input, and then no gradient passes it (relu). */
  readonly canDie?: boolean;
  /** What the sample card says of its derivative, when it has something to say. */
  cardNote?(): string;
  /** What to use instead when many units are dead. */
  readonly insteadWhenDead?: ActivationName;
  /** Outputs outside [low, high] count as saturated: on the flat ends, where almost no gradient passes. */
  readonly saturatedOutside?: readonly [low: number, high: number];
  /** train.py's module for it (null: no module, the Linear's output as it is) and the convention it follows. */
  readonly pytorch: { readonly module: string | null; readonly note?: string; readonly ofLogits?: string };
  /** The ONNX operator and its attributes; "erf" for GELU's x·½·(1 + erf(x/√2)), an operator only from opset 20. */
  readonly onnx: { readonly op: string; readonly floats?: Record<string, number>; readonly ints?: Record<string, number> } | "erf";
}

const LEAKY_RELU_SLOPE = 0.01;
const ELU_ALPHA = 1;

/** An element-wise activation's record: its chain rule multiplies by f′(z) output by output. */
function elementwise(
  id: ElementwiseActivationName,
  f: ElementwiseActivation,
  rest: Omit<ActivationRecord, "id" | "elementwise" | "chainRow">,
): ActivationRecord {
  return {
    id,
    elementwise: f,
    chainRow(z, a, delta, offset, width) {
      for (let j = 0; j < width; j++) delta[offset + j] *= f.derivative(z[offset + j], a[offset + j]);
    },
    ...rest,
  };
}

const RECORDS: Record<ActivationName, ActivationRecord> = {
  linear: elementwise(
    "linear",
    { output: (z) => z, derivative: () => 1 },
    {
      description: "No activation: the output is the weighted sum itself. Use it for regression outputs.",
      pytorch: { module: null },
      onnx: { op: "Identity" },
    },
  ),
  relu: elementwise(
    "relu",
    { output: (z) => Math.max(z, 0), derivative: (z) => (z > 0 ? 1 : 0) },
    {
      canDie: true,
      derivativeIsStep: true,
      insteadWhenDead: "leakyRelu",
      cardNote: () => t("A ReLU's f′(z) is 1 where z > 0 and 0 elsewhere: a unit that was off passes no gradient back."),
      description:
        "max(0, x): passes positive values, zeroes negative ones. Fast and the usual choice for hidden layers; a unit stuck below zero stops learning (a dead ReLU).",
      pytorch: { module: "nn.ReLU()" },
      onnx: { op: "Relu" },
    },
  ),
  leakyRelu: elementwise(
    "leakyRelu",
    { output: (z) => (z > 0 ? z : LEAKY_RELU_SLOPE * z), derivative: (z) => (z > 0 ? 1 : LEAKY_RELU_SLOPE) },
    {
      description: "Like ReLU but with slope 0.01 below zero, so a unit never stops learning entirely.",
      pytorch: { module: "nn.LeakyReLU(0.01)", note: "slope 0.01 below 0" },
      onnx: { op: "LeakyRelu", floats: { alpha: LEAKY_RELU_SLOPE } },
    },
  ),
  elu: elementwise(
    "elu",
    { output: (z) => (z > 0 ? z : ELU_ALPHA * (Math.exp(z) - 1)), derivative: (z, a) => (z > 0 ? 1 : a + ELU_ALPHA) },
    {
      description: "x above zero, e^x − 1 below: smooth near zero, negative outputs pull the mean activation towards 0.",
      pytorch: { module: "nn.ELU(alpha=1.0)", note: "alpha 1" },
      onnx: { op: "Elu", floats: { alpha: ELU_ALPHA } },
    },
  ),
  sigmoid: elementwise(
    "sigmoid",
    { output: sigmoid, derivative: (_z, a) => a * (1 - a) },
    {
      probabilities: true,
      logitOf: (p) => Math.log(p / (1 - p)),
      saturatedOutside: [0.01, 0.99],
      description: "1 / (1 + e^−x): squashes to 0..1. For a single yes/no output; in deep hidden layers its gradient vanishes.",
      pytorch: { module: "nn.Sigmoid()", ofLogits: "torch.sigmoid(output)" },
      onnx: { op: "Sigmoid" },
    },
  ),
  tanh: elementwise(
    "tanh",
    { output: tanh, derivative: (_z, a) => 1 - a * a },
    {
      saturatedOutside: [-0.99, 0.99],
      description: "Squashes to −1..1, centred on zero. A classic hidden-layer activation; saturates for large inputs.",
      pytorch: { module: "nn.Tanh()" },
      onnx: { op: "Tanh" },
    },
  ),
  softplus: elementwise(
    "softplus",
    {
      // log(1 + e^z) written to stay finite for large z.
      output: (z) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))),
      derivative: (z) => sigmoid(z),
    },
    {
      // PyTorch's default threshold (20) turns softplus into x sooner than NNSpec does; above 40 the two agree to double precision.
      description: "ln(1 + e^x): a smooth ReLU.",
      pytorch: { module: "nn.Softplus(threshold=40)", note: "ln(1 + e^x); exactly x only beyond 40, as in NNSpec" },
      onnx: { op: "Softplus" },
    },
  ),
  gelu: elementwise(
    "gelu",
    {
      output: (z) => 0.5 * z * (1 + erf(z * SQRT_HALF)),
      derivative: (z) => 0.5 * (1 + erf(z * SQRT_HALF)) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z),
    },
    { description: "x·Φ(x): a smooth ReLU used in transformers.", pytorch: { module: "nn.GELU()", note: "x·Φ(x), the erf form" }, onnx: "erf" },
  ),
  softmax: {
    id: "softmax",
    description: "Turns the last layer's outputs into probabilities that sum to 1, one per class. Last layer only.",
    chainRow(_z, a, delta, offset, width) {
      // Softmax's Jacobian: ∂L/∂z_j = p_j (g_j − Σ_k g_k p_k).
      let dot = 0;
      for (let j = 0; j < width; j++) dot += delta[offset + j] * a[offset + j];
      for (let j = 0; j < width; j++) delta[offset + j] = a[offset + j] * (delta[offset + j] - dot);
    },
    probabilities: true,
    logitOf: (p) => Math.log(p),
    outputOnly: true,
    pytorch: { module: "nn.Softmax(dim=1)", ofLogits: "torch.softmax(output, dim=1)" },
    onnx: { op: "Softmax", ints: { axis: 1 } },
  },
};

export function activationRecord(name: ActivationName): ActivationRecord {
  return RECORDS[name];
}

/** The element-wise activations' functions, by name (the reference the layer loops in layerMath.ts specialise). */
export const ELEMENTWISE = Object.fromEntries(
  ACTIVATIONS.flatMap((name) => {
    const f = RECORDS[name].elementwise;
    return f ? [[name, f]] : [];
  }),
) as Record<ElementwiseActivationName, ElementwiseActivation>;

/** A hidden layer's activation when the spec names none. */
export const DEFAULT_HIDDEN_ACTIVATION: ActivationName = RECORDS.relu.id;

/** The output activation a spec gets when it names none: the numbers as they are, or class probabilities. */
export function defaultOutputActivation(task: Task, outputUnits: number): ActivationName {
  if (task === "regression") return RECORDS.linear.id;
  return outputUnits === 1 ? RECORDS.sigmoid.id : RECORDS.softmax.id;
}

/** Whether `name` is applied unit by unit (every activation but softmax, which maps a whole row through its Jacobian). */
export function isElementwise(name: ActivationName): name is ElementwiseActivationName {
  return RECORDS[name].elementwise !== undefined;
}

/** Whether an output layer with this activation gives class probabilities (softmax, sigmoid); false for a name that is none. */
export function givesProbabilities(name: string | undefined): boolean {
  return name !== undefined && Object.hasOwn(RECORDS, name) && RECORDS[name as ActivationName].probabilities === true;
}
