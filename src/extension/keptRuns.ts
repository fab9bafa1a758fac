/**
 * Runs kept in the workspace, so a learner can come back to them and compare: each run that ends
 * (done) or is stopped after at least one epoch is written to `.nnspec/runs/<spec>/<when>-<loss>/`
 * as the spec it trained (spec.nnspec.json), its epochs' metrics (metrics.jsonl, as
 * `nnspec train --json` prints them), its final weights (weights.json, an `init` file), the curve
 * the charts draw of it (curve.json) and what it was (run.json). The files of a run are written together or not at all. At most KEEP runs a spec
 * are kept, the oldest removed first; `.nnspec/.gitignore` keeps them out of version control.
 * The setting `nnspec.keepRuns` turns keeping off.
 */
import * as vscode from "vscode";
import type { KeptRunInfo } from "../protocol/panel";
import type { RunCurve } from "../protocol/run";
import { writeFilesAtomically } from "./files";
import type { Run } from "./trainingRun";

/** Runs kept per spec. */
const KEEP = 20;
/** The curve a kept run is drawn from (at most CURVE_POINTS epochs, about 300 KB); metrics.jsonl holds every kept epoch. */
const CURVE_FILE = "curve.json";
/** A curve file is read back only up to this size (one edited by hand could be any size). */
const MAX_CURVE_BYTES = 4 * 1024 * 1024;

interface RunRecord {
  spec: string;
  name: string;
  loss: string;
  learningRate: number;
  seed: number;
  status: string;
  epochs: number;
  /** The last epoch's figures. */
  finalLoss: number;
  accuracy: number;
  valAccuracy: number | null;
  /** ISO date and time it was kept. */
  kept: string;
}

export class KeptRuns {
  /** `root`: where `.nnspec` goes for a spec (its workspace folder); null: runs of this spec are not kept. */
  constructor(private readonly root: (spec: vscode.Uri) => vscode.Uri | null) {}

  private folderOf(spec: vscode.Uri): vscode.Uri | null {
    const root = this.root(spec);
    if (!root || spec.scheme === "untitled") return null;
    const relative = spec.path.startsWith(`${root.path}/`) ? spec.path.slice(root.path.length + 1) : (spec.path.split("/").pop() ?? "spec");
    return vscode.Uri.joinPath(root, ".nnspec", "runs", relative.replace(/\.nnspec\.json$/, "").replace(/[/\\]/g, "__"));
  }

  /** Keeps `run` (its metrics and weights asked of its worker): the spec it trained, every epoch, its weights. */
  async keep(spec: vscode.Uri, specName: string, run: Run): Promise<void> {
    const folder = this.folderOf(spec);
    const summary = run.summary;
    if (!folder || !summary) return;
    // The files come made from the worker: the host only moves their bytes.
    const [metrics, weights] = await Promise.all([run.requestMetrics(), run.requestWeights()]);
    const last = metrics.last;
    if (!last) return;
    const kept = new Date().toISOString();
    const record: RunRecord = {
      spec: specName,
      name: summary.name,
      loss: summary.loss,
      learningRate: summary.learningRate,
      seed: summary.seed,
      status: run.status,
      epochs: last.epoch,
      finalLoss: last.loss,
      accuracy: last.accuracy,
      valAccuracy: last.valAccuracy,
      kept,
    };
    const here = vscode.Uri.joinPath(folder, `${kept.replace(/[:.]/g, "-")}-${summary.loss}`);
    await vscode.workspace.fs.createDirectory(here);
    await this.ignoreInVersionControl(folder);
    await writeFilesAtomically([
      { target: vscode.Uri.joinPath(here, "spec.nnspec.json"), content: run.source.text },
      { target: vscode.Uri.joinPath(here, "metrics.jsonl"), content: metrics.file },
      { target: vscode.Uri.joinPath(here, "weights.json"), content: weights.file },
      { target: vscode.Uri.joinPath(here, CURVE_FILE), content: JSON.stringify(metrics.curve) },
      { target: vscode.Uri.joinPath(here, "run.json"), content: `${JSON.stringify(record, null, 1)}\n` },
    ]);
    await this.prune(folder);
  }

  /** The spec's kept runs, newest first. */
  async list(spec: vscode.Uri): Promise<KeptRunInfo[]> {
    const folder = this.folderOf(spec);
    if (!folder) return [];
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(folder);
    } catch {
      return [];
    }
    const runs: KeptRunInfo[] = [];
    for (const [name, type] of entries.sort(([a], [b]) => b.localeCompare(a))) {
      if (type !== vscode.FileType.Directory) continue;
      try {
        const record = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name, "run.json")))) as RunRecord;
        await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, name, CURVE_FILE)); // offered only if it can be drawn
        runs.push({
          id: name,
          kept: record.kept,
          loss: record.loss,
          learningRate: record.learningRate,
          seed: record.seed,
          epochs: record.epochs,
          accuracy: record.accuracy,
          valAccuracy: record.valAccuracy,
          spec: record.spec,
        });
      } catch {
        // A folder that is not a whole kept run (edited by hand, or kept before runs had a curve) is passed over.
      }
    }
    return runs;
  }

  /** A kept run's curves, for the charts: read from its small curve file, never its every epoch. */
  async load(spec: vscode.Uri, id: string): Promise<RunCurve> {
    const folder = this.folderOf(spec);
    if (!folder || !/^[\w.-]+$/.test(id)) throw new Error(`no kept run "${id}"`);
    const file = vscode.Uri.joinPath(folder, id, CURVE_FILE);
    if ((await vscode.workspace.fs.stat(file)).size > MAX_CURVE_BYTES) throw new Error(`the kept run ${id} is too large to draw`);
    const curve = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as RunCurve;
    const length = Array.isArray(curve.epochs) ? curve.epochs.length : -1;
    const whole = (["loss", "valLoss", "accuracy", "valAccuracy"] as const).every((k) => Array.isArray(curve[k]) && curve[k].length === length);
    if (!whole) throw new Error(`the kept run ${id} has no whole curve to draw`);
    return curve;
  }

  private async prune(folder: vscode.Uri): Promise<void> {
    const runs = (await vscode.workspace.fs.readDirectory(folder)).filter(([, type]) => type === vscode.FileType.Directory).map(([name]) => name);
    for (const old of runs.sort().slice(0, Math.max(0, runs.length - KEEP))) {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, old), { recursive: true, useTrash: false });
    }
  }

  /** `.nnspec/.gitignore` with `*`: kept runs are this machine's, not the project's. */
  private async ignoreInVersionControl(runsFolder: vscode.Uri): Promise<void> {
    const nnspec = vscode.Uri.joinPath(runsFolder, "..", "..");
    const ignore = vscode.Uri.joinPath(nnspec, ".gitignore");
    try {
      await vscode.workspace.fs.stat(ignore);
    } catch {
      await vscode.workspace.fs.writeFile(ignore, new TextEncoder().encode("# Runs NNSpec kept on this machine (the nnspec.keepRuns setting).\n*\n"));
    }
  }
}
