/**
 * `nnspec inspect`: one sample through the spec's initial network (or given weights), forward
 * and back, with its numbers: the card the panel shows, in the terminal.
 *
 *   nnspec inspect SPEC --sample N [--init W.json] [--loss L] [--json] [--weight L,FROM,TO [--range R]]
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { SpecFiles } from "../core/base/files";
import { formatNumber as n } from "../core/base/format";
import { isLoss, type LossName, lossNames } from "../core/nn/losses";
import type { ParameterRef } from "../core/nn/parameters";
import { loadSpec } from "../core/spec/load";
import { type LossAlongWeight, lossAlongWeight } from "../core/train/lossAlongWeight";
import { type ParameterStep, parameterStep, type SampleTrace, traceSample } from "../core/train/sampleTrace";
import { Trainer } from "../core/train/trainer";
import { nodeFiles } from "../node/nodeFiles";
import { parseCommandLine } from "./args";
import { formatDiagnostic, sparkline, wholeNumber } from "./format";
import { imageLines } from "./imageText";

export const INSPECT_SYNOPSIS = "  nnspec inspect SPEC --sample N [--init WEIGHTS.json] [--loss L] [--json] [--weight L,FROM,TO [--range R]]";

export const INSPECT_HELP = `  inspect follows one sample through the network before training (or with the weights of --init)
          and prints its card: the inputs, each layer's z and a, the output beside the target,
          the sample's loss with its formula, and its gradient for every weight and bias
          --sample N             row N of the data (0 = the first), in the data's own order
          --init W.json          use the weights in W.json
          --loss L               use loss L (${lossNames().join(", ")}) instead of the spec's
          --json                 print the card as one JSON object
          --weight L,FROM,TO     also the weight from unit FROM below to unit TO of layers[L]
                                 (FROM = b: the bias of unit TO): its gradient, the optimizer's
                                 step from it, and the loss over the training data along it
          --range R              with --weight: the loss from the weight − R to the weight + R`;

class UsageError extends Error {}

/** Vectors longer than this print their first and last few numbers; --json has them all. */
const SHOWN = 12;

