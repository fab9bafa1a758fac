/** What the extension host asks the spec checker (src/worker/checkerWorker.ts). */
import type { PyTorchExport } from "../core/export/pytorch";
import type { LossName } from "../core/nn/losses";
import type { SpecFileContents, WireDiagnostic, WorkerMemory } from "./worker";

export type CheckerRequests = {
  /** Every problem of a spec's text, given the files it names. */
  check: { params: { specText: string; files: SpecFileContents }; result: WireDiagnostic[] };
  /**
   * The losses that suit the spec's output (core/spec/lossRules.ts, on the task as loaded: a CSV's
   * or inline data's inferred task too), the usual one first, and the loss it uses; null when the
   * spec has errors.
   */
  losses: { params: { specText: string; files: SpecFileContents }; result: { suitable: LossName[]; current: LossName } | null };
  /** The worker's memory now. */
  memory: { params: unknown; result: WorkerMemory };
  /** The spec as a PyTorch script and its data file (core/export/pytorch.ts); null when the spec has errors. */
  exportPyTorch: { params: { specText: string; files: SpecFileContents; source: string }; result: PyTorchExport | null };
};
