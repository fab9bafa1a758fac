/**
 * Image data at MNIST's size: Fashion-MNIST's four IDX files as Debian ships them (the same
 * format and count as MNIST: 60,000 training and 10,000 test images of 28 × 28), copied into a
 * temporary folder with a spec, then `nnspec check` (reading, unzipping and checking them) and
 * `nnspec train --epochs 1` each run in a process of their own, timed as a whole and their peak
 * resident memory read as the process exits; beside them TensorFlow.js (bench/tfjsEpoch.ts)
 * reads the same files and trains the same epoch with `fit`, once, in a process of its own too. Null
 * where the files are not installed.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FASHION = "/usr/share/datasets/fashion-mnist";
export const FILES = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];
const RUNS = 3;

export interface ImageLoading {
  fileBytes: number;
  runs: number;
  checkMs: number;
  checkPeakBytes: number;
  trainMs: number;
  trainPeakBytes: number;
  tfjsMs: number;
  tfjsPeakBytes: number;
}

export function measureImageLoading(): ImageLoading | null {
  if (!FILES.every((f) => existsSync(join(FASHION, f)))) return null;
  const dir = mkdtempSync(join(tmpdir(), "nnspec-bench-idx-"));
  try {
    for (const f of FILES) copyFileSync(join(FASHION, f), join(dir, f));
    const spec = join(dir, "fashion.nnspec.json");
    writeFileSync(
      spec,
      JSON.stringify({
        data: { source: "idx", images: FILES[0], labels: FILES[1], validationImages: FILES[2], validationLabels: FILES[3] },
        layers: [{ shape: [28, 28, 1] }, { units: 128, activation: "relu" }, { units: 10, activation: "softmax" }],
        optimizer: { type: "adam", learningRate: 0.001 },
        training: { epochs: 1, batchSize: 64 },
      }),
    );
    const probe = join(dir, "peak.cjs");
    writeFileSync(probe, `process.on("exit", () => process.stderr.write("\\npeak " + process.resourceUsage().maxRSS * 1024 + "\\n"));`);
    const cli = join(process.cwd(), "dist", "cli.js");
    const run = (args: string[], script = cli, last = spec) => {
      const started = performance.now();
      const r = spawnSync(process.execPath, ["--require", probe, script, ...args, last], { encoding: "utf8", maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`${script} ${args.join(" ")}: ${r.stderr}`);
      return { ms: performance.now() - started, peak: Number(/peak (\d+)/.exec(r.stderr)?.[1]) };
    };
    const checks = Array.from({ length: RUNS }, () => run(["check"]));
    const trains = Array.from({ length: RUNS }, () => run(["train", "--json"]));
    // Once: its epoch takes about ten times ours, and three would lengthen the bench by minutes.
    const tfjs = [run(["--tfjs-idx-epoch"], process.argv[1], dir)];
    return {
      fileBytes: FILES.reduce((n, f) => n + statSync(join(FASHION, f)).size, 0),
      runs: RUNS,
      checkMs: Math.min(...checks.map((c) => c.ms)),
      checkPeakBytes: Math.min(...checks.map((c) => c.peak)),
      trainMs: Math.min(...trains.map((c) => c.ms)),
      trainPeakBytes: Math.min(...trains.map((c) => c.peak)),
      tfjsMs: Math.min(...tfjs.map((c) => c.ms)),
      tfjsPeakBytes: Math.min(...tfjs.map((c) => c.peak)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Measures and prints the IDX case (as one JSON line with `json`). */
export function imageLoading(json: boolean): void {
  const m = measureImageLoading();
  if (!m) {
    console.log("\nLoading MNIST-sized IDX files: skipped, no Fashion-MNIST in /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist)");
    return;
  }
  if (json) {
    console.log(JSON.stringify({ case: "idx-loading", impl: "nnspec", ...m }));
    return;
  }
  const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
  console.log(`\nFashion-MNIST's IDX files (60,000 + 10,000 images, as MNIST's; gzipped, ${mb(m.fileBytes)}), each in its own process, best of ${m.runs}:`);
  console.log(
    `  nnspec check              ${m.checkMs.toFixed(0).padStart(6)} ms, peak ${mb(m.checkPeakBytes)}${m.checkMs < 2000 ? " (< 2 s ✓)" : " (≥ 2 s ✗)"}`,
  );
  console.log(
    `  nnspec train, one epoch   ${m.trainMs.toFixed(0).padStart(6)} ms, peak ${mb(m.trainPeakBytes)}${m.trainPeakBytes < 400e6 ? " (< 400 MB ✓)" : " (≥ 400 MB ✗)"} (784 → 128 → 10, batch 64)`,
  );
  console.log(
    `  TensorFlow.js-wasm fit    ${m.tfjsMs.toFixed(0).padStart(6)} ms, peak ${mb(m.tfjsPeakBytes)} (the same files, network and epoch): nnspec ${(m.tfjsMs / m.trainMs).toFixed(1)}× as fast, ${(m.trainPeakBytes / m.tfjsPeakBytes).toFixed(2)}× the memory`,
  );
}