export function inspect(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  try {
    const { values, positionals } = parseCommandLine(argv, {
      sample: { type: "string" },
      init: { type: "string" },
      loss: { type: "string" },
      json: { type: "boolean" },
      weight: { type: "string" },
      range: { type: "string" },
    });
    const [specPath, ...extra] = positionals;
    if (!specPath) throw new UsageError("inspect needs the path of a .nnspec.json file");
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (values.sample === undefined) throw new UsageError("inspect needs --sample N, the row of the data to follow (0 = the first)");
    if (values.loss !== undefined && !isLoss(values.loss)) {
      throw new UsageError(`--loss must be one of ${lossNames().join(", ")}, not "${values.loss}"`);
    }
    if (values.range !== undefined && values.weight === undefined) throw new UsageError("--range needs --weight");
    const range = values.range === undefined ? undefined : Number(values.range);
    if (range !== undefined && !(range > 0 && Number.isFinite(range))) throw new UsageError(`--range must be a positive number, not "${values.range}"`);
    const weight = values.weight === undefined ? undefined : parseWeight(values.weight);

    let text: string;
    try {
      text = readFileSync(specPath, "utf8");
    } catch (e) {
      err(`nnspec: cannot read ${specPath}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
      return 2;
    }
    // --init is relative to where the command runs, as with `nnspec train`.
    const specFiles = nodeFiles(specPath);
    const init = values.init === undefined ? undefined : resolve(values.init);
    const files: SpecFiles = { ...specFiles, resolve: (p) => (p === init ? { path: init } : specFiles.resolve(p)) };
    const result = loadSpec(text, files, { init, loss: values.loss as LossName | undefined });
    for (const d of result.diagnostics) err(formatDiagnostic(specPath, d));
    const loaded = result.loaded;
    if (!loaded) return 1;

    const rows = loaded.dataset.rows;
    const sample = wholeNumber(String(values.sample)) ?? Number.NaN;
    if (!(sample >= 0 && sample < rows)) {
      throw new UsageError(
        `--sample must be a whole number from 0 to ${rows - 1} (the data has ${rows === 1 ? "1 row" : `${rows} rows`}), not "${values.sample}"`,
      );
    }
    const trainer = new Trainer(loaded);
    const trace = traceSample(trainer.net, trainer.loss, loaded.dataset, sample, loaded.rowOfSample);
    let detail: { step: ParameterStep; along: LossAlongWeight } | undefined;
    if (weight) {
      try {
        const step = parameterStep(trainer.net, trainer.optimizer, trace, weight);
        detail = { step, along: lossAlongWeight(trainer, weight, range === undefined ? {} : { halfWidth: range }) };
      } catch (e) {
        throw new UsageError(`--weight: ${(e as Error).message}`);
      }
    }
    if (values.json) out(JSON.stringify(cardJson(trace, detail)));
    else {
      const picture = imageLines(loaded.dataset, loaded.rowOfSample[sample]);
      for (const line of [...picture, ...cardLines(loaded.spec.name, rows, trace), ...(detail ? weightLines(trace, detail.step, detail.along) : [])]) out(line);
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      err(`nnspec: ${(e as Error).message}\n\nUsage:\n${INSPECT_SYNOPSIS}\n\n${INSPECT_HELP}`);
      return 2;
    }
    err(`nnspec: internal error: ${(e as Error).message}`);
    return 2;
  }
}

/** "1,0,2" → layers[1], from unit 0 to unit 2; "1,b,2" → the bias of unit 2. */
function parseWeight(text: string): ParameterRef {
  const parts = text.split(",").map((s) => s.trim());
  const whole = (s: string) => wholeNumber(s) !== null;
  if (parts.length !== 3 || !whole(parts[0]) || !(whole(parts[1]) || parts[1] === "b") || !whole(parts[2])) {
    throw new UsageError(`--weight must be LAYER,FROM,TO (e.g. 1,0,2, or 1,b,2 for a bias), not "${text}"`);
  }
  return { layer: Number(parts[0]), from: parts[1] === "b" ? "bias" : Number(parts[1]), to: Number(parts[2]) };
}

/** The documented --json card: exactly these fields (plus `weight` with --weight). */
function cardJson(trace: SampleTrace, detail?: { step: ParameterStep; along: LossAlongWeight }) {
  return {
    sample: trace.sample,
    input: trace.input,
    layers: trace.layers.map(({ layer, z, a }) => ({ layer, z, a })),
    output: trace.output,
    target: trace.target,
    loss: trace.loss,
    formula: trace.formula,
    gradients: trace.gradients,
    ...(detail ? { weight: { ...detail.step, along: detail.along } } : {}),
  };
}

const row = (values: readonly number[]) => {
  const shown = values.length > SHOWN ? [...values.slice(0, SHOWN - 3).map(n), "…", ...values.slice(-2).map(n)] : values.map(n);
  return shown.join("  ");
};

/** The output units' names: the class names for a softmax classifier, else y1, y2, … */
function outputNames(trace: SampleTrace): string[] {
  const names = trace.classNames;
  if (names && names.length === trace.output.length) return names;
  if (names && trace.output.length === 1) return [`p(${names[1] ?? 1})`];
  return trace.output.map((_, j) => `y${j + 1}`);
}

function cardLines(name: string, rows: number, trace: SampleTrace): string[] {
  const labelled = (values: readonly number[], names: readonly string[], joiner = " ") =>
    values.length > SHOWN ? row(values) : values.map((v, j) => `${names[j]}${joiner}${n(v)}`).join(" · ");
  const className = trace.label !== null ? trace.classNames?.[trace.label] : undefined;
  const lines = [
    `${name}: sample ${trace.sample} of ${rows}${className === undefined ? "" : `, class ${className}`}`,
    "forward",
    `  input      ${labelled(trace.input, trace.featureNames, " = ")}`,
  ];
  for (const l of trace.layers) {
    lines.push(`  layers[${l.layer}]  ${l.activation}`, `    z        ${row(l.z)}`, `    a        ${row(l.a)}`);
  }
  if (trace.softmax) {
    const { shift, exp, sum } = trace.softmax;
    const power = shift === 0 ? "e^z" : `e^(z − ${n(shift)})`;
    lines.push(`    softmax  ${power}: ${row(exp)}; sum ${n(sum)}; a = ${power} / sum`);
  }
  const names = outputNames(trace);
  lines.push(`  output     ${labelled(trace.output, names)}`, `  target     ${labelled(trace.target, names)}`);
  const symbols = trace.lossMeansOutputs ? `ŷ the output, y the target, n = ${trace.output.length} outputs` : "ŷ the output, y the target";
  lines.push(`rule         ${trace.lossRule}  (${symbols})`, `loss         ${trace.formula}`);
  if (trace.lossNote) lines.push(`             ${trace.lossNote}`);
  lines.push("backward (this sample's loss, no regularization)");
  for (let k = trace.layers.length - 1; k >= 0; k--) {
    const l = trace.layers[k];
    const g = trace.gradients[k];
    const below = k === 0 ? trace.featureNames : trace.layers[k - 1].a.map((_, i) => `unit ${i}`);
    lines.push(`  layers[${l.layer}]  ${l.activation}`);
    if (l.dLda) lines.push(`    ∂L/∂a    ${row(l.dLda)}`);
    if (l.derivative) lines.push(`    f'(z)    ${row(l.derivative)}`);
    lines.push(`    δ=∂L/∂z  ${row(l.delta)}`);
    if (l.fused) lines.push(`             ${l.fused.formula}`, `             ${l.fused.note}`);
    const shownRows = g.weights.length > SHOWN ? [...g.weights.slice(0, SHOWN - 3).entries(), null] : [...g.weights.entries()];
    for (const entry of shownRows) lines.push(entry === null ? "    ∂L/∂w    …" : `    ∂L/∂w    from ${below[entry[0]]}: ${row(entry[1])}`);
    lines.push(`    ∂L/∂b    ${row(g.biases)}`);
  }
  return lines;
}

function weightLines(trace: SampleTrace, step: ParameterStep, along: LossAlongWeight): string[] {
  const { layer, from, to } = step.parameter;
  const below = layer === 1 ? trace.featureNames[from as number] : `unit ${from}`;
  const lines = [
    `parameter    layers[${layer}] ${from === "bias" ? `bias of unit ${to}` : `weight from ${below} to unit ${to}`} = ${n(step.value)}`,
    `  ${step.formula}`,
    ...step.stepFormula.map((s) => `  ${s}`),
    `loss along it over ${along.rows} of ${along.totalRows} training samples, from ${n(along.values[0])} to ${n(along.values[along.values.length - 1])}:`,
  ];
  const width = Math.max(...along.curves.map((c) => c.loss.length));
  for (const c of along.curves) {
    lines.push(
      `  ${c.loss.padEnd(width)}  ${sparkline(c.losses)}  ${n(c.current)} now, slope ${n(c.gradient)}; the next step goes to ${n(c.step.next)}, loss ${n(c.nextLoss)}`,
    );
  }
  return lines;
}
