/**
 * The text of an exported train.py: a PyTorch script that trains a spec as the Trainer does,
 * written to read like a PyTorch tutorial (an nn.Sequential, a loop), each line that comes from
 * the spec commented with the field it comes from. The parts that are the same for every spec
 * are in pythonHelpers.ts.
 */

import { type ActivationName, activationRecord } from "../nn/activations";
import { fusedWith, lossRecord } from "../nn/losses";
import { stepRule } from "../nn/optimizers";
import type { ResolvedSpec } from "../spec/types";
import { aligned, type CommentedLine, docstringLine, oneLine, pyBool, pyInt, pyNumber, pyString } from "./python";
import { BATCH_ORDER, DIVERGED, LAYER_REPORT, OUTPUT_SPREAD, WEIGHT_STEPS, WEIGHTS } from "./pythonHelpers";
import { RANKS } from "./pythonRanks";

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
function fusedOutput(spec: ResolvedSpec): ActivationName | null {
  const output = spec.activations[spec.activations.length - 1];
  return fusedWith(spec.loss, output) ? output : null;
}

function describeLayer(spec: ResolvedSpec, k: number): string {
  return `layers[${k + 1}]: ${spec.sizes[k + 1]} ${spec.activations[k]} unit${spec.sizes[k + 1] === 1 ? "" : "s"}`;
}

/** The nn.Sequential's lines: a Linear per layer after the input, and its activation. */
function modelLines(spec: ResolvedSpec): string[] {
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
  });
  return aligned(lines, "        ");
}

