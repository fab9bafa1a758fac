/** Runs fuzz cases in a worker thread, so the runner can hold each to a heap cap and a timeout. */
import { parentPort } from "node:worker_threads";
import { loadSpec } from "../src/core/spec/load";
import { fuzzCase } from "./fuzzCases";

/** What a case must never produce: a thrown exception, or the loader's "internal error". */
function problemOf(text: string, result: ReturnType<typeof loadSpec>): string | undefined {
  for (const d of result.diagnostics) {
    if (d.message.startsWith("internal error")) return d.message;
    if (!(d.offset >= 0 && d.length >= 1 && d.line >= 1 && d.column >= 1)) return `bad range ${JSON.stringify({ ...d, message: d.message.slice(0, 80) })}`;
    if (d.message.length > 1000) return `a message of ${d.message.length} characters`;
    if (d.message.includes("OUTSIDE")) return "a file outside the folder was read";
  }
  if (!result.loaded && !result.diagnostics.some((d) => d.severity === "error")) return `neither a spec nor an error for ${text.slice(0, 100)}`;
  return undefined;
}

parentPort?.on("message", ({ seed, index, maxBytes }: { seed: number; index: number; maxBytes: number }) => {
  const c = fuzzCase(seed, index, maxBytes);
  // Making the case is not the loader's doing: only a rise past this is charged to it.
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  const started = performance.now();
  let problem: string | undefined;
  try {
    problem = problemOf(c.text, loadSpec(c.text, c.files));
  } catch (e) {
    problem = `threw ${(e as Error).stack ?? e}`;
  } finally {
    c.cleanup();
  }
  const arrayBuffers = process.memoryUsage().arrayBuffers;
  // The process's peak resident memory so far: a case that raises it is charged with the rise.
  const peakRss = process.resourceUsage().maxRSS * 1024;
  parentPort?.postMessage({ index, kind: c.kind, bytes: c.bytes, ms: performance.now() - started, problem, arrayBuffers, peakBefore, peakRss });
});
