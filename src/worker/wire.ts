/** Diagnostics as they cross to the host: positions, message and fix; no offsets or JSON paths. */
import type { Diagnostic } from "../core/base/diagnostics";
import type { WireDiagnostic } from "../protocol/worker";

export function toWire(d: Diagnostic): WireDiagnostic {
  return { severity: d.severity, message: d.message, file: d.file, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, fix: d.fix };
}
