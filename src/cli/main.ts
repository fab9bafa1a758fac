/**
 * The headless `nnspec` command: trains a spec with the same core the editor uses, so every
 * number the panel shows can be reproduced in a terminal.
 *
 *   nnspec train SPEC [--epochs N] [--loss L] [--json] [--init W.json] [--save-weights OUT.json]
 *   nnspec check SPEC
 *   nnspec inspect SPEC --sample N [--init W.json] [--json]   (inspect.ts)
 *   nnspec export SPEC --pytorch -o DIR [--device D] [--dtype T] [--dataloader]   (export.ts)
 *   nnspec landscape SPEC [--init W.json] [--loss L] [--grid N] [--span R] [--json]   (landscape.ts)
 *
 * Exit codes: 0 success, 1 the spec has errors, 2 bad usage or unreadable file, 3 training diverged.
 */
import { resolve } from "node:path";
import { BoundedHistory } from "../core/base/boundedHistory";
import { hasErrors, withInvisiblesShown } from "../core/base/diagnostics";
import type { SpecFiles } from "../core/base/files";
import { LIMITS } from "../core/base/limits";
import { checkTargets, WriteError, writeFilesSafely } from "../core/base/safeWrite";
import { isLoss, type LossName, lossNames } from "../core/nn/losses";
import { type LoadResult, loadSpec } from "../core/spec/load";
import type { EpochMetrics } from "../core/train/metrics";
import { Trainer } from "../core/train/trainer";
import { weightHistograms } from "../core/train/weightHistograms";
import { nodeFiles, readRegularFileSync } from "../node/nodeFiles";
import { nodeWriteFs } from "../node/nodeWriteFs";
import { parseCommandLine } from "./args";
import { EXPORT_HELP, EXPORT_SYNOPSIS, exportCommand } from "./export";
import {
  confusionLines,
  earlyStoppingLines,
  findingLines,
  formatDiagnostic,
  gradientSummary,
  num,
  percent,
  progressLine,
  sparkline,
  wholeNumber,
} from "./format";
import { INSPECT_HELP, INSPECT_SYNOPSIS, inspect } from "./inspect";
import { LANDSCAPE_HELP, LANDSCAPE_SYNOPSIS, landscapeCommand } from "./landscape";
import { readSpecText } from "./specText";

const USAGE = `Usage:
  nnspec train SPEC [--epochs N] [--loss L] [--json] [--init WEIGHTS.json] [--save-weights OUT.json]
  nnspec check SPEC
${INSPECT_SYNOPSIS}
${EXPORT_SYNOPSIS}
${LANDSCAPE_SYNOPSIS}

  train   trains the network SPEC describes and prints its progress and a summary
          --epochs N             train N epochs instead of the spec's training.epochs
          --loss L               use loss L (${lossNames().join(", ")}) instead of the spec's
          --json                 print one JSON object a line per epoch, nothing else
          --init W.json          start from the weights in W.json
          --save-weights O.json  write the trained weights to O.json
  check   prints every problem in SPEC as path:line:col: severity: message; exits 1 on errors
${INSPECT_HELP}
${EXPORT_HELP}
${LANDSCAPE_HELP}`;

class UsageError extends Error {}

