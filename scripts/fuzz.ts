/**
 * `npm run fuzz -- --cases 100000 [--seed S] [--max-bytes B]`: runs hostile inputs through the
 * spec loader (scripts/fuzzCases.ts), each in a worker thread with a heap cap and a timeout,
 * and reports by kind the cases that threw, hung (past the timeout, or out of memory) or were
 * slow (past a budget of 1 s plus 2 s per MB of input: parsing a spec runs at about 1 MB a
 * second on a shared 2-core machine), or took too much memory: a case that raises the process's
 * peak resident memory is charged with the rise, which must stay within MEMORY_MULTIPLE of its
 * input (docs/nnspec-format.md, "Limits") plus MEMORY_SLACK. Exits 1 when any did.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { KINDS, type Kind } from "./fuzzCases";

export interface FuzzOptions {
  cases: number;
  seed: number;
  maxBytes: number;
  /** A case still running after this is a hang; its worker is replaced. */
  timeoutMs: number;
  heapMb: number;
  onProgress?: (done: number) => void;
}

export interface FuzzReport {
  cases: number;
  byKind: Record<
    Kind,
    { cases: number; threw: number; hung: number; slow: number; slowestMs: number; memory: number; largestRise: { bytes: number; input: number } }
  >;
  /** The process's peak resident memory, in bytes. */
  peakRss: number;
  failures: { index: number; kind: string; why: string }[];
}

interface CaseResult {
  index: number;
  kind: Kind;
  bytes: number;
  ms: number;
  problem?: string;
  arrayBuffers: number;
  /** The process's peak resident memory once the case was made, and once it was loaded. */
  peakBefore: number;
  peakRss: number;
}

const slowBudgetMs = (bytes: number) => 1000 + bytes / 500;
const MAX_ARRAY_BUFFERS = 1_000_000_000;
/**
 * Memory a case may add to the process's peak, per byte of input: a CSV is read straight into
 * numbers (about its size again); a spec's text keeps a parse tree of about 80 bytes a character
 * (LIMITS.specCharacters).
 */
const MEMORY_MULTIPLE: Record<Kind, number> = {
  deepNesting: 100,
  hugeNumbers: 100,
  classIndices: 100,
  hugeStrings: 100,
  boms: 100,
  protoPaths: 100,
  randomCsv: 4,
  csvCells: 4,
  // A picture decodes to 4 bytes a pixel, up to 40 megapixels whatever its file's size.
  imageFiles: 100,
  linksAndFifos: 100,
};
/** What a rise may be whatever the input: V8 grows its heap in steps of a few MB. */
const MEMORY_SLACK = 48e6;

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const byKind = Object.fromEntries(
    KINDS.map((k) => [k, { cases: 0, threw: 0, hung: 0, slow: 0, slowestMs: 0, memory: 0, largestRise: { bytes: 0, input: 0 } }]),
  ) as FuzzReport["byKind"];
  let peakRss = process.resourceUsage().maxRSS * 1024;
  const failures: FuzzReport["failures"] = [];
  let worker: Worker | undefined;
  // Workers do not inherit tsx's loader: the worker registers it, then loads the TypeScript.
  const bootstrap = `require("tsx/cjs/api").register(); require(${JSON.stringify(join(import.meta.dirname, "fuzzWorker.ts"))});`;
  const start = () => new Worker(bootstrap, { eval: true, resourceLimits: { maxOldGenerationSizeMb: o.heapMb } });
  for (let index = 0; index < o.cases; index++) {
    worker ??= start();
    const w = worker;
    const kind = KINDS[index % KINDS.length];
    const result = await new Promise<CaseResult | { hung: string }>((resolve) => {
      const onMessage = (r: CaseResult) => done(r);
      const onError = (e: Error) => done({ hung: `worker died: ${e.message}` });
      const onExit = (code: number) => done({ hung: `worker exited with ${code}` });
      const timer = setTimeout(() => done({ hung: `still running after ${o.timeoutMs} ms` }), o.timeoutMs);
      function done(r: CaseResult | { hung: string }) {
        clearTimeout(timer);
        w.off("message", onMessage).off("error", onError).off("exit", onExit);
        resolve(r);
      }
      w.on("message", onMessage).on("error", onError).on("exit", onExit);
      w.postMessage({ seed: o.seed, index, maxBytes: o.maxBytes });
    });
    const stats = byKind[kind];
    stats.cases++;
    if ("hung" in result) {
      stats.hung++;
      failures.push({ index, kind, why: result.hung });
      await w.terminate();
      worker = undefined;
    } else {
      stats.slowestMs = Math.max(stats.slowestMs, result.ms);
      const rise = result.peakRss - Math.max(peakRss, result.peakBefore);
      peakRss = Math.max(peakRss, result.peakBefore);
      if (rise > 0) {
        peakRss = result.peakRss;
        if (rise > stats.largestRise.bytes) stats.largestRise = { bytes: rise, input: result.bytes };
        if (rise > MEMORY_MULTIPLE[kind] * result.bytes + MEMORY_SLACK) {
          stats.memory++;
          failures.push({ index, kind, why: `raised the peak memory by ${(rise / 1e6).toFixed(0)} MB for ${result.bytes} bytes of input` });
        }
      }
      if (result.problem) {
        stats.threw++;
        failures.push({ index, kind, why: result.problem });
      } else if (result.ms > slowBudgetMs(result.bytes) || result.arrayBuffers > MAX_ARRAY_BUFFERS) {
        stats.slow++;
        failures.push({ index, kind, why: `${result.ms.toFixed(0)} ms for ${result.bytes} bytes, ${(result.arrayBuffers / 1e6).toFixed(0)} MB of arrays` });
      }
    }
    o.onProgress?.(index + 1);
  }
  await worker?.terminate();
  return { cases: o.cases, byKind, failures, peakRss };
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

if (process.argv[1]?.endsWith("fuzz.ts")) {
  const options: FuzzOptions = {
    cases: option("cases", 1000),
    seed: option("seed", 1),
    maxBytes: option("max-bytes", 3_000_000),
    timeoutMs: option("timeout-ms", 30_000),
    heapMb: option("heap-mb", 1024),
    onProgress: (n) => {
      if (n % 1000 === 0) process.stderr.write(`  ${n.toLocaleString("en")} cases\n`);
    },
  };
  const started = performance.now();
  runFuzz(options).then((r) => {
    console.log(`fuzz: ${r.cases.toLocaleString("en")} cases, seed ${options.seed}, in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    console.log(`peak memory ${(r.peakRss / 1e6).toFixed(0)} MB`);
    console.log("kind            cases   threw  hung  slow memory  slowest  largest rise of the peak memory");
    for (const [kind, s] of Object.entries(r.byKind))
      console.log(
        `${kind.padEnd(16)}${String(s.cases).padStart(6)}${String(s.threw).padStart(8)}${String(s.hung).padStart(6)}${String(s.slow).padStart(6)}${String(s.memory).padStart(7)}  ${`${s.slowestMs.toFixed(0)} ms`.padStart(7)}  ${(s.largestRise.bytes / 1e6).toFixed(1)} MB, for ${(s.largestRise.input / 1e6).toFixed(2)} MB of input`,
      );
    for (const f of r.failures.slice(0, 20)) console.log(`  case ${f.index} (${f.kind}): ${f.why.slice(0, 300)}`);
    process.exitCode = r.failures.length ? 1 : 0;
  });
}
