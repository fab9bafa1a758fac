/**
 * Problems found in a spec, each with the exact place it refers to. Positions are stored as
 * offsets into the text; line and column (1-based, as compilers print them) are derived once
 * the text is known, so the same diagnostic serves the CLI and the editor (which wants 0-based).
 */
import { t } from "./l10n";

export type Severity = "error" | "warning";
export type JsonPath = (string | number)[];

/**
 * A fix a tool can apply: set the value at `path` (or, with `insert`, insert it into the array
 * at that index). Editors offer it as a Quick Fix; the CLI prints its title.
 */
export interface SpecFix {
  title: string;
  path: JsonPath;
  value: unknown;
  insert?: boolean;
}

export interface Diagnostic {
  severity: Severity;
  /** What is wrong and how to fix it, in one or two sentences. */
  message: string;
  /** Field path inside the spec, e.g. ["layers", 1, "activation"]; [] for the whole file. */
  path: JsonPath;
  /** Start offset and length of the range in `file`'s text. */
  offset: number;
  length: number;
  /** 1-based line and column of the range's start and end. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Set when the problem is in another file than the spec (a CSV or weights file). */
  file?: string;
  /** Set when there is one obvious fix. */
  fix?: SpecFix;
}

/** Maps offsets to 1-based lines and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

export function makeDiagnostic(
  index: LineIndex,
  severity: Severity,
  message: string,
  path: JsonPath,
  offset: number,
  length: number,
  file?: string,
): Diagnostic {
  const start = index.position(offset);
  const end = index.position(offset + length);
  return { severity, message, path, offset, length, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, file };
}

/** `layers[1].activation` */
export function formatPath(path: JsonPath): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out ? `.${part}` : part;
  return out || t("(file)");
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** The closest candidate by edit distance, when it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