export async function main(argv: string[], write: (s: string) => void, writeError: (s: string) => void, isTTY: boolean): Promise<number> {
  const out = printable(write);
  const err = printable(writeError);
  if (argv[0] === "inspect") return inspect(argv.slice(1), out, err);
  if (argv[0] === "landscape") return landscapeCommand(argv.slice(1), out, err);
  try {
    if (argv[0] === "export") return await exportCommand(argv.slice(1), out, err);
    const { values, positionals } = parseCommandLine(argv, {
      epochs: { type: "string" },
      loss: { type: "string" },
      json: { type: "boolean" },
      init: { type: "string" },
      "save-weights": { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) {
      out(USAGE);
      return 0;
    }
    const [command, specPath, ...extra] = positionals;
    if (!command) throw new UsageError("no command given");
    if (command !== "train" && command !== "check") throw new UsageError(`unknown command "${command}"`);
    if (!specPath) throw new UsageError(`${command} needs the path of a .nnspec.json file`);
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (command === "check" && (values.epochs || values.loss || values.json || values.init || values["save-weights"])) {
      throw new UsageError("check takes no options");
    }
    let epochs: number | undefined;
    if (values.epochs !== undefined) {
      epochs = wholeNumber(values.epochs) ?? Number.NaN;
      if (!(epochs >= 1 && epochs <= 1_000_000)) throw new UsageError(`--epochs must be a whole number from 1 to 1000000, not "${values.epochs}"`);
    }
    if (values.loss !== undefined && !isLoss(values.loss)) {
      throw new UsageError(`--loss must be one of ${lossNames().join(", ")}, not "${values.loss}"`);
    }

    const read = readSpecText(specPath);
    if ("error" in read) {
      err(read.error);
      return 2;
    }
    const text = read.text;
    // --init names a file on the command line, relative to where the command runs, as a shell
    // user expects; the spec's own paths resolve against its folder and stay confined to it.
    const specFiles = nodeFiles(specPath);
    const init = values.init === undefined ? undefined : resolve(values.init);
    // Every file the spec makes us read (its CSV, its init weights): no output may land on one.
    const inputs = [resolve(specPath)];
    const files: SpecFiles = {
      resolve: (p) => (p === init ? { path: init } : specFiles.resolve(p)),
      read: (p) => {
        inputs.push(p);
        return p === init ? readRegularFileSync(init, LIMITS.fileBytes) : specFiles.read(p);
      },
      list: (p) => specFiles.list(p),
    };
    const result = loadSpec(text, files, { epochs, loss: values.loss as LossName | undefined, init });
    for (const d of result.diagnostics) err(formatDiagnostic(specPath, d));
    if (command === "check") {
      if (!hasErrors(result.diagnostics)) out(`${specPath}: no problems${result.diagnostics.length ? " (warnings above)" : ""}`);
      return hasErrors(result.diagnostics) ? 1 : 0;
    }
    if (!result.loaded) return 1;
    // Where the weights go is checked before training, not found wanting after it.
    const saveWeights = values["save-weights"];
    if (saveWeights !== undefined) {
      try {
        await checkTargets(nodeWriteFs, [saveWeights], { spec: inputs[0], inputs });
      } catch (e) {
        if (!(e instanceof WriteError)) throw e;
        err(`nnspec: cannot write the weights to "${saveWeights}": ${e.message}; choose another file name`);
        return 2;
      }
    }
    return await train(result, { json: Boolean(values.json), saveWeights, inputs, out, err, isTTY });
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      err(`nnspec: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    err(`nnspec: internal error: ${(e as Error).message}`);
    return 2;
  }
}

/**
 * A writer that shows control characters as `\u001b` and the like: a spec, a CSV or a weights file
 * may hold any, and a terminal would act on them (clear the screen, set its title), and so the
 * invisible ones that reorder or hide text (bidirectional and zero-width controls). Line breaks
 * and tabs are the CLI's own; in --json lines the escapes are JSON's, with the same meaning.
 */
function printable(write: (s: string) => void): (s: string) => void {
  return (s) => write(withInvisiblesShown(s).replace(/[^\P{Cc}\n\t]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
}

interface TrainOptions {
  json: boolean;
  saveWeights?: string;
  inputs: readonly string[];
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
}

async function train(result: LoadResult, o: TrainOptions): Promise<number> {
  const loaded = result.loaded;
  if (!loaded) return 1;
  const trainer = new Trainer(loaded);
  const { spec } = loaded;
  const total = trainer.totalEpochs;
  if (!o.json) {
    const shape = spec.sizes.map((n, i) => (i === 0 ? `${n} in` : `${n} ${spec.activations[i - 1]}`)).join(" → ");
    o.out(`${spec.name}: ${shape}, ${spec.loss}, ${spec.optimizer.type} lr ${spec.optimizer.learningRate}`);
    o.out(`${loaded.train.rows} training and ${loaded.validation.rows} validation samples, ${trainer.net.parameterCount} parameters, ${total} epochs`);
  }
  const started = performance.now();
  let lastPrint = 0;
  // The summary's curves: the whole run's shape in bounded memory, however many epochs.
  const curve = new BoundedHistory<EpochMetrics>(1000);
  while (!trainer.finished) {
    const m = trainer.stepEpoch();
    if (!m) break;
    curve.push(m);
    if (o.json) {
      o.out(JSON.stringify(m));
      continue;
    }
    const now = performance.now();
    const last = m.epoch === total || trainer.finished; // early stopping may end the run before `total`
    if (o.isTTY) {
      if (now - lastPrint > 100 || last) {
        process.stdout.write(`\r${progressLine(m, total)}\x1b[K`);
        lastPrint = now;
      }
      if (last) process.stdout.write("\n");
    } else if (m.epoch === 1 || last || m.epoch % Math.max(1, Math.round(total / 10)) === 0) {
      o.out(progressLine(m, total));
    }
  }
  if (trainer.failure) {
    if (o.isTTY && !o.json) process.stdout.write("\n");
    o.err(`nnspec: ${trainer.failure.message}`);
    return 3;
  }
  const seconds = (performance.now() - started) / 1000;
  if (!o.json) {
    const h = curve.list();
    const final = h[h.length - 1];
    o.out("");
    o.out(`loss      ${sparkline(h.map((m) => m.loss))}  ${num(h[0].loss)} → ${num(final.loss)}`);
    if (final.valLoss !== null) o.out(`val loss  ${sparkline(h.map((m) => m.valLoss ?? Number.NaN))}  ${num(h[0].valLoss)} → ${num(final.valLoss)}`);
    o.out(`accuracy  train ${percent(final.accuracy)} · validation ${percent(final.valAccuracy)}`);
    o.out(`gradients ${final.gradients.map(gradientSummary).join(" · ")}`);
    for (const line of findingLines(final.findings)) o.out(line);
    const stopping = trainer.earlyStopping?.report() ?? null;
    if (stopping) for (const line of earlyStoppingLines(stopping, total, stopping.restored ? trainer.evaluateNow() : null)) o.out(line);
    o.out(`weights   largest |w| ${num(weightHistograms(trainer.net.weights).range)}`);
    const confusion = trainer.confusion();
    if (confusion) for (const line of confusionLines(confusion, loaded.train.classNames ?? [])) o.out(line);
    const epochs = trainer.epoch;
    o.out(`${epochs} epochs in ${seconds.toFixed(2)} s (${Math.round((loaded.train.rows * epochs) / seconds).toLocaleString("en")} examples/s)`);
  }
  if (o.saveWeights) {
    try {
      await writeFilesSafely(nodeWriteFs, [{ target: o.saveWeights, content: `${JSON.stringify(trainer.weights())}\n` }], {
        spec: o.inputs[0],
        inputs: o.inputs,
      });
    } catch (e) {
      if (!(e instanceof WriteError)) throw e;
      o.err(`nnspec: the weights were not written: ${e.message}${e.refused ? "; choose another file name" : ""}`);
      return 2;
    }
    if (!o.json) o.out(`weights written to ${o.saveWeights}`);
  }
  return 0;
}
