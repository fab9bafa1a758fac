/**
 * A spec's text parsed as JSONC with positions (jsonc-parser), and helpers to point a
 * diagnostic at a field. Parsing never throws: syntax errors (and numbers too large for a double)
 * become diagnostics.
 */
import { type Node, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { type Diagnostic, excerpt, type JsonPath, LineIndex, makeDiagnostic, type Severity } from "./diagnostics";
import { t } from "./l10n";
import { LIMITS } from "./limits";

export class SpecDocument {
  readonly text: string;
  readonly root: Node | undefined;
  readonly value: unknown;
  readonly lines: LineIndex;
  readonly syntaxDiagnostics: Diagnostic[] = [];
  /**
   * Warnings on keys written twice in one object. JSON keeps the last; a learner who adds a
   * second "loss" below the first would otherwise wonder why the first is not used.
   */
  readonly duplicateKeyWarnings: Diagnostic[] = [];

  constructor(text: string) {
    this.text = text;
    this.lines = new LineIndex(text);
    // The parser and everything after it recurse once per level: refuse deep nesting first.
    const deep = tooDeepAt(text);
    if (deep !== undefined) {
      this.syntaxDiagnostics.push(
        makeDiagnostic(
          this.lines,
          "error",
          t("syntax error: more than {limit} arrays and objects inside each other here; a spec or weights file needs at most 5", {
            limit: LIMITS.nestingDepth,
          }),
          [],
          deep,
          1,
        ),
      );
      this.root = undefined;
      this.value = undefined;
      return;
    }
    // A byte-order mark (editors on Windows write one) is not JSON; a space in its place keeps
    // every offset where the text has it.
    const parsed = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
    const errors: ParseError[] = [];
    this.root = parseTree(parsed, errors, { allowTrailingComma: true, disallowComments: false });
    const tooLarge: Node[] = [];
    const duplicates: { ignored: Node; used: Node }[] = [];
    this.value = this.root ? plainValue(this.root, tooLarge, duplicates) : undefined;
    for (const { ignored, used } of duplicates) {
      this.duplicateKeyWarnings.push(
        makeDiagnostic(
          this.lines,
          "warning",
          t('"{key}" is written again on line {line}, and only that one is used: delete one of the two', {
            key: excerpt(String(ignored.value)),
            line: this.lines.position(used.offset).line,
          }),
          [],
          ignored.offset,
          Math.max(1, ignored.length),
        ),
      );
    }
    for (const e of errors) {
      this.syntaxDiagnostics.push(makeDiagnostic(this.lines, "error", syntaxMessage(printParseErrorCode(e.error)), [], e.offset, Math.max(1, e.length)));
    }
    // JSON allows 1e400, which reads as Infinity: refused here, for every field and every file
    // read as JSON, so no later check or training step ever meets an infinite number.
    for (const node of tooLarge) {
      const written = excerpt(text.slice(node.offset, node.offset + node.length));
      this.syntaxDiagnostics.push(
        makeDiagnostic(
          this.lines,
          "error",
          t('"{value}" is too large for a number (the largest is about 1.8e308); write a smaller one', { value: written }),
          [],
          node.offset,
          Math.max(1, node.length),
        ),
      );
    }
  }

  /** The node at `path`, or the deepest existing ancestor's node. */
  nodeAt(path: JsonPath): { node: Node | undefined; exact: boolean } {
    if (!this.root) return { node: undefined, exact: false };
    for (let n = path.length; n >= 0; n--) {
      const node = valueNodeAt(this.root, path.slice(0, n));
      if (node) return { node, exact: n === path.length };
    }
    return { node: this.root, exact: false };
  }

  /** A diagnostic on the value at `path` (or, with `onKey`, on its property name). */
  diagnostic(severity: Severity, message: string, path: JsonPath, onKey = false): Diagnostic {
    const { node } = this.nodeAt(path);
    if (!node) return makeDiagnostic(this.lines, severity, message, path, 0, Math.min(1, this.text.length));
    let target = node;
    if (onKey && node.parent?.type === "property" && node.parent.children?.[0]) target = node.parent.children[0];
    // An object or array spanning many lines: underline its first line only, as compilers do.
    let length = target.length;
    if (target.type === "object" || target.type === "array") {
      const newline = this.text.indexOf("\n", target.offset);
      if (newline !== -1 && newline < target.offset + length) length = newline - target.offset;
    }
    return makeDiagnostic(this.lines, severity, message, path, target.offset, Math.max(1, length));
  }

  /** A diagnostic on the property name `key` of the object at `objectPath`. */
  keyDiagnostic(severity: Severity, message: string, objectPath: JsonPath, key: string): Diagnostic {
    const { node, exact } = this.nodeAt([...objectPath, key]);
    if (exact && node) return this.diagnostic(severity, message, [...objectPath, key], true);
    return this.diagnostic(severity, message, objectPath);
  }
}

/**
 * The value's node at `path`, as jsonc-parser's findNodeAtLocation finds it, except that where a
 * key is written twice in one object it takes the last: the one JSON keeps, and so the one every
 * check has read.
 */
export function valueNodeAt(root: Node, path: JsonPath): Node | undefined {
  let node: Node | undefined = root;
  for (const segment of path) {
    if (!node?.children) return undefined;
    if (typeof segment === "string") {
      if (node.type !== "object") return undefined;
      let value: Node | undefined;
      for (const property of node.children) if (property.children?.[0]?.value === segment) value = property.children[1];
      node = value;
    } else {
      if (node.type !== "array") return undefined;
      node = node.children[segment];
    }
  }
  return node;
}

/**
 * A node's value as plain JSON. Unlike jsonc-parser's getNodeValue, a key "__proto__" becomes
 * an ordinary field (reported as unknown), never the object's prototype. Numbers too large for
 * a double (read as ±Infinity) are collected in `tooLarge`; a key written twice in one object
 * is collected in `duplicates`, each earlier key with the last one, whose value is kept.
 */
function plainValue(node: Node, tooLarge: Node[], duplicates: { ignored: Node; used: Node }[]): unknown {
  if (node.type === "array") return (node.children ?? []).map((child) => plainValue(child, tooLarge, duplicates));
  if (node.type === "number" && !Number.isFinite(node.value)) tooLarge.push(node);
  if (node.type !== "object") return node.value;
  const out: Record<string, unknown> = {};
  /** Each key's last occurrence in this object, and the earlier ones. */
  const last = new Map<string, Node>();
  const ignored: Node[] = [];
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value) continue;
    Object.defineProperty(out, key.value, { value: plainValue(value, tooLarge, duplicates), enumerable: true, writable: true, configurable: true });
    const earlier = last.get(key.value);
    if (earlier) ignored.push(earlier);
    last.set(key.value, key);
  }
  for (const key of ignored) duplicates.push({ ignored: key, used: last.get(key.value) ?? key });
  return out;
}

