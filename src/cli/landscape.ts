/**
 * `nnspec landscape`: trains the spec (from --init's weights when given), recording its weights
 * after each epoch, then prints the loss and accuracy over a plane through the trained weights:
 * the panel's landscape, in the terminal, with every figure checkable (--json).
 *
 *   nnspec landscape SPEC [--init W.json] [--loss L] [--grid N] [--span R] [--epochs N] [--directions path|random] [--json]
 */
import { resolve } from "node:path";
import type { SpecFiles } from "../core/base/files";
import { formatPercent, formatNumber as n } from "../core/base/format";
import { type DirectionKind, type Landscape, landscapeOf, WeightPath } from "../core/landscape/landscape";
import { vectorToLayers } from "../core/landscape/parameterVector";
import { MAX_GRID } from "../core/landscape/plane";
import { isLoss, type LossName, lossNames } from "../core/nn/losses";
import { loadSpec } from "../core/spec/load";
import { Trainer } from "../core/train/trainer";
import { nodeFiles } from "../node/nodeFiles";
import { parseCommandLine } from "./args";
import { formatDiagnostic, wholeNumber } from "./format";
import { readSpecText } from "./specText";

export const LANDSCAPE_SYNOPSIS =
  "  nnspec landscape SPEC [--init WEIGHTS.json] [--loss L] [--grid N] [--span R] [--epochs N] [--directions path|random] [--json]";

export const LANDSCAPE_HELP = `  landscape trains SPEC, then prints the training loss and accuracy over a plane through the
          trained weights, w + α·d1 + β·d2, and where the run's path lies on it
          --init W.json          start from the weights in W.json
          --loss L               train with and show loss L (${lossNames().join(", ")})
          --grid N               N × N points (odd, 3 to ${MAX_GRID}; default 21)
          --span R               α and β from −R to R (default: 1.25 × the path's extent; 1 for random)
          --epochs N             train N epochs instead of the spec's (0: the initial weights)
          --directions D         path: the path's first two principal directions (the default);
                                 random: two random directions, each unit's scaled to its weights
          --json                 print one JSON object: the directions, the grid, every point's
                                 losses and accuracy, and the path's projection`;

class UsageError extends Error {}

export function landscapeCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  try {
    const { values, positionals } = parseCommandLine(argv, {
      init: { type: "string" },
      loss: { type: "string" },
      grid: { type: "string" },
      span: { type: "string" },
      epochs: { type: "string" },
      directions: { type: "string" },
      json: { type: "boolean" },
    });
    const [specPath, ...extra] = positionals;
    if (!specPath) throw new UsageError("landscape needs the path of a .nnspec.json file");
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (values.loss !== undefined && !isLoss(values.loss)) {
      throw new UsageError(`--loss must be one of ${lossNames().join(", ")}, not "${values.loss}"`);
    }
    const grid = values.grid === undefined ? 21 : (wholeNumber(values.grid) ?? Number.NaN);
    if (!(grid >= 3 && grid <= MAX_GRID && grid % 2 === 1)) {
      throw new UsageError(`--grid must be an odd whole number from 3 to ${MAX_GRID} (the middle point is the trained weights), not "${values.grid}"`);
    }
    const span = values.span === undefined ? undefined : Number(values.span);
    if (span !== undefined && !(span > 0 && Number.isFinite(span))) throw new UsageError(`--span must be a positive number, not "${values.span}"`);
    const epochs = values.epochs === undefined ? undefined : (wholeNumber(values.epochs) ?? Number.NaN);
    if (epochs !== undefined && !(epochs >= 0 && epochs <= 1_000_000)) {
      throw new UsageError(`--epochs must be a whole number from 0 to 1000000, not "${values.epochs}"`);
    }
    const directions = (values.directions ?? "path") as DirectionKind;
    if (directions !== "path" && directions !== "random") throw new UsageError(`--directions must be path or random, not "${values.directions}"`);

    const read = readSpecText(specPath);
    if ("error" in read) {
      err(read.error);
      return 2;
    }
    const specFiles = nodeFiles(specPath);
    const init = values.init === undefined ? undefined : resolve(values.init);
    const files: SpecFiles = { ...specFiles, resolve: (p) => (p === init ? { path: init } : specFiles.resolve(p)) };
    // Zero epochs is the initial network: loaded with one, and never stepped.
    const result = loadSpec(read.text, files, { init, loss: values.loss as LossName | undefined, epochs: epochs === 0 ? 1 : epochs });
    for (const d of result.diagnostics) err(formatDiagnostic(specPath, d));
    if (!result.loaded) return 1;

    const trainer = new Trainer(result.loaded);
    const path = new WeightPath(trainer.net.parameterCount);
    path.record(0, trainer.net);
    while (epochs !== 0 && !trainer.finished) {
      const m = trainer.stepEpoch();
      if (!m) break;
      path.record(m.epoch, trainer.net);
    }
    if (trainer.failure) {
      err(`nnspec: ${trainer.failure.message}`);
      return 3;
    }
    const landscape = landscapeOf(trainer, path, { directions, grid, span });
    if (values.json) out(JSON.stringify({ weights: trainer.weights().layers, ...landscapeJson(trainer.net.sizes, landscape) }));
    else for (const line of landscapeLines(result.loaded.spec.name, landscape, directions)) out(line);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      err(`nnspec: ${(e as Error).message}\n\nUsage:\n${LANDSCAPE_SYNOPSIS}\n\n${LANDSCAPE_HELP}`);
      return 2;
    }
    err(`nnspec: internal error: ${(e as Error).message}`);
    return 2;
  }
}