/** What the loss compares the output with, made from data.json's `y`. */
function targetLines(spec: ResolvedSpec): string[] {
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
function answersLines(spec: ResolvedSpec): string[] {
  const fused = fusedOutput(spec);
  if (!fused) return ['"""The network\'s answers: its output."""', "return output"];
  const call = activationRecord(fused).pytorch.ofLogits ?? "output";
  return [`"""The network's answers: the output layer's ${fused} of its logits, which the loss applies itself."""`, `return ${call}`];
}

/** NNSpec's accuracy rule (countCorrect in src/core/train/metrics.ts), on the network's answers. */
function countCorrectLines(spec: ResolvedSpec): string[] {
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
function settingLines(input: ScriptInput): string[] {
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
    [`SEED = ${pyInt(training.seed)}`, "training.seed: NNSpec drew the initial weights with it, then shuffles with it"],
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
  if (spec.task === "regression")
    lines.push([`TOLERANCE = ${pyNumber(spec.metrics.tolerance)}`, "metrics.tolerance: an output within this of its target counts as right"]);
  return aligned(lines);
}

/**
 * The lines from the batch's loss to the optimizer's step: the regularization term the Trainer
 * adds to the gradient, written as the loss it is the gradient of; the report takes the gradient
 * as the loss gave it, and clipping (optimizer.clipNorm) comes after it, as in NNSpec.
 */
function backwardLines(spec: ResolvedSpec): string[] {
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

function header(input: ScriptInput): string[] {
  const { spec, options } = input;
  const from = input.source ? ` from ${docstringLine(input.source)}` : "";
  const flag = (name: string, on: boolean) => (on ? `--no-${name}` : `--${name}`);
  const usage: CommentedLine[] = [
    ["python3 train.py", exact(options) ? "as NNSpec trains: float64 on the CPU, NNSpec's batch order" : "with the defaults chosen at export"],
    [`python3 train.py --device ${options.device === "cpu" ? "cuda" : "cpu"}`, options.device === "cpu" ? "on a GPU" : "on the CPU"],
    [
      `python3 train.py --dtype ${options.dtype === "float64" ? "float32" : "float64"}`,
      options.dtype === "float64" ? "in single precision, as most PyTorch code does" : "in double precision, as NNSpec does",
    ],
    [
      `python3 train.py ${flag("dataloader", options.dataLoader)}`,
      options.dataLoader ? "in NNSpec's batch order" : "with PyTorch's DataLoader shuffling the batches",
    ],
    ["torchrun --nproc_per_node=2 train.py", "on two processes, each with half of every batch: the same numbers"],
    ["python3 train.py --save-weights w.json", "then write the trained weights, for: nnspec train SPEC --init w.json"],
    ["python3 train.py --onnx model.onnx", "then write the trained model as ONNX, for inference elsewhere"],
  ];
  return [
    "#!/usr/bin/env python3",
    `"""${docstringLine(spec.name)} (NNSpec's training, in PyTorch).`,
    "",
    `Exported${from} by "nnspec export --pytorch".`,
    `Needs Python (3.9 or newer) and PyTorch (1.13 or newer), nothing else. ${input.dataFile}, beside this file,`,
    "holds the training and validation data (split as NNSpec splits them) and the weights training",
    "starts from.",
    "",
    ...aligned(usage, "    "),
    "",
    'Each epoch prints one line of JSON, as "nnspec train --json" does, with every number it prints',
    "(its findings, NNSpec's readings of those numbers, are NNSpec's own). On the CPU in float64 and in",
    "NNSpec's batch order, the numbers agree with NNSpec's to within 1e-9: the two differ only in the",
    "order of floating-point additions.",
    '"""',
  ];
}

/** Whether the options keep NNSpec's numbers: float64, the CPU, NNSpec's batch order. */
export function exact(options: ScriptOptions): boolean {
  return options.device === "cpu" && options.dtype === "float64" && !options.dataLoader;
}

export function pytorchScript(input: ScriptInput): string {
  const { spec, options } = input;
  const fused = fusedOutput(spec);
  const loss = lossRecord(spec.loss).pytorch;
  const optimizer = stepRule(spec.optimizer).pytorch;
  const perSample = spec.task === "regression" ? ".numel()" : "";
  const count = (name: string) => (perSample ? `${name}${perSample}` : `len(${name})`);
  const indent = (lines: string[], by: string) => lines.map((line) => (line ? by + line : line));
  const inference = fused && activationRecord(fused).pytorch.module;
  return [
    ...header(input),
    "",
    ...(input.images ? ["import base64"] : []),
    "import argparse",
    "import copy",
    "import json",
    "import math",
    "import os",
    "import sys",
    "",
    "import torch",
    "from torch import nn",
    "from torch.utils.data import DataLoader, TensorDataset",
    "",
    ...(loss.definition ? [loss.definition, "", ""] : []),
    "# The spec's settings; each comment names the field.",
    ...settingLines(input),
    "",
    "",
    "def main():",
    "    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])",
    `    parser.add_argument("--device", default=${pyString(options.device)}, help="where to train: cpu, cuda, mps, ...")`,
    `    parser.add_argument("--dtype", default=${pyString(options.dtype)}, choices=["float64", "float32"], help="float64 computes as NNSpec does")`,
    "    parser.add_argument(",
    `        "--dataloader", action=argparse.BooleanOptionalAction, default=${pyBool(options.dataLoader)},`,
    `        help="batches from PyTorch's DataLoader instead of NNSpec's order",`,
    "    )",
    '    parser.add_argument("--save-weights", metavar="FILE", help="write the trained weights to FILE in NNSpec\'s format")',
    '    parser.add_argument("--onnx", metavar="FILE", help="write the trained model to FILE as ONNX")',
    "    args = parser.parse_args()",
    "    device, dtype = torch.device(args.device), getattr(torch, args.dtype)",
    '    if device.type == "cuda" and not torch.cuda.is_available():',
    '        print(f"--device {args.device}: this PyTorch sees no CUDA GPU, so it trains on the CPU", file=sys.stderr)',
    '        device = torch.device("cpu")',
    "    # Under torchrun, one of several processes, each with its share of every batch (class Ranks).",
    "    ranks = Ranks(device)",
    "    device = ranks.device",
    "",
    "    # The data, as NNSpec split it into training and validation samples.",
    `    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), ${pyString(input.dataFile)}), encoding="utf-8") as file:`,
    "        data = json.load(file)",
    '    x_train, y_train = tensors(data["train"], dtype, device)',
    '    x_val, y_val = tensors(data["validation"], dtype, device)',
    "",
    "    # The network: an nn.Linear for each layer after the input, and its activation.",
    "    model = nn.Sequential(",
    ...modelLines(spec),
    "    ).to(device=device, dtype=dtype)",
    `    load_weights(model, data["init"])  # the weights NNSpec starts from (${initDescription(spec)})`,
    "    trained = ranks.wrap(model)  # the same model; on several processes, their gradients averaged",
    "",
    `    # loss: ${spec.loss}: ${loss.comment}`,
    `    loss_fn = ${loss.module}`,
    `    # ${optimizer.comment(spec.optimizer)}`,
    `    optimizer = ${optimizer.line}`,
    "    if args.dataloader:",
    "        # Ordinary PyTorch: the DataLoader shuffles with PyTorch's generator, not in NNSpec's order.",
    "        generator = torch.Generator().manual_seed(SEED)",
    "        batches = DataLoader(TensorDataset(x_train, y_train), batch_size=BATCH_SIZE, shuffle=SHUFFLE, generator=generator)",
    "    else:",
    "        batches = NNSpecBatches(x_train, y_train, BATCH_SIZE, SHUFFLE, NNSpecRandom(SEED, skip=INIT_DRAWS))",
    "    # What nnspec train --json reports besides the loss; training does not need it.",
    "    report = LayerReport(model)",
    "    steps = WeightSteps(model)",
    "    spread = OutputSpread(BATCH_SIZE, math.ceil(len(x_train) / BATCH_SIZE))",
    "",
    "    for epoch in range(1, EPOCHS + 1):",
    "        model.train()",
    "        report.start_epoch()",
    "        steps.start_epoch()",
    "        spread.start_epoch()",
    "        loss_sum, correct = 0.0, 0",
    "        for batch, (x, y) in enumerate(batches):",
    "            rows = len(x)",
    "            x, y = ranks.share(x), ranks.share(y)  # this process's rows of the batch (run alone: all of them)",
    "            output = trained(x)",
    "            mean = loss_fn(output, y) if len(y) else output.sum() * 0",
    "            # Scaled by this process's share of the batch (times the processes, which the gradients' average",
    "            # divides by), so the averaged gradient is the whole batch's mean loss's.",
    "            loss = mean * (len(y) / rows * ranks.world)",
    "            batch_sum = ranks.sum(mean.item() * len(y))",
    "            if not math.isfinite(batch_sum):",
    '                diverged(epoch, "the loss")',
    "            # The epoch's loss and accuracy: each sample measured before its batch's update (as Keras).",
    "            loss_sum += batch_sum",
    "            answers = answers_of(output.detach())",
    "            correct += ranks.sum(count_correct(answers, y))",
    "            spread.add(batch, ranks.gather(answers))  # outputSpread: the answers of some of the epoch's batches",
    ...indent(backwardLines(spec), "            "),
    "        val_loss, val_accuracy = evaluate(model, loss_fn, x_val, y_val)  # after the epoch's last update",
    "        update_ratios, step_cosine = steps.end_epoch()",
    "        finite = val_loss is None or math.isfinite(val_loss)",
    "        line = {",
    '            "epoch": epoch,',
    '            "loss": loss_sum / len(x_train),',
    `            "accuracy": correct / ${count("y_train")},`,
    '            "valLoss": val_loss if finite else None,',
    '            "valAccuracy": val_accuracy,',
    '            "gradients": report.epoch_figures(len(x_train), update_ratios, ranks),',
    '            "outputSpread": spread.value(),',
    '            "stepCosine": step_cosine,',
    "        }",
    "        if ranks.main:  # one line an epoch, from the first process",
    '            print(json.dumps(line, separators=(",", ":")), flush=True)',
    "        if not finite:",
    '            diverged(epoch, "the validation loss")',
    "",
    "    ranks.close()",
    "    if not ranks.main:",
    "        return",
    "    if args.save_weights:",
    '        with open(args.save_weights, "w", encoding="utf-8") as file:',
    "            json.dump(nnspec_weights(model), file)",
    "    if args.onnx:",
    inference
      ? `        # For inference elsewhere (ONNX Runtime, a browser, a phone): the trained network with its ${fused}, in float32.`
      : "        # For inference elsewhere (ONNX Runtime, a browser, a phone): the trained network, in float32.",
    `        inference = nn.Sequential(*copy.deepcopy(model)${inference ? `, ${inference}` : ""}).to("cpu", torch.float32).eval()`,
    "        try:",
    '            axes = {"x": {0: "samples"}, "y": {0: "samples"}}',
    '            torch.onnx.export(inference, torch.zeros(1, INPUTS), args.onnx, input_names=["x"], output_names=["y"], dynamic_axes=axes)',
    "        except Exception as error:  # PyTorch 2 writes ONNX with the onnx and onnxscript packages",
    '            sys.exit(f"cannot write {args.onnx}: {error} (PyTorch 2 needs: pip install onnx onnxscript)")',
    "",
    "",
    "def tensors(part, dtype, device):",
    '    """A part of the data file as tensors: the features, and what the loss compares the output with."""',
    ...(input.images
      ? [
          "    # Images: one byte a pixel, turned into numbers as NNSpec does (byte × scale + offset, in float64).",
          '    pixels = part["pixels"]',
          '    raw = torch.frombuffer(bytearray(base64.b64decode(pixels["base64"])), dtype=torch.uint8).reshape(-1, INPUTS)',
          '    x = (raw.to(torch.float64) * pixels["scale"] + pixels["offset"]).to(dtype)',
        ]
      : ['    x = torch.tensor(part["x"], dtype=dtype).reshape(-1, INPUTS)']),
    ...indent(targetLines(spec), "    "),
    "    return x.to(device), y.to(device)",
    "",
    "",
    "def answers_of(output):",
    ...indent(answersLines(spec), "    "),
    "",
    "",
    "def count_correct(answers, y):",
    ...indent(countCorrectLines(spec), "    "),
    "",
    "",
    "def evaluate(model, loss_fn, x, y):",
    '    """Loss and accuracy over a whole data set with the current weights, as NNSpec measures validation data."""',
    "    if len(x) == 0:",
    "        return None, None  # no validation data (data.validationSplit: 0)",
    "    model.eval()",
    "    with torch.no_grad():",
    "        output = model(x)",
    `        return loss_fn(output, y).item(), count_correct(answers_of(output), y) / ${count("y")}`,
    "",
    "",
    WEIGHTS,
    "",
    "",
    BATCH_ORDER,
    "",
    "",
    LAYER_REPORT,
    "",
    "",
    WEIGHT_STEPS,
    "",
    "",
    OUTPUT_SPREAD,
    "",
    "",
    DIVERGED,
    "",
    "",
    RANKS,
    "",
    "",
    'if __name__ == "__main__":',
    "    main()",
    "",
  ].join("\n");
}

function initDescription(spec: ResolvedSpec): string {
  return typeof spec.init === "string" ? `"init": "${spec.init}", drawn with training.seed` : `"init": "${oneLine(spec.init.path)}"`;
}
