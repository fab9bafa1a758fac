/**
 * `nnspec export SPEC --pytorch -o DIR`: writes DIR/train.py and its data file, a PyTorch script
 * that trains the spec as NNSpec does (src/core/export/pytorch.ts); `--onnx`: DIR/model.onnx,
 * the network with its weights (src/core/export/onnx.ts).
 *
 * Exit codes as the rest of the CLI: 0 written, 1 the spec has errors, 2 bad usage, an unreadable
 * spec or a folder that cannot be written, 3 training (for --onnx) diverged. Nothing is written
 * unless every file can be: each goes to a temporary file first, and only when all are complete
 * are they renamed into place.
 */
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { version } from "../../package.json";
import type { SpecFiles } from "../core/base/files";
import { LIMITS } from "../core/base/limits";
import { WriteError, writeFilesSafely } from "../core/base/safeWrite";
import { ONNX_FILE, onnxModel } from "../core/export/onnx";
import { type DTYPES, exportPyTorch } from "../core/export/pytorch";
import { loadSpec } from "../core/spec/load";
import { Trainer } from "../core/train/trainer";
import { nodeFiles, readRegularFileSync } from "../node/nodeFiles";
import { nodeWriteFs } from "../node/nodeWriteFs";
import { parseCommandLine } from "./args";
import { formatDiagnostic, num, percent } from "./format";
import { readSpecText } from "./specText";

export const EXPORT_SYNOPSIS = "  nnspec export SPEC (--pytorch | --onnx) -o DIR [--init W.json] [--device D] [--dtype T] [--dataloader]";

export const EXPORT_HELP = `  export  writes, into DIR (made if missing, inside an existing folder):
          --pytorch              train.py and data.json: a PyTorch script (Python standard library
                                 and torch only) that trains SPEC as NNSpec does, printing what
                                 train --json prints
          --onnx                 model.onnx: the network for inference anywhere ONNX runs, with
                                 the weights of --init, or else those SPEC trains to (as train)
          -o, --output DIR       the folder to write into
          --init W.json          start from (--pytorch) or export (--onnx) the weights in W.json
          --device D             the script's default device: cpu (NNSpec's numbers), cuda, mps
          --dtype T              the script's default dtype: float64 (NNSpec's numbers) or float32
          --dataloader           by default, batches from PyTorch's DataLoader (not NNSpec's order)`;

/** Options that are the command line's to get right: a bad one is exit code 2, not 1. */
const OPTIONS = new Set(["device", "dtype", "dataLoader"]);

class ExportError extends Error {}

interface ExportValues {
  pytorch?: boolean;
  onnx?: boolean;
  output?: string;
  init?: string;
  device?: string;
  dtype?: string;
  dataloader?: boolean;
}

