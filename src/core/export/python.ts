/** Writing Python source text: literals and lines with aligned end-of-line comments. */

/**
 * A number as a Python literal that reads back as the same double: JavaScript's shortest
 * round-trip form ("0.01", "1e-8", "3") is valid Python and Python parses it to the same value.
 */
export function pyNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`${value} has no Python literal here`);
  return String(value);
}

/** An integer as a Python int, exact however large (Python's ints have no limit). */
export function pyInt(value: number): string {
  return BigInt(value).toString();
}

/** A string as a Python literal: a JSON string literal is a valid Python one with the same value. */
export function pyString(value: string): string {
  return JSON.stringify(value);
}

export function pyBool(value: boolean): string {
  return value ? "True" : "False";
}

/**
 * Text for a Python comment: one line, without control characters (a name may hold any: Python
 * 3.12 refuses source with a NUL byte, and a terminal would act on an escape sequence).
 */
export function oneLine(text: string): string {
  return text.replace(/[\s\p{Cc}]+/gu, " ").trim();
}

/** Text for a line of a Python docstring: one line, backslashes and quotes escaped so that it reads as written. */
export function docstringLine(text: string): string {
  return oneLine(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

/** A line of code with the comment that says where it comes from; `null` for code alone. */
export type CommentedLine = readonly [code: string, comment: string | null];

/** The lines, each comment starting in the same column (two spaces after the longest code). */
export function aligned(lines: readonly CommentedLine[], indent = ""): string[] {
  const width = Math.max(0, ...lines.filter(([, c]) => c !== null).map(([code]) => code.length));
  return lines.map(([code, comment]) => (comment === null ? `${indent}${code}` : `${indent}${code.padEnd(width)}  # ${oneLine(comment)}`));
}
