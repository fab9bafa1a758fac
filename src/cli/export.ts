/**
 * `nnspec export SPEC --pytorch -o DIR`: writes DIR/train.py and its data file, a PyTorch script
 * that trains the spec as NNSpec does (src/core/export/pytorch.ts).
 *
 * Exit codes as the rest of the CLI: 0 written, 1 the spec has errors, 2 bad usage, an unreadable
 * spec or a folder that cannot be written. Nothing is written unless every file can be: each goes
 * to a temporary file first, and only when all are complete are they renamed into place.
 */
import { statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { SpecFiles } from "../core/base/files";
import { WriteError, writeFilesSafely } from "../core/base/safeWrite";
import { type DTYPES, type ExportedFile, exportPyTorch } from "../core/export/pytorch";
import { loadSpec } from "../core/spec/load";
import { nodeFiles } from "../node/nodeFiles";
import { nodeWriteFs } from "../node/nodeWriteFs";
import { parseCommandLine } from "./args";
import { formatDiagnostic } from "./format";
import { readSpecText } from "./specText";

export const EXPORT_SYNOPSIS = "  nnspec export SPEC --pytorch -o DIR [--device D] [--dtype T] [--dataloader]";

export const EXPORT_HELP = `  export  writes DIR/train.py and DIR/data.json: a PyTorch script (Python standard library and
          torch only) that trains SPEC as NNSpec does, printing what train --json prints
          --pytorch              the format (the only one so far)
          -o, --output DIR       an existing folder to write into
          --device D             the script's default device: cpu (NNSpec's numbers), cuda, mps
          --dtype T              the script's default dtype: float64 (NNSpec's numbers) or float32
          --dataloader           by default, batches from PyTorch's DataLoader (not NNSpec's order)`;

/** Options that are the command line's to get right: a bad one is exit code 2, not 1. */
const OPTIONS = new Set(["device", "dtype", "dataLoader"]);

class ExportError extends Error {}

export async function exportCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let values: { pytorch?: boolean; output?: string; device?: string; dtype?: string; dataloader?: boolean };
  let specPath: string;
  try {
    const parsed = parseCommandLine(argv, {
      pytorch: { type: "boolean" },
      output: { type: "string", short: "o" },
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
    if (!values.pytorch) throw new ExportError("export needs a format: --pytorch");
    if (!values.output) throw new ExportError("export needs -o DIR, the folder to write train.py and data.json into");
    specPath = spec;
  } catch (e) {
    if (e instanceof ExportError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      err(`nnspec: ${(e as Error).message}\n\nUsage:\n${EXPORT_SYNOPSIS}\n\n${EXPORT_HELP}`);
      return 2;
    }
    throw e;
  }
  const dir = values.output;

  const read = readSpecText(specPath);
  if ("error" in read) {
    err(read.error);
    return 2;
  }
  // Every file the spec makes us read (a CSV, an init weights file), so that none is overwritten.
  const inputs = [resolve(specPath)];
  const specFiles = nodeFiles(specPath);
  const files: SpecFiles = {
    ...specFiles,
    read: (path) => {
      inputs.push(path);
      return specFiles.read(path);
    },
  };
  const result = loadSpec(read.text, files);
  for (const d of result.diagnostics) err(formatDiagnostic(specPath, d));
  if (!result.loaded) return 1;

  const exported = exportPyTorch(result.loaded, {
    source: basename(specPath),
    device: values.device,
    dtype: values.dtype as (typeof DTYPES)[number] | undefined,
    dataLoader: values.dataloader,
  });
  for (const p of exported.problems) err(`nnspec: ${p.severity}: ${p.message}`);
  const errors = exported.problems.filter((p) => p.severity === "error");
  if (errors.length) return errors.some((p) => OPTIONS.has(p.field)) ? 2 : 1;

  try {
    await writeAll(dir, exported.files, inputs);
  } catch (e) {
    err(`nnspec: ${(e as Error).message}`);
    return 2;
  }
  const names = exported.files.map((f) => join(dir, f.name));
  const { train, validation, spec } = result.loaded;
  out(`wrote ${names.join(" and ")} (${train.rows} training and ${validation.rows} validation samples, ${spec.training.epochs} epochs)`);
  out(`run it with: python3 ${names[0]}`);
  return 0;
}

/**
 * Writes `files` into the existing folder `dir`, all or none (src/core/base/safeWrite.ts): never
 * over a file the spec reads, nor through a link out of `dir`.
 */
async function writeAll(dir: string, files: ExportedFile[], inputs: string[]): Promise<void> {
  let isFolder: boolean;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch {
    throw new ExportError(`cannot write to ${dir}: no such folder; create it first (mkdir -p ${dir})`);
  }
  if (!isFolder) throw new ExportError(`cannot write to ${dir}: it is a file, not a folder`);
  try {
    await writeFilesSafely(
      nodeWriteFs,
      files.map((f) => ({ target: join(dir, f.name), content: f.text })),
      { spec: inputs[0], inputs, within: dir },
    );
  } catch (e) {
    if (e instanceof WriteError) throw new ExportError(`${e.message}; ${e.refused ? "export into another folder" : "nothing was written"}`);
    throw e;
  }
}
