/**
 * The data-loading case: an MNIST-shaped CSV (10,000 rows × 784 pixel columns + label, the bench's
 * seeded images written out as text) in a temporary folder, loaded by our `check` path (the
 * spec's data read through nodeFiles, parsed, split, checked) and parsed to numbers by uDSV, the
 * fastest well-kept JavaScript CSV parser we found (its own benchmarks lead papaparse, d3-dsv
 * and csv-parse). Each load runs in its own child process, so its peak memory (maxRSS less the
 * process's RSS before it started) is its own; the file is deleted afterwards.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inferSchema, initParser } from "udsv";
import { loadSpec } from "../src/core/spec/load";
import { nodeFiles } from "../src/node/nodeFiles";
import { mnistShaped } from "./data";

export interface LoadMeasure {
  impl: "nnspec" | "udsv";
  ms: number;
  /** Peak resident memory above the process's before loading, in bytes. */
  peakBytes: number;
  numbers: number;
}

const ROWS = 10_000;
const PIXELS = 784;
/** Runs per implementation, alternating; the best of each is reported (the machine is shared). */
const RUNS = 3;

function writeMnistCsv(path: string): void {
  const data = mnistShaped(ROWS);
  const lines = [`label,${Array.from({ length: PIXELS }, (_, i) => `p${i}`).join(",")}`];
  for (let r = 0; r < ROWS; r++) {
    const cells = [String(data.labels[r])];
    for (let i = 0; i < PIXELS; i++) cells.push(String(data.x[r * PIXELS + i]));
    lines.push(cells.join(","));
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

/** In the child process: loads `file` one way and prints a LoadMeasure as JSON. */
export function loadInChild(impl: LoadMeasure["impl"], file: string): void {
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  let numbers = 0;
  if (impl === "nnspec") {
    const features = Array.from({ length: PIXELS }, (_, i) => `p${i}`);
    const spec = JSON.stringify({
      data: { source: "csv", path: "mnist.csv", features, target: "label" },
      layers: [{ units: PIXELS }, { units: 128 }, { units: 10, activation: "softmax" }],
    });
    const result = loadSpec(spec, nodeFiles(join(file, "..", "mnist.nnspec.json")));
    if (!result.loaded) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
    numbers = result.loaded.dataset.x.length + result.loaded.dataset.rows;
  } else {
    const text = readFileSync(file, "utf8");
    const columns = initParser(inferSchema(text)).typedCols(text) as unknown[][];
    numbers = columns.length * columns[0].length;
  }
  const ms = performance.now() - started;
  const peakBytes = process.resourceUsage().maxRSS * 1024 - rssBefore;
  console.log(JSON.stringify({ impl, ms, peakBytes, numbers } satisfies LoadMeasure));
}

/** Writes the file, loads it RUNS times each way in child processes, deletes it. */
export function measureDataLoading(benchScript: string): { fileBytes: number; float64Bytes: number; results: LoadMeasure[] } {
  const dir = mkdtempSync(join(tmpdir(), "nnspec-bench-csv-"));
  try {
    const file = join(dir, "mnist.csv");
    writeMnistCsv(file);
    const results: LoadMeasure[] = [];
    for (let run = 0; run < RUNS; run++) {
      for (const impl of ["nnspec", "udsv"] as const) {
        const out = execFileSync(process.execPath, [benchScript, "--load-csv", impl, file], { encoding: "utf8", maxBuffer: 1 << 20 });
        results.push(JSON.parse(out.trim().split("\n").pop() ?? "{}"));
      }
    }
    return { fileBytes: statSync(file).size, float64Bytes: ROWS * (PIXELS + 1) * 8, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