/**
 * The offset of the first "[" or "{" nested deeper than LIMITS.nestingDepth, skipping strings
 * and comments; undefined when the text stays within it. One pass, no recursion.
 */
export function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22 || d === 0x0a) break;
      }
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      const end = text.indexOf("\n", i);
      i = end === -1 ? n : end;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? n : end + 1;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > LIMITS.nestingDepth) return i;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

function syntaxMessage(code: string): string {
  // Built per call, not at load time, so t() sees the bundle the process configured.
  const plain: Record<string, string> = {
    InvalidSymbol: t("unexpected character; the spec must be JSON (comments and trailing commas are allowed)"),
    InvalidNumberFormat: t("invalid number"),
    PropertyNameExpected: t('expected a property name in double quotes, e.g. "units"'),
    ValueExpected: t("expected a value (a number, string, true/false, an object or an array)"),
    ColonExpected: t('expected ":" after the property name'),
    CommaExpected: t('expected "," between items'),
    CloseBraceExpected: t('expected "}" to close the object'),
    CloseBracketExpected: t('expected "]" to close the array'),
    EndOfFileExpected: t("unexpected text after the end of the spec"),
    InvalidCommentToken: t("invalid comment"),
    UnexpectedEndOfComment: t("unterminated comment: add */"),
    UnexpectedEndOfString: t('unterminated string: add the closing "'),
    UnexpectedEndOfNumber: t("incomplete number"),
    InvalidUnicode: t("invalid unicode escape"),
    InvalidEscapeCharacter: t("invalid escape character in string"),
    InvalidCharacter: t("invalid character in string"),
  };
  return t("syntax error: {problem}", { problem: plain[code] ?? code });
}
