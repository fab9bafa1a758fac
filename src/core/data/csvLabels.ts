/**
 * A CSV file's class labels written as words: a class per distinct label, in order of first
 * appearance. A label is compared as Unicode means it (NFC: "é" typed as one character or as
 * "e" and an accent is one class), must be UTF-8 (bytes that are not would all decode to the
 * same "�" and merge classes silently), and is short enough to be a name.
 */
import { LIMITS } from "../base/limits";
import { BAD, CsvScanner, LAST } from "./csvBytes";

/** Where a cell is, to make its diagnostic later. */
export interface Cell {
  start: number;
  end: number;
  line: number;
  lineStart: number;
}

/** The longest class label, in bytes: a name to show in a legend, not a document. */
export const LABEL_BYTES = 1000;

export type LabelProblem = { cell: Cell; kind: "empty" | "tooMany" | "notUtf8" | "tooLong" };

/** A label written in another Unicode form than an earlier one of its class: counted as that class. */
export interface LabelForms {
  cell: Cell;
  label: string;
  firstLine: number;
}

const strict = new TextDecoder("utf-8", { fatal: true });

/** Walks the records again and calls `visit` with the scanner on `column` of each. */
export function eachCell(bytes: Uint8Array, column: number, visit: (scanner: CsvScanner, row: number) => boolean): void {
  const scanner = new CsvScanner(bytes);
  scanner.skipEmptyLines();
  while (scanner.next() !== LAST); // the header
  for (let row = 0; scanner.skipEmptyLines(); row++) {
    let c = 0;
    let kind = 0;
    do {
      kind = scanner.next();
      if (c++ === column && !visit(scanner, row)) return;
    } while (kind !== LAST && kind !== BAD);
  }
}

export function findCell(bytes: Uint8Array, column: number, row: number): Cell {
  let found: Cell = { start: 0, end: 1, line: 1, lineStart: 0 };
  eachCell(bytes, column, (s, r) => {
    if (r !== row) return true;
    found = { start: s.start, end: s.end, line: s.fieldLine, lineStart: s.fieldLineStart };
    return false;
  });
  return found;
}

/** String labels: a class per distinct label, in order of first appearance, into `labels`. */
export function classNamesOf(
  bytes: Uint8Array,
  column: number,
  rows: number,
  labels: Int32Array,
): { classNames: string[]; forms: LabelForms | null } | { problem: LabelProblem } {
  const indexOf = new Map<string, number>();
  const classNames: string[] = [];
  const firstLine: number[] = [];
  let forms: LabelForms | null = null;
  let problem: LabelProblem | undefined;
  eachCell(bytes, column, (s, row) => {
    if (row >= rows) return false;
    const cell = (): Cell => ({ start: s.start, end: s.end, line: s.fieldLine, lineStart: s.fieldLineStart });
    // Checked on the bytes, before a long cell becomes a string.
    if (s.end - s.start > 2 * LABEL_BYTES + 64) {
      problem = { cell: cell(), kind: "tooLong" };
      return false;
    }
    let written: string;
    try {
      written = strict.decode(bytes.subarray(s.start, s.end));
    } catch {
      problem = { cell: cell(), kind: "notUtf8" };
      return false;
    }
    written = (s.quoted ? written.replaceAll('""', '"') : written).trim();
    if (written === "") {
      problem = { cell: cell(), kind: "empty" };
      return false;
    }
    if (new TextEncoder().encode(written).length > LABEL_BYTES) {
      problem = { cell: cell(), kind: "tooLong" };
      return false;
    }
    const label = written.normalize("NFC");
    let k = indexOf.get(label);
    if (k === undefined) {
      if (classNames.length >= LIMITS.unitsPerLayer) {
        problem = { cell: cell(), kind: "tooMany" };
        return false;
      }
      k = classNames.length;
      indexOf.set(label, k);
      classNames.push(written);
      firstLine.push(s.fieldLine);
    } else if (forms === null && written !== classNames[k]) {
      forms = { cell: cell(), label: classNames[k], firstLine: firstLine[k] };
    }
    labels[row] = k;
    return true;
  });
  return problem ? { problem } : { classNames, forms };
}
