/**
 * Reads a CSV data set (header row, named columns) with csv-parse. Every bad row becomes a
 * diagnostic on the CSV file naming its line and column, and the fix.
 */
import { parse } from "csv-parse/sync";
import { type Diagnostic, LineIndex, makeDiagnostic } from "../base/diagnostics";
import { t } from "../base/l10n";
import { LIMITS } from "../base/limits";
import type { Dataset, Task } from "./dataset";

export interface CsvRequest {
  text: string;
  file: string;
  features: string[];
  target: string;
  /** Given by the spec, or undefined to infer it from the target column. */
  task: Task | undefined;
  /** Used to infer the task when it is not given: class labels need a probability output. */
  probabilityOutput: boolean;
}

const MAX_REPORTED = 20;

export function readCsv(req: CsvRequest): { dataset?: Dataset; diagnostics: Diagnostic[] } {
  const index = new LineIndex(req.text);
  const lineStarts = [0];
  for (let i = 0; i < req.text.length; i++) if (req.text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const onLine = (line: number, message: string): Diagnostic => {
    const start = lineStarts[Math.min(line, lineStarts.length) - 1] ?? 0;
    const end = req.text.indexOf("\n", start);
    return makeDiagnostic(index, "error", message, [], start, Math.max(1, (end === -1 ? req.text.length : end) - start), req.file);
  };

  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(req.text, { columns: true, skip_empty_lines: true, trim: true, info: true, bom: true });
  } catch (e) {
    const err = e as Error & { lines?: number };
    return { diagnostics: [onLine(err.lines ?? 1, `${req.file}: ${err.message}`)] };
  }
  const header = (parse(req.text, { to_line: 1, trim: true, bom: true }) as string[][])[0] ?? [];
  const diagnostics: Diagnostic[] = [];
  for (const name of [...req.features, req.target]) {
    if (!header.includes(name))
      diagnostics.push(onLine(1, `${req.file}: ${t('no column "{name}" in the header; the columns are: {columns}', { name, columns: header.join(", ") })}`));
  }
  if (diagnostics.length) return { diagnostics };
  if (records.length === 0) return { diagnostics: [onLine(1, `${req.file}: ${t("no data rows after the header")}`)] };
  if (records.length > LIMITS.dataRows) {
    return {
      diagnostics: [
        onLine(
          1,
          `${req.file}: ${t("{count} rows is more than the limit of {limit}", { count: records.length, limit: LIMITS.dataRows.toLocaleString("en") })}`,
        ),
      ],
    };
  }

  const rows = records.length;
  const f = req.features.length;
  const x = new Float64Array(rows * f);
  records.forEach(({ record, info }, r) => {
    req.features.forEach((name, c) => {
      const raw = record[name];
      const value = raw === "" ? Number.NaN : Number(raw);
      if (!Number.isFinite(value) && diagnostics.length < MAX_REPORTED) {
        diagnostics.push(
          onLine(
            info.lines,
            `${req.file}:${info.lines}: ${
              raw === ""
                ? t('column "{name}" is empty; every feature must be a number', { name })
                : t('column "{name}" is "{value}", not a number; every feature must be a number', { name, value: raw })
            }`,
          ),
        );
      }
      x[r * f + c] = value;
    });
  });

  const rawTargets = records.map(({ record }) => record[req.target]);
  const numeric = rawTargets.every((v) => v !== "" && Number.isFinite(Number(v)));
  const integers = numeric && rawTargets.every((v) => Number.isInteger(Number(v)) && Number(v) >= 0);
  const task: Task = req.task ?? (!numeric || (integers && req.probabilityOutput) ? "classification" : "regression");

  if (task === "regression") {
    const targets = new Float64Array(rows);
    records.forEach(({ record, info }, r) => {
      const raw = record[req.target];
      const value = raw === "" ? Number.NaN : Number(raw);
      if (!Number.isFinite(value) && diagnostics.length < MAX_REPORTED) {
        diagnostics.push(
          onLine(
            info.lines,
            `${req.file}:${info.lines}: ${
              raw === ""
                ? t('target "{name}" is empty; regression targets must be numbers (or set "task": "classification")', { name: req.target })
                : t('target "{name}" is "{value}"; regression targets must be numbers (or set "task": "classification")', { name: req.target, value: raw })
            }`,
          ),
        );
      }
      targets[r] = value;
    });
    if (diagnostics.length) return { diagnostics };
    return { dataset: { task, rows, featureNames: req.features, x, targets, targetCount: 1 }, diagnostics };
  }

  // Classification: non-negative integer labels are class indices; anything else is a name,
  // numbered in order of first appearance.
  const labels = new Int32Array(rows);
  let classNames: string[];
  if (integers) {
    const max = Math.max(...rawTargets.map(Number));
    classNames = Array.from({ length: max + 1 }, (_, i) => String(i));
    rawTargets.forEach((v, r) => {
      labels[r] = Number(v);
    });
  } else {
    classNames = [];
    const indexOf = new Map<string, number>();
    records.forEach(({ record, info }, r) => {
      const v = record[req.target];
      if (v === "" && diagnostics.length < MAX_REPORTED)
        diagnostics.push(onLine(info.lines, `${req.file}:${info.lines}: ${t('the class label in "{name}" is empty', { name: req.target })}`));
      let k = indexOf.get(v);
      if (k === undefined) {
        k = classNames.length;
        indexOf.set(v, k);
        classNames.push(v);
      }
      labels[r] = k;
    });
  }
  if (diagnostics.length) return { diagnostics };
  return { dataset: { task, rows, featureNames: req.features, x, labels, classNames, classListComplete: !integers, targetCount: 1 }, diagnostics };
}
