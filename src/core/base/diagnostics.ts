/**
 * Problems found in a spec, each with the exact place it refers to. Positions are stored as
 * offsets into the text; line and column (1-based, as compilers print them) are derived once
 * the text is known, so the same diagnostic serves the CLI and the editor (which wants 0-based).
 */
import { t } from "./l10n";
import { LIMITS } from "./limits";

/** "information": what training found (core/train/findings.ts), shown on the spec but not a problem with it. */
export type Severity = "error" | "warning" | "information";
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
  /** Set on an "… and N more" entry: the N problems it stands for. */
  more?: number;
}

/** Maps offsets to 1-based lines and columns; a line ends at LF, CRLF or a lone CR, as editors and the CSV reader count them. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
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
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out ? `.${excerpt(part)}` : excerpt(part);
  return out || t("(file)");
}

/** Characters of a value a message quotes; longer values are cut, so a message stays short. */
const EXCERPT_CHARACTERS = 40;
/** Names a message lists (columns, classes) before "… and N more". */
const LISTED_NAMES = 10;

/** `value` as a message quotes it: whole when short, else its start and "…". */
export function excerpt(value: string, max = EXCERPT_CHARACTERS): string {
  const shown = withInvisiblesShown(value);
  if (shown.length <= max) return shown;
  // Never cut a surrogate pair in half.
  const end = shown.charCodeAt(max - 1) >= 0xd800 && shown.charCodeAt(max - 1) < 0xdc00 ? max - 1 : max;
  return `${shown.slice(0, end)}…`;
}

/**
 * Characters that change how text around them reads without being seen: bidirectional controls
 * (U+202E turns "gnp.exe" into what looks like "exe.png"), zero-width ones (U+200B makes two
 * names that look the same differ), the byte-order mark. A message quoting a file shows them.
 */
export const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** `text` with every INVISIBLE character written as its \uXXXX escape. */
export function withInvisiblesShown(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A list of names for a message: "a, b, c" when short, else the first few and how many more.
 * `total` is the length of the whole list when only its start is at hand.
 */
export function nameList(names: readonly string[], total = names.length): string {
  const shown = names.slice(0, Math.min(LISTED_NAMES, total)).map((n) => excerpt(n));
  if (total <= LISTED_NAMES) return shown.join(", ");
  return t("{names}, … and {count} more", { names: shown.join(", "), count: (total - shown.length).toLocaleString("en") });
}

/**
 * Groups `items` by the file they are in (undefined: the spec), in one pass, keeping at most
 * `max` per file: past that, the first `max` − 1 and one that `more` makes from the first item
 * left out and how many problems were left out.
 */
export function groupByFile<T extends { file?: string; more?: number }>(
  items: readonly T[],
  max: number,
  more: (firstHidden: T, hidden: number) => T,
): Map<string | undefined, T[]> {
  const groups = new Map<string | undefined, T[]>();
  const hidden = new Map<string | undefined, { first: T; count: number }>();
  for (const item of items) {
    let group = groups.get(item.file);
    if (!group) groups.set(item.file, (group = []));
    if (group.length < max) group.push(item);
    else {
      // An "and N more" already made (by ProblemList) stands for N problems.
      const count = item.more ?? 1;
      const h = hidden.get(item.file);
      if (h) h.count += count;
      else hidden.set(item.file, { first: item, count });
    }
  }
  // The summary takes the last place, so a file never lists more than `max`, summary included
  // (whoever groups the list again keeps it whole).
  for (const [file, h] of hidden) {
    const group = groups.get(file) ?? [];
    const last = group.pop();
    if (last) groups.set(file, [...group, more(last, h.count + (last.more ?? 1))]);
  }
  return groups;
}

/** The diagnostics' message for the problems `groupByFile` leaves out of a file. */
export function moreProblemsMessage(hidden: number): string {
  return t("… and {count} more problems in this file, not listed; fix the ones above first", { count: hidden.toLocaleString("en") });
}

/** `diagnostics` with at most `max` a file (and one "and N more"), files in order of appearance. */
export function limitPerFile(diagnostics: readonly Diagnostic[], max: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const group of groupByFile(diagnostics, max, (first, hidden) => ({
    ...first,
    message: moreProblemsMessage(hidden),
    fix: undefined,
    more: hidden,
  })).values()) {
    for (const d of group) out.push(d);
  }
  return out;
}

/**
 * Collects a kind of problem that may repeat once per row: the first LIMITS.diagnosticsPerFile
 * − 1 are made, the rest only counted, and `list()` ends with one "and N more".
 */
export class ProblemList {
  private readonly items: Diagnostic[] = [];
  private hidden = 0;

  /** `make` runs only while the list is below the limit. */
  add(make: () => Diagnostic): void {
    if (this.items.length < LIMITS.diagnosticsPerFile - 1) this.items.push(make());
    else this.hidden++;
  }

  /** Counts `n` more problems of the kind without making them. */
  countMore(n: number): void {
    this.hidden += n;
  }

  get count(): number {
    return this.items.length + this.hidden;
  }

  list(): Diagnostic[] {
    if (!this.hidden) return this.items;
    return [...this.items, { ...this.items[this.items.length - 1], message: moreProblemsMessage(this.hidden), fix: undefined, more: this.hidden }];
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** The closest candidate by edit distance, when it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    // The distance is at least the difference in length: a long word skips the quadratic work.
    if (Math.abs(word.length - c.length) >= bestDistance) continue;
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
