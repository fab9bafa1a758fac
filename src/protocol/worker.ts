/** What both kinds of worker (training runs and the spec checker) share with the host. */
import type { Severity, SpecFix } from "../core/base/diagnostics";

/**
 * How the host starts a worker: its script, and the translations its messages should use
 * (vscode.l10n.bundle; undefined for English). The translations travel as `WorkerData`.
 */
export interface WorkerEntry {
  path: string;
  translations?: Record<string, string>;
}

export interface WorkerData {
  translations?: Record<string, string>;
}

/**
 * The files a spec names (its CSV, its weights file), read by the host, keyed by the path as the
 * spec writes it: their bytes, or why they could not be read (the message the spec's diagnostic
 * shows). Workers never touch the file system, so virtual workspaces work as local ones do.
 */
export type SpecFileContents = Record<string, Uint8Array | { error: string }>;

export interface WireDiagnostic {
  severity: Severity;
  fix?: SpecFix;
  message: string;
  /** Set when the problem is in a file the spec names: that path as the spec writes it. */
  file?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A worker's memory, measured inside it: its JavaScript heap and its limit, and the typed arrays. */
export interface WorkerMemory {
  heapUsed: number;
  heapLimit: number;
  /** Bytes of ArrayBuffers (Float64Array data and buffers) held by the process. */
  arrayBuffers: number;
}