export async function exportCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let values: ExportValues;
  let specPath: string;
  try {
    const parsed = parseCommandLine(argv, {
      pytorch: { type: "boolean" },
      onnx: { type: "boolean" },
      output: { type: "string", short: "o" },
      init: { type: "string" },
      device: { type: "string" },
      dtype: { type: "string" },
      dataloader: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    });
    if (parsed.values.help) {
      out(`Usage:\n${EXPORT_SYNOPSIS}\n\n${EXPORT_HELP}`);
      return 0;
    }
    values = parsed.values;
    const [spec, ...extra] = parsed.positionals;
    if (!spec) throw new ExportError("export needs the path of a .nnspec.json file");
    if (extra.length) throw new ExportError(`unexpected argument "${extra[0]}"`);
    if (!values.pytorch && !values.onnx) throw new ExportError("export needs a format: --pytorch or --onnx");
    if (!values.output)
      throw new ExportError(`export needs -o DIR, the folder to write ${values.onnx && !values.pytorch ? "model.onnx" : "train.py and data.json"} into`);
    specPath = spec;
  } catch (e) {
    if (e instanceof ExportError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      err(`nnspec: ${(e as Error).message}\n\nUsage:\n${EXPORT_SYNOPSIS}\n\n${EXPORT_HELP}`);
      return 2;
    }
    throw e;
  }
  const dir = values.output as string;
  // Where the files go is checked before any training, not found wanting after it.
  try {
    checkFolder(dir);
  } catch (e) {
    err(`nnspec: ${(e as Error).message}`);
    return 2;
  }

  const read = readSpecText(specPath);
  if ("error" in read) {
    err(read.error);
    return 2;
  }
  // Every file the spec makes us read (a CSV, an init weights file), so that none is overwritten.
  // --init names a file relative to where the command runs, as `nnspec train --init` does.
  const inputs = [resolve(specPath)];
  const specFiles = nodeFiles(specPath);
  const init = values.init === undefined ? undefined : resolve(values.init);
  const files: SpecFiles = {
    ...specFiles,
    resolve: (p) => (p === init ? { path: init } : specFiles.resolve(p)),
    read: (path) => {
      inputs.push(path);
      return path === init ? readRegularFileSync(init, LIMITS.fileBytes) : specFiles.read(path);
    },
  };
  const result = loadSpec(read.text, files, { init });
  for (const d of result.diagnostics) err(formatDiagnostic(specPath, d));
  if (!result.loaded) return 1;
  const loaded = result.loaded;

  const toWrite: { name: string; content: string | Uint8Array }[] = [];
  if (values.pytorch) {
    const exported = exportPyTorch(loaded, {
      source: basename(specPath),
      device: values.device,
      dtype: values.dtype as (typeof DTYPES)[number] | undefined,
      dataLoader: values.dataloader,
    });
    for (const p of exported.problems) err(`nnspec: ${p.severity}: ${p.message}`);
    const errors = exported.problems.filter((p) => p.severity === "error");
    if (errors.length) return errors.some((p) => OPTIONS.has(p.field)) ? 2 : 1;
    for (const f of exported.files) toWrite.push({ name: f.name, content: f.text });
  }
  if (values.onnx) {
    const trainer = new Trainer(loaded);
    // Without --init, the weights the spec trains to, as `nnspec train` trains it.
    if (!init) while (!trainer.finished) trainer.stepEpoch();
    if (trainer.failure) {
      err(`nnspec: ${trainer.failure.message}`);
      return 3;
    }
    toWrite.push({ name: ONNX_FILE, content: onnxModel(loaded.spec, trainer.weights(), version) });
    const last = trainer.history[trainer.history.length - 1];
    if (last) out(`trained ${last.epoch} epochs: loss ${num(last.loss)}, validation accuracy ${percent(last.valAccuracy)}`);
  }

  try {
    await writeAll(dir, toWrite, inputs);
  } catch (e) {
    err(`nnspec: ${(e as Error).message}`);
    return 2;
  }
  const names = toWrite.map((f) => join(dir, f.name));
  const { train, validation, spec } = loaded;
  if (values.pytorch) {
    out(
      `wrote ${names.filter((n) => !n.endsWith(ONNX_FILE)).join(" and ")} (${train.rows} training and ${validation.rows} validation samples, ${spec.training.epochs} epochs)`,
    );
    out(`run it with: python3 ${names[0]}`);
  }
  if (values.onnx) out(`wrote ${join(dir, ONNX_FILE)} (${spec.sizes.join(" → ")}, input "x" of ${spec.sizes[0]} floats a sample, output "y")`);
  return 0;
}

/** Whether `dir` is a folder already (false: it can be made, its parent being one); an ExportError when neither. */
function checkFolder(dir: string): boolean {
  try {
    if (statSync(dir).isDirectory()) return true;
  } catch {
    const parent = dirname(resolve(dir));
    if (!existsSync(parent)) throw new ExportError(`cannot write to ${dir}: its folder ${parent} does not exist either; create it first (mkdir -p ${dir})`);
    return false;
  }
  throw new ExportError(`cannot write to ${dir}: it is a file, not a folder`);
}

/**
 * Writes `files` into `dir`, all or none (src/core/base/safeWrite.ts): never over a file the
 * spec reads, nor through a link out of `dir`. A missing `dir` is made when its parent exists
 * (and removed again if the files cannot be written).
 */
async function writeAll(dir: string, files: { name: string; content: string | Uint8Array }[], inputs: string[]): Promise<void> {
  let made = false;
  if (!checkFolder(dir)) {
    try {
      mkdirSync(dir);
      made = true;
    } catch (m) {
      throw new ExportError(`cannot make the folder ${dir}: ${(m as NodeJS.ErrnoException).code ?? (m as Error).message}`);
    }
  }
  try {
    await writeFilesSafely(
      nodeWriteFs,
      files.map((f) => ({ target: join(dir, f.name), content: f.content })),
      { spec: inputs[0], inputs, within: dir },
    );
  } catch (e) {
    if (made) rmSync(dir, { recursive: true, force: true });
    if (e instanceof WriteError) throw new ExportError(`${e.message}; ${e.refused ? "export into another folder" : "nothing was written"}`);
    throw e;
  }
}
