/**
 * The parts of train.py that follow the spec: the model's layers, the targets, the answers and
 * accuracy, the settings as constants, the step from the loss to the optimizer. Each asks the
 * records (the activation's module, the loss's, the optimizer's) what to write.
 */
import { type ActivationName, activationRecord } from "../nn/activations";
import { fusedWith, lossRecord } from "../nn/losses";
import { stepRule } from "../nn/optimizers";
import type { ResolvedSpec } from "../spec/types";
import { aligned, type CommentedLine, oneLine, pyBool, pyInt, pyNumber } from "./python";

export interface ScriptOptions {
  /** The script's default --device: "cpu" (NNSpec's numbers), "cuda", "cuda:1", "mps". */
  device: string;
  /** The script's default --dtype: "float64" computes as NNSpec does. */
  dtype: "float64" | "float32";
  /** The script's default for --dataloader: PyTorch's DataLoader shuffles the batches. */
  dataLoader: boolean;
}

export interface ScriptInput {
  spec: ResolvedSpec;
  /** The spec's file name, for the header; omitted when unknown. */
  source?: string;
  /** The data file the script reads, beside it. */
  dataFile: string;
  featureNames: readonly string[];
  trainRows: number;
  /** Numbers the initialiser drew from training.seed's generator before the first shuffle. */
  initDraws: number;
  options: ScriptOptions;
  /** The data are images, written compactly as bytes (exportData.ts, ExportedPixels). */
  images?: boolean;
}

/** The output layer's activation when the loss applies it itself, from the logits (as PyTorch's losses do). */
export function fusedOutput(spec: ResolvedSpec): ActivationName | null {
  const output = spec.activations[spec.activations.length - 1];
  return fusedWith(spec.loss, output) ? output : null;
}

export function describeLayer(spec: ResolvedSpec, k: number): string {
  return `layers[${k + 1}]: ${spec.sizes[k + 1]} ${spec.activations[k]} unit${spec.sizes[k + 1] === 1 ? "" : "s"}`;
}

/** The nn.Sequential's lines: a Linear per layer after the input, and its activation. */
export function modelLines(spec: ResolvedSpec): string[] {
  const fused = fusedOutput(spec);
  const last = spec.activations.length - 1;
  const lines: CommentedLine[] = [];
  spec.activations.forEach((activation, k) => {
    const linear = `nn.Linear(${spec.sizes[k]}, ${spec.sizes[k + 1]}),`;
    const { module, note } = activationRecord(activation).pytorch;
    if (module === null) lines.push([linear, `${describeLayer(spec, k)} (no activation)`]);
    else if (k === last && fused) lines.push([linear, `${describeLayer(spec, k)}; the loss applies the ${fused}`]);
    else {
      lines.push([linear, describeLayer(spec, k)]);
      lines.push([`${module},`, `layers[${k + 1}].activation: ${activation}${note ? ` (${note})` : ""}`]);
    }
    const rate = spec.dropout[k];
    if (rate > 0) lines.push([`ReplayedDropout(${pyNumber(rate)}, ${spec.sizes[k + 1]}),`, `layers[${k + 1}].dropout: NNSpec's own masks, replayed`]);
  });
  return aligned(lines, "        ");
}

/** What the loss compares the output with, made from data.json's `y`. */
export function targetLines(spec: ResolvedSpec): string[] {
  const outputs = spec.sizes[spec.sizes.length - 1];
  if (spec.task === "regression") return ['y = torch.tensor(part["y"], dtype=dtype).reshape(-1, OUTPUTS)  # the targets of each sample'];
  if (lossRecord(spec.loss).pytorch.classIndexTargets) return ['y = torch.tensor(part["y"], dtype=torch.long)  # the class index of each sample'];
  if (outputs === 1) return ['y = torch.tensor(part["y"], dtype=dtype).reshape(-1, 1)  # the class, 0 or 1, is the one output\'s target'];
  return [
    "# Class k becomes the target 1 at output k and 0 at the others (one-hot).",
    'y = nn.functional.one_hot(torch.tensor(part["y"], dtype=torch.long), OUTPUTS).to(dtype)',
  ];
}

/** The network's answers, which accuracy and outputSpread read: the output layer's, after its activation. */
export function answersLines(spec: ResolvedSpec): string[] {
  const fused = fusedOutput(spec);
  if (!fused) return ['"""The network\'s answers: its output."""', "return output"];
  const call = activationRecord(fused).pytorch.ofLogits ?? "output";
  return [`"""The network's answers: the output layer's ${fused} of its logits, which the loss applies itself."""`, `return ${call}`];
}

/** NNSpec's accuracy rule (countCorrect in src/core/train/metrics.ts), on the network's answers. */
export function countCorrectLines(spec: ResolvedSpec): string[] {
  if (spec.task === "regression") {
    return [
      '"""How many answers are within metrics.tolerance of their targets (regression accuracy counts values, not samples)."""',
      "return ((answers - y).abs() <= TOLERANCE).sum().item()",
    ];
  }
  if (spec.sizes[spec.sizes.length - 1] === 1) {
    return [
      '"""How many samples the network gets right: class 1 when the answer (a probability) is above 0.5."""',
      "return ((answers > 0.5).to(y.dtype) == y).sum().item()",
    ];
  }
  const truth = lossRecord(spec.loss).pytorch.classIndexTargets ? "y" : "y.argmax(dim=1)";
  return [
    '"""How many samples the network gets right: the output with the highest probability is the true class."""',
    `return (answers.argmax(dim=1) == ${truth}).sum().item()`,
  ];
}

