/**
 * `npm run fuzz -- --cases 100000 [--seed S] [--max-bytes B]`: runs hostile inputs through the
 * spec loader (scripts/fuzzCases.ts), each in a worker thread with a heap cap and a timeout,
 * and reports by kind the cases that threw, hung (past the timeout, or out of memory) or were
 * slow (past a budget of 1 s plus 2 s per MB of input: parsing a spec runs at about 1 MB a
 * second on a shared 2-core machine). Exits 1 when any did.
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
  byKind: Record<Kind, { cases: number; threw: number; hung: number; slow: number; slowestMs: number }>;
  failures: { index: number; kind: string; why: string }[];
}

interface CaseResult {
  index: number;
  kind: Kind;
  bytes: number;
  ms: number;
  problem?: string;
  arrayBuffers: number;
}

const slowBudgetMs = (bytes: number) => 1000 + bytes / 500;
const MAX_ARRAY_BUFFERS = 1_000_000_000;

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const byKind = Object.fromEntries(KINDS.map((k) => [k, { cases: 0, threw: 0, hung: 0, slow: 0, slowestMs: 0 }])) as FuzzReport["byKind"];
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
  return { cases: o.cases, byKind, failures };
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
    console.log("kind            cases   threw  hung  slow  slowest");
    for (const [kind, s] of Object.entries(r.byKind))
      console.log(
        `${kind.padEnd(16)}${String(s.cases).padStart(6)}${String(s.threw).padStart(8)}${String(s.hung).padStart(6)}${String(s.slow).padStart(6)}  ${s.slowestMs.toFixed(0)} ms`,
      );
    for (const f of r.failures.slice(0, 20)) console.log(`  case ${f.index} (${f.kind}): ${f.why.slice(0, 300)}`);
    process.exitCode = r.failures.length ? 1 : 0;
  });
}
