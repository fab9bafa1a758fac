/** What the extension host asks the spec checker (src/worker/checkerWorker.ts). */
import type { SpecFileContents, WireDiagnostic } from "./worker";

export type CheckerRequests = {
  /** Every problem of a spec's text, given the files it names. */
  check: { params: { specText: string; files: SpecFileContents }; result: WireDiagnostic[] };
};