/** The spec's settings as constants, each with its field. */
export function settingLines(input: ScriptInput): string[] {
  const { spec, featureNames, initDraws } = input;
  const { training, optimizer, regularization } = spec;
  const lines: CommentedLine[] = [
    [`INPUTS = ${spec.sizes[0]}`, `layers[0].units: the features ${featureNames.join(", ")}`],
    [`OUTPUTS = ${spec.sizes[spec.sizes.length - 1]}`, `layers[${spec.sizes.length - 1}].units`],
    [`EPOCHS = ${training.epochs}`, "training.epochs"],
    [
      `BATCH_SIZE = ${training.batchSize === "full" ? input.trainRows : Math.min(training.batchSize, input.trainRows)}`,
      training.batchSize === "full" ? 'training.batchSize: "full", the whole training set' : "training.batchSize",
    ],
    [`SHUFFLE = ${pyBool(training.shuffle)}`, "training.shuffle"],
    [
      `SEED = ${pyInt(training.seed)}`,
      spec.dropout.some((p) => p > 0)
        ? "training.seed: NNSpec drew the initial weights with it, then shuffles and draws the dropout masks with it"
        : "training.seed: NNSpec drew the initial weights with it, then shuffles with it",
    ],
    [
      `INIT_DRAWS = ${initDraws}`,
      typeof spec.init === "string" ? `numbers "init": "${spec.init}" drew from it before the first shuffle` : "none: init is a weights file",
    ],
    [`LEARNING_RATE = ${pyNumber(optimizer.learningRate)}`, "optimizer.learningRate"],
  ];
  for (const c of stepRule(optimizer).pytorch.constants(optimizer)) {
    const value = c.values.length === 1 ? pyNumber(c.values[0]) : `(${c.values.map(pyNumber).join(", ")})`;
    lines.push([`${c.name} = ${value}`, c.comment]);
  }
  if (optimizer.clipNorm !== null) {
    lines.push([`CLIP_NORM = ${pyNumber(optimizer.clipNorm)}`, "optimizer.clipNorm: the largest L2 norm of a batch's gradients, all together"]);
  }
  if (regularization && regularization.rate > 0) {
    lines.push([`${regularization.type.toUpperCase()}_RATE = ${pyNumber(regularization.rate)}`, `regularization.rate ("type": "${regularization.type}")`]);
  }
  const stopping = training.earlyStopping;
  if (stopping) {
    lines.push(
      [`PATIENCE = ${stopping.patience}`, "training.earlyStopping.patience: epochs without a lower valLoss before stopping"],
      [`MIN_DELTA = ${pyNumber(stopping.minDelta)}`, "training.earlyStopping.minDelta: how much lower counts as lower"],
      [`RESTORE_BEST = ${pyBool(stopping.restoreBest)}`, "training.earlyStopping.restoreBest: end with the best epoch's weights"],
    );
  }
  if (spec.task === "regression")
    lines.push([`TOLERANCE = ${pyNumber(spec.metrics.tolerance)}`, "metrics.tolerance: an output within this of its target counts as right"]);
  return aligned(lines);
}

/**
 * The lines from the batch's loss to the optimizer's step: the regularization term the Trainer
 * adds to the gradient, written as the loss it is the gradient of; the report takes the gradient
 * as the loss gave it, and clipping (optimizer.clipNorm) comes after it, as in NNSpec.
 */
export function backwardLines(spec: ResolvedSpec): string[] {
  const reg = spec.regularization;
  const lines = ["optimizer.zero_grad()"];
  if (reg && reg.rate > 0) {
    const term = reg.type === "l2" ? "(linear.weight**2).sum()" : "linear.weight.abs().sum()";
    const formula = reg.type === "l2" ? "rate·Σw²" : "rate·Σ|w|";
    lines.push(
      `# regularization (${reg.type}): the loss minimised adds ${formula} over the weights, not the biases,`,
      "# as NNSpec and Keras do; it is left out of the loss reported.",
      `penalty = ${reg.type.toUpperCase()}_RATE * sum(${term} for linear in linears(model))`,
      "(loss + penalty).backward()",
    );
  } else lines.push("loss.backward()");
  lines.push("if not report.add_gradients():", '    diverged(epoch, "a gradient")');
  if (spec.optimizer.clipNorm !== null) lines.push("torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM)");
  lines.push("steps.before_step()", "optimizer.step()", "steps.after_step()  # how far the step moved the weights");
  return lines;
}

export function initDescription(spec: ResolvedSpec): string {
  return typeof spec.init === "string" ? `"init": "${spec.init}", drawn with training.seed` : `"init": "${oneLine(spec.init.path)}"`;
}