/** The documented --json object (after `weights`, the trained w): w + α·d1 + β·d2 at alphas[a], betas[b] gives losses[L][b][a] and accuracy[b][a]. */
function landscapeJson(sizes: readonly number[], l: Landscape) {
  const side = l.values.length;
  const rows = (values: readonly number[]) => Array.from({ length: side }, (_, b) => values.slice(b * side, (b + 1) * side));
  return {
    directions: l.directions,
    explained: l.explained,
    d1: vectorToLayers(sizes, l.d1).layers,
    d2: vectorToLayers(sizes, l.d2).layers,
    alphas: l.values,
    betas: l.values,
    rows: l.rows,
    totalRows: l.totalRows,
    losses: Object.fromEntries(l.surfaces.map((s) => [s.loss, rows(s.values)])),
    accuracy: rows(l.accuracy),
    path: l.path,
  };
}

/** Three significant digits in a column of 8: a grid of 21 fits 180 columns. */
const cell = (v: number) => ` ${(Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : String(v)).padStart(7)}`;

function landscapeLines(name: string, l: Landscape, asked: DirectionKind): string[] {
  const side = l.values.length;
  const half = (side - 1) / 2;
  const spanned =
    l.directions === "path"
      ? `the path's first two principal directions (${formatPercent(l.explained?.[0] ?? 0)} and ${formatPercent(l.explained?.[1] ?? 0)} of its spread)`
      : `two random directions, each unit's scaled to the norm of its weights${asked === "path" ? " (the path does not leave the weights in two directions)" : ""}`;
  const lines = [
    `${name}: the loss over a plane through the trained weights, w + α·d1 + β·d2, spanned by ${spanned}`,
    `${side} × ${side} points, α and β from ${n(-l.span)} to ${n(l.span)}, over ${l.rows} of ${l.totalRows} training samples`,
  ];
  const table = (title: string, values: readonly number[], format: (v: number) => string) => {
    lines.push("", title, `${"β \\ α".padStart(8)}${l.values.map(cell).join("")}`);
    for (let b = side - 1; b >= 0; b--)
      lines.push(
        `${cell(l.values[b])}${values
          .slice(b * side, (b + 1) * side)
          .map(format)
          .join("")}`,
      );
  };
  const main = l.surfaces[0];
  table(`${main.loss} (the middle is the trained weights)`, main.values, cell);
  table("accuracy (%)", l.accuracy, (v) => cell(100 * v));
  let lowest = 0;
  main.values.forEach((v, i) => {
    if (v < main.values[lowest]) lowest = i;
  });
  const at = (i: number) => `α ${n(l.values[i % side])}, β ${n(l.values[Math.floor(i / side)])}`;
  const middle = half * side + half;
  lines.push(
    "",
    `lowest    ${main.loss} ${n(main.values[lowest])} at ${at(lowest)}, accuracy ${formatPercent(l.accuracy[lowest])}`,
    `trained   ${main.loss} ${n(main.values[middle])} at α 0, β 0, accuracy ${formatPercent(l.accuracy[middle])}`,
    `others    ${l.surfaces
      .slice(1)
      .map((s) => `${s.loss} ${n(s.values[middle])}`)
      .join(" · ")} at the trained weights`,
  );
  const start = l.path[0];
  if (start && l.path.length > 1)
    lines.push(`path      from epoch ${start.epoch} at α ${n(start.alpha)}, β ${n(start.beta)} to epoch ${l.path[l.path.length - 1].epoch} at α 0, β 0`);
  return lines;
}
