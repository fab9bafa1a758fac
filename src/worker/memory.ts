/** A worker's memory, measured inside it (the heap is the worker's own; the ArrayBuffers the process's). */
import { getHeapStatistics } from "node:v8";
import type { WorkerMemory } from "../protocol/worker";

export function workerMemory(): WorkerMemory {
  const heap = getHeapStatistics();
  return { heapUsed: heap.used_heap_size, heapLimit: heap.heap_size_limit, arrayBuffers: process.memoryUsage().arrayBuffers };
}
