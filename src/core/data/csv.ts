/**
 * Reads a CSV data set (a header row of column names, then one row a sample) from the file's
 * bytes straight into Float64Array columns: one pass counts the rows, one reads the numbers,
 * and only string class labels take a third over their column. Every problem becomes a
 * diagnostic on the CSV file at its line and column, quoting at most an excerpt of the cell.
 */
import { type Diagnostic, excerpt, nameList, ProblemList } from "../base/diagnostics";
import { t } from "../base/l10n";
import { LIMITS } from "../base/limits";
import { BAD, CsvScanner, countRecords, LAST, shownText, TextPositions, units } from "./csvBytes";
import { type Cell, classNamesOf, findCell, LABEL_BYTES, type LabelProblem } from "./csvLabels";
import { classIndexTooLarge, type Dataset, MAX_CLASS_INDEX, type Task } from "./dataset";

export interface CsvRequest {
  bytes: Uint8Array;
  file: string;
  features: string[];
  target: string;
  /** Given by the spec, or undefined to infer it from the target column. */
  task: Task | undefined;
  /** Used to infer the task when it is not given: class labels need a probability output. */
  probabilityOutput: boolean;
}

/** Header names kept for messages; a million-column header is only counted. */
const NAMES_KEPT = 10;

export function readCsv(req: CsvRequest): { dataset?: Dataset; diagnostics: Diagnostic[] } {
  const { bytes, file } = req;
  const positions = new TextPositions(bytes);
  /** A diagnostic on bytes [start, end) of line `line`, which starts at byte `lineStart`. */
  const at = (cell: Cell, message: string): Diagnostic => {
    const column = units(bytes, cell.lineStart, cell.start) + 1;
    const length = Math.max(1, units(bytes, cell.start, cell.end));
    const offset = positions.offset(cell.start);
    return {
      severity: "error",
      message: `${file}:${cell.line}: ${message}`,
      path: [],
      offset,
      length,
      line: cell.line,
      column,
      endLine: cell.line,
      endColumn: column + length,
      file,
    };
  };
  const scanner = new CsvScanner(bytes);
  const here = (): Cell => ({ start: scanner.start, end: scanner.end, line: scanner.fieldLine, lineStart: scanner.fieldLineStart });
  const badField = (): Diagnostic => {
    const where = { start: scanner.problemAt, end: scanner.problemAt + 1, line: scanner.fieldLine, lineStart: scanner.fieldLineStart };
    return at(
      where,
      bytes[scanner.problemAt] === 0x22
        ? t('a quoted field starts here and is never closed; add the closing "')
        : t('unexpected text after a closing quote; put the whole field in quotes, writing a " inside it as ""'),
    );
  };

  // The header: the column of each name the spec uses, and a few names for messages.
  const wanted = [...req.features, req.target];
  const encoder = new TextEncoder();
  const wantedBytes = wanted.map((name) => encoder.encode(name));
  const columnOf = new Int32Array(wanted.length).fill(-1);
  const names: string[] = [];
  let columns = 0;
  const problems = new ProblemList();
  if (!scanner.skipEmptyLines())
    return { diagnostics: [at({ start: 0, end: 1, line: 1, lineStart: 0 }, t("the file is empty; it needs a header row of column names"))] };
  for (;;) {
    const kind = scanner.next();
    if (kind === BAD) return { diagnostics: [badField()] };
    if (names.length < NAMES_KEPT) names.push(scanner.shown());
    for (let k = 0; k < wanted.length; k++) {
      if (!scanner.equals(wantedBytes[k])) continue;
      if (columnOf[k] === -1) columnOf[k] = columns;
      else if (columnOf[k] !== -2) {
        const first = columnOf[k] + 1;
        problems.add(() =>
          at(
            here(),
            t('column "{name}" appears twice in the header (columns {first} and {second}); rename one of them', {
              name: excerpt(wanted[k]),
              first,
              second: columns + 1,
            }),
          ),
        );
        columnOf[k] = -2;
      }
    }
    columns++;
    if (kind === LAST) break;
  }
  const headerLine: Cell = { start: 0, end: Math.max(1, scanner.lineStart - 1), line: 1, lineStart: 0 };
  wanted.forEach((name, k) => {
    if (columnOf[k] === -1)
      problems.add(() =>
        at(headerLine, t('no column "{name}" in the header; the columns are: {columns}', { name: excerpt(name), columns: nameList(names, columns) })),
      );
  });
  if (problems.count) return { diagnostics: problems.list() };

  const { records, pastLimitAt } = countRecords(bytes, scanner.pos, LIMITS.dataRows);
  if (records === 0) return { diagnostics: [at(headerLine, t("no data rows after the header"))] };
  if (pastLimitAt >= 0) {
    const line = lineOf(bytes, pastLimitAt);
    return {
      diagnostics: [
        at(
          { start: pastLimitAt, end: pastLimitAt + 1, line, lineStart: pastLimitAt },
          t("more than {limit} data rows (the limit keeps the data within memory); use fewer rows", { limit: LIMITS.dataRows.toLocaleString("en") }),
        ),
      ],
    };
  }

  // The numbers: features into x, the target column into targets (NaN where it is not a number).
  const f = req.features.length;
  /** For each column: the feature it holds (0..f-1), f for the target, -1 when unused. */
  const slotOf = new Int32Array(columns).fill(-1);
  columnOf.forEach((column, k) => {
    slotOf[column] = k;
  });
  const x = new Float64Array(records * f);
  const targets = new Float64Array(records);
  const notNumbers: Cell[] = [];
  let notNumberCount = 0;
  let rows = 0;
  while (rows < records && scanner.skipEmptyLines()) {
    const recordLine = scanner.line;
    const recordStart = scanner.lineStart;
    let column = 0;
    let kind = 0;
    do {
      const slot = column < columns ? slotOf[column] : -1;
      let value = 0;
      if (slot >= 0) {
        value = scanner.nextNumber();
        kind = scanner.status;
      } else kind = scanner.next();
      if (kind === BAD) {
        problems.add(badField);
        break;
      }
      column++;
      if (slot < 0) continue;
      if (slot === f) {
        targets[rows] = value;
        if (Number.isNaN(value)) {
          if (notNumbers.length < LIMITS.diagnosticsPerFile) notNumbers.push(here());
          notNumberCount++;
        }
      } else {
        x[rows * f + slot] = value;
        if (!Number.isFinite(value)) problems.add(() => at(here(), notANumber(wanted[slot], scanner.shown(), value)));
      }
    } while (kind !== LAST);
    if (kind !== BAD && column !== columns) {
      const lineEnd = scanner.line === recordLine ? scanner.pos : recordStart + 1;
      problems.add(() =>
        at(
          { start: recordStart, end: Math.max(recordStart + 1, lineEnd - 1), line: recordLine, lineStart: recordStart },
          t("this row has {count} fields but the header has {columns} columns; give every row one value per column", { count: column, columns }),
        ),
      );
    }
    rows++;
  }
  if (problems.count) return { diagnostics: problems.list() };
  const xs = rows < records ? x.subarray(0, rows * f) : x;

  const numeric = notNumberCount === 0;
  let integers = numeric;
  for (let r = 0; integers && r < rows; r++) integers = Number.isInteger(targets[r]) && targets[r] >= 0;
  const task: Task = req.task ?? (!numeric || (integers && req.probabilityOutput) ? "classification" : "regression");
  const targetName = req.target;

  if (task === "regression") {
    if (numeric) {
      // "1e400" is written as a number but reads as Infinity, which no training survives.
      let infinite = 0;
      while (infinite < rows && Number.isFinite(targets[infinite])) infinite++;
      if (infinite === rows) return { dataset: { task, rows, featureNames: req.features, x: xs, targets, targetCount: 1 }, diagnostics: [] };
      const cell = findCell(bytes, columnOf[f], infinite);
      return {
        diagnostics: [at(cell, t('target "{name}" is "{value}", too large for a number', { name: targetName, value: excerpt(cellText(bytes, cell)) }))],
      };
    }
    const list = new ProblemList();
    for (const cell of notNumbers) {
      const raw = cellText(bytes, cell);
      list.add(() =>
        at(
          cell,
          raw === ""
            ? t('target "{name}" is empty; regression targets must be numbers (or set "task": "classification")', { name: targetName })
            : t('target "{name}" is "{value}"; regression targets must be numbers (or set "task": "classification")', {
                name: targetName,
                value: excerpt(raw),
              }),
        ),
      );
    }
    list.countMore(notNumberCount - notNumbers.length);
    return { diagnostics: list.list() };
  }

  // Classification: non-negative integer labels are class indices; anything else is a name,
  // numbered in order of first appearance.
  const labels = new Int32Array(rows);
  if (integers) {
    let largest = 0;
    for (let r = 0; r < rows; r++) {
      const v = targets[r];
      if (v > MAX_CLASS_INDEX) return { diagnostics: [at(findCell(bytes, columnOf[f], r), classIndexTooLarge(targetName, String(v)))] };
      labels[r] = v;
      if (v > largest) largest = v;
    }
    const classNames = Array.from({ length: largest + 1 }, (_, i) => String(i));
    return { dataset: { task, rows, featureNames: req.features, x: xs, labels, classNames, classListComplete: false, targetCount: 1 }, diagnostics: [] };
  }
  const named = classNamesOf(bytes, columnOf[f], rows, labels);
  if ("problem" in named) return { diagnostics: [at(named.problem.cell, labelProblem(named.problem.kind, targetName))] };
  const forms = named.forms;
  return {
    dataset: { task, rows, featureNames: req.features, x: xs, labels, classNames: named.classNames, classListComplete: true, targetCount: 1 },
    diagnostics: forms
      ? [
          {
            ...at(
              forms.cell,
              t(
                'the class label "{label}" is written here in another Unicode form than on line {line} (the same letters, made of other code points); both count as one class: write it one way in both places',
                { label: excerpt(forms.label), line: forms.firstLine },
              ),
            ),
            severity: "warning",
          },
        ]
      : [],
  };
}

