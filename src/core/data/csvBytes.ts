/**
 * The byte level of reading a CSV file: fields found one at a time in the file's UTF-8 bytes
 * (RFC 4180 quoting, CRLF, LF or CR line ends), numbers parsed from the bytes without making a
 * string, and positions turned into the line and column an editor shows. Nothing here keeps a
 * row: reading a file costs about what its numbers weigh.
 */

import { parseNumber, scanNumber, scanned } from "./csvNumbers";

export { parseNumber };

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/** What `CsvScanner.next()` found: a field, and more follow in this record. */
export const MORE = 0;
/** The record's last field. */
export const LAST = 1;
/** A quoted field that never closes, or text after a closing quote; see `problemAt`. */
export const BAD = 2;

/** Walks a CSV file's bytes field by field, keeping the line each field is on. */
export class CsvScanner {
  readonly bytes: Uint8Array;
  /** Where the next field starts. */
  pos: number;
  /** 1-based line of `pos`, and the byte offset where that line starts. */
  line = 1;
  lineStart = 0;
  /** The last field's content (inside its quotes, if quoted), and whether it had quotes. */
  start = 0;
  end = 0;
  quoted = false;
  /** The line the last field started on, and that line's first byte. */
  fieldLine = 1;
  fieldLineStart = 0;
  /** For a Bad field: where the problem is. */
  problemAt = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    // A UTF-8 byte-order mark is not part of the first column's name.
    this.pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    this.lineStart = this.pos;
  }

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** Skips lines with nothing on them; true when a record follows. */
  skipEmptyLines(): boolean {
    const b = this.bytes;
    while (this.pos < b.length && (b[this.pos] === LF || b[this.pos] === CR)) this.newLineAfter(this.pos);
    return this.pos < b.length;
  }

  /** Reads the field at `pos`. */
  next(): number {
    const b = this.bytes;
    const n = b.length;
    let i = this.pos;
    this.fieldLine = this.line;
    this.fieldLineStart = this.lineStart;
    while (i < n && (b[i] === SPACE || b[i] === TAB)) i++;
    if (i < n && b[i] === QUOTE) {
      this.quoted = true;
      this.start = i + 1;
      for (i++; ; i++) {
        if (i >= n) {
          this.problemAt = this.start - 1;
          this.pos = n;
          return BAD;
        }
        const c = b[i];
        if (c === QUOTE) {
          if (b[i + 1] === QUOTE) i++;
          else break;
        } else if (c === LF || (c === CR && b[i + 1] !== LF)) {
          this.line++;
          this.lineStart = i + 1;
        }
      }
      this.end = i;
      for (i++; i < n && (b[i] === SPACE || b[i] === TAB); i++);
      if (i < n && b[i] !== COMMA && b[i] !== LF && b[i] !== CR) {
        this.problemAt = i;
        this.skipRecord(i);
        return BAD;
      }
    } else {
      this.quoted = false;
      this.start = this.pos;
      while (i < n && b[i] !== COMMA && b[i] !== LF && b[i] !== CR) i++;
      this.end = i;
    }
    if (i < n && b[i] === COMMA) {
      this.pos = i + 1;
      return MORE;
    }
    if (i < n) this.newLineAfter(i);
    else this.pos = n;
    return LAST;
  }

  /** Moves past the line end at `i` (LF, CRLF or CR). */
  private newLineAfter(i: number): void {
    const b = this.bytes;
    const next = b[i] === CR && b[i + 1] === LF ? i + 2 : i + 1;
    this.pos = next;
    this.line++;
    this.lineStart = next;
  }

  /** After a problem, continues at the next line. */
  private skipRecord(i: number): void {
    const b = this.bytes;
    while (i < b.length && b[i] !== LF && b[i] !== CR) i++;
    if (i < b.length) this.newLineAfter(i);
    else this.pos = b.length;
  }

  /** The last field as text: decoded, trimmed, with doubled quotes undone. */
  text(): string {
    const s = decodeUtf8(this.bytes.subarray(this.start, this.end));
    return (this.quoted ? s.replaceAll('""', '"') : s).trim();
  }

  /** The last field, trimmed, equals `name` (UTF-8 bytes)? No string is made unless quoted. */
  equals(name: Uint8Array): boolean {
    if (this.quoted) {
      // Undoing doubled quotes at most halves a field: a much longer one cannot match.
      if (this.end - this.start > 2 * name.length + 64) return false;
      return this.text() === decodeUtf8(name);
    }
    let s = this.start;
    let e = this.end;
    const b = this.bytes;
    while (s < e && (b[s] === SPACE || b[s] === TAB)) s++;
    while (e > s && (b[e - 1] === SPACE || b[e - 1] === TAB)) e--;
    if (e - s !== name.length) return false;
    for (let k = 0; k < name.length; k++) if (b[s + k] !== name[k]) return false;
    return true;
  }

  /**
   * The next field as a number, in one pass over its bytes when it is a plain unquoted number
   * (the common case), else as next() then number() read it. `status` says MORE, LAST or BAD.
   */
  nextNumber(): number {
    const b = this.bytes;
    const n = b.length;
    const from = this.pos;
    const value = scanNumber(b, from, n);
    const i = scanned.end;
    if (Number.isNaN(value) || (i < n && b[i] !== COMMA && b[i] !== LF && b[i] !== CR)) {
      this.status = this.next();
      return this.status === BAD ? Number.NaN : this.number();
    }
    this.fieldLine = this.line;
    this.fieldLineStart = this.lineStart;
    this.quoted = false;
    this.start = from;
    this.end = i;
    if (i < n && b[i] === COMMA) {
      this.pos = i + 1;
      this.status = MORE;
    } else {
      if (i < n) this.newLineAfter(i);
      else this.pos = n;
      this.status = LAST;
    }
    return value;
  }

  /** What the last nextNumber() found. */
  status = MORE;

  /**
   * The last field as a number: NaN unless it is one (see parseNumber). A quoted number has no
   * quotes inside, so its bytes are read as they are, never decoded.
   */
  number(): number {
    return parseNumber(this.bytes, this.start, this.end);
  }

  /** The last field as a message quotes it: at most its first few hundred bytes decoded. */
  shown(): string {
    return shownText(this.bytes, this.start, this.end, this.quoted);
  }
}

