/**
 * A Web Worker's memory, as far as a browser tells it: Chromium's performance.memory where it
 * exists, else unknown (NaN). The twin of src/worker/memory.ts (node:v8), swapped in by the
 * browser build.
 */
import type { WorkerMemory } from "../protocol/worker";
import type * as NodeMemory from "../worker/memory";

export function workerMemory(): WorkerMemory {
  const memory = (performance as unknown as { memory?: { usedJSHeapSize: number; jsHeapSizeLimit: number } }).memory;
  return { heapUsed: memory?.usedJSHeapSize ?? Number.NaN, heapLimit: memory?.jsHeapSizeLimit ?? Number.NaN, arrayBuffers: Number.NaN };
}

({ workerMemory }) satisfies typeof NodeMemory;
