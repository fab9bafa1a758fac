/**
 * Edits to a spec's text that keep its formatting and comments (jsonc-parser's modify): setting
 * the loss, applying a diagnostic's fix. The indentation follows the file's own.
 */
import { applyEdits, type Edit, type JSONPath, modify } from "jsonc-parser";

export function setValueEdits(text: string, path: JSONPath, value: unknown, insert = false): Edit[] {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? "  ";
  return modify(text, path, value, {
    isArrayInsertion: insert,
    formattingOptions: { insertSpaces: !indent.includes("\t"), tabSize: indent.includes("\t") ? 1 : indent.length, eol },
  });
}

export function withValue(text: string, path: JSONPath, value: unknown): string {
  return applyEdits(text, setValueEdits(text, path, value));
}