/**
 * Counts the records after the header (lines with something on them, line ends inside quotes
 * not counted), stopping past `limit`; returns the count and where record `limit + 1` starts.
 */
export function countRecords(bytes: Uint8Array, from: number, limit: number): { records: number; pastLimitAt: number } {
  // Most data files have no quotes and no CR: then the native search for LF does the work.
  if (bytes.indexOf(QUOTE, from) === -1 && bytes.indexOf(CR, from) === -1) return countLines(bytes, from, limit);
  let records = 0;
  let inQuotes = false;
  // A quote opens a quoted field only at the field's start, as CsvScanner reads it.
  let fieldStart = true;
  let empty = true;
  const n = bytes.length;
  let lineStart = from;
  for (let i = from; i < n; i++) {
    const c = bytes[i];
    if (inQuotes) {
      if (c === QUOTE) {
        if (bytes[i + 1] === QUOTE) i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === LF || c === CR) {
      if (c === CR && bytes[i + 1] === LF) i++;
      if (!empty && ++records > limit) return { records, pastLimitAt: lineStart };
      empty = true;
      fieldStart = true;
      lineStart = i + 1;
      continue;
    }
    empty = false;
    if (c === COMMA) fieldStart = true;
    else if (c === QUOTE && fieldStart) inQuotes = true;
    else if (c !== SPACE && c !== TAB) fieldStart = false;
  }
  if (!empty) records++;
  return { records, pastLimitAt: records > limit ? lineStart : -1 };
}

/** countRecords for bytes without quotes or CR. */
function countLines(bytes: Uint8Array, from: number, limit: number): { records: number; pastLimitAt: number } {
  let records = 0;
  let lineStart = from;
  for (;;) {
    const end = bytes.indexOf(LF, lineStart);
    const lineEnd = end === -1 ? bytes.length : end;
    if (lineEnd > lineStart && ++records > limit) return { records, pastLimitAt: lineStart };
    if (end === -1) return { records, pastLimitAt: -1 };
    lineStart = end + 1;
  }
}

/**
 * A field for a message: decoded, trimmed, doubled quotes undone, from at most its first
 * SHOWN_BYTES bytes (a message quotes only an excerpt, so a 50 MB cell is never decoded).
 */
export function shownText(bytes: Uint8Array, start: number, end: number, quoted: boolean): string {
  const cut = end - start > SHOWN_BYTES;
  const s = decodeUtf8(bytes.subarray(start, cut ? start + SHOWN_BYTES : end));
  const text = (quoted ? s.replaceAll('""', '"') : s).trim();
  return cut ? `${text}…` : text;
}

/** Bytes of a field decoded for a message: enough for an excerpt of any UTF-8 text. */
const SHOWN_BYTES = 256;

const decoder = new TextDecoder("utf-8");

export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * Turns byte offsets into the text's offsets and columns (UTF-16 code units, as editors count
 * them). Positions are asked for mostly in increasing order, so it counts on from the last one.
 */
export class TextPositions {
  private byte = 0;
  private unit = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** The text offset of byte offset `to`. */
  offset(to: number): number {
    if (to < this.byte) {
      this.byte = 0;
      this.unit = 0;
    }
    this.unit += units(this.bytes, this.byte, to);
    this.byte = to;
    return this.unit;
  }
}

/** UTF-16 code units in bytes[from, to): one per UTF-8 sequence, two for 4-byte ones. */
export function units(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = b[i];
    if ((c & 0xc0) !== 0x80) n += c >= 0xf0 ? 2 : 1;
  }
  return n;
}
