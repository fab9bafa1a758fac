/**
 * How responsive the extension host stays while a big network trains: the host's side of a run
 * (a TrainingRun and its worker thread, relaying every update as the panel does) with Node's
 * event-loop delay histogram running on the main thread.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { TrainingRun } from "../src/extension/trainingRun";
import type { RunEvent } from "../src/protocol/run";
import { mnistShaped } from "./data";

export interface HostLag {
  seconds: number;
  epochs: number;
  updates: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export async function measureHostLag(workerPath: string, seconds: number): Promise<HostLag> {
  const data = mnistShaped(2000);
  const header = [...Array.from({ length: 784 }, (_, i) => `p${i}`), "digit"].join(",");
  const rows = Array.from({ length: data.rows }, (_, r) =>
    [...Array.from(data.x.subarray(r * 784, (r + 1) * 784), (v) => (v === 0 ? "0" : v.toFixed(3))), data.labels[r]].join(","),
  );
  const csv = new TextEncoder().encode(`${header}\n${rows.join("\n")}\n`);
  const spec = {
    name: "784→128→64→10",
    data: { source: "csv", path: "digits.csv", features: Array.from({ length: 784 }, (_, i) => `p${i}`), target: "digit", task: "classification" },
    layers: [{ units: 784 }, { units: 128, activation: "relu" }, { units: 64, activation: "relu" }, { units: 10, activation: "softmax" }],
    optimizer: { type: "sgd", learningRate: 0.05 },
    training: { epochs: 100000, batchSize: 64 },
    init: "he",
  };

  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let updates = 0;
  let epochs = 0;
  let sink = 0;
  let started = 0;
  return new Promise((resolve, reject) => {
    const run = new TrainingRun(
      { path: workerPath },
      { text: JSON.stringify(spec), version: 1, specName: "digits.nnspec.json", files: { "digits.csv": csv } },
      { updateIntervalMs: 100, boundaryResolution: 64, pace: "max" },
      true,
      {
        event: (_run, m: RunEvent) => {
          if (m.type === "invalid") reject(new Error(m.diagnostics[0]?.message));
          if (m.type !== "metrics") return;
          if (!started) {
            // Measure from the first update on, once the CSV is read and training runs.
            started = performance.now();
            histogram.enable();
            setTimeout(finish, seconds * 1000);
          }
          updates++;
          epochs = m.update.epoch;
          // What the panel does with an update on the host: pass it on (a structured clone).
          sink += structuredClone(m.update).epochs.length;
        },
        crashed: (_run, reason) => reject(new Error(reason)),
      },
    );
    function finish() {
      histogram.disable();
      run.dispose();
      void sink;
      const ms = (ns: number) => ns / 1e6;
      resolve({
        seconds: (performance.now() - started) / 1000,
        epochs,
        updates,
        p50Ms: ms(histogram.percentile(50)),
        p99Ms: ms(histogram.percentile(99)),
        maxMs: ms(histogram.max),
      });
    }
  });
}