function labelProblem(kind: LabelProblem["kind"], name: string): string {
  switch (kind) {
    case "empty":
      return t('the class label in "{name}" is empty', { name });
    case "notUtf8":
      return t('the class label in "{name}" is not UTF-8 text (some of its bytes are no character); save the file as UTF-8', { name });
    case "tooLong":
      return t('the class label in "{name}" is longer than {limit} bytes; a class label is a name, so shorten it', { name, limit: LABEL_BYTES });
    case "tooMany":
      return t(
        'more than {limit} different class labels in "{name}"; an output layer has at most {limit} units (if these are numbers to predict, set "task": "regression")',
        { name, limit: LIMITS.unitsPerLayer.toLocaleString("en") },
      );
  }
}

function notANumber(name: string, raw: string, value: number): string {
  if (raw === "") return t('column "{name}" is empty; every feature must be a number', { name: excerpt(name) });
  if (!Number.isNaN(value)) return t('column "{name}" is "{value}", too large for a number', { name: excerpt(name), value: excerpt(raw) });
  return t('column "{name}" is "{value}", not a number; every feature must be a number', { name: excerpt(name), value: excerpt(raw) });
}

function cellText(bytes: Uint8Array, cell: Cell): string {
  return shownText(bytes, cell.start, cell.end, true);
}

/** The 1-based line of byte `offset` (only for one message: a pass over the bytes before it). */
function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  return line;
}
