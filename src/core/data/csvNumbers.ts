/**
 * Numbers read from a CSV file's bytes without making a string: Clinger's fast path for up to
 * 15 significant digits, and for longer ones at most the 769 digits that decide how a decimal
 * rounds, so a cell of any length costs no more memory than a short one.
 */

const SPACE = 0x20;
const TAB = 0x09;

/** 10^k for k = 0..22: the powers of ten a double holds exactly. */
const EXACT_POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A decimal number written in bytes[start, end) (spaces around it allowed): an optional sign,
 * digits with an optional point, an optional exponent. NaN for anything else, including hex
 * (0x10), Infinity and the empty field. Correctly rounded: up to 15 significant digits and
 * powers of ten up to 22 are exact in a double, so one multiplication or division rounds once
 * (Clinger's fast path); any other number is converted by Number() from its (checked) text.
 */
export function parseNumber(b: Uint8Array, start: number, end: number): number {
  while (start < end && (b[start] === SPACE || b[start] === TAB)) start++;
  while (end > start && (b[end - 1] === SPACE || b[end - 1] === TAB)) end--;
  const value = scanNumber(b, start, end);
  return scanned.end === end ? value : Number.NaN;
}

/** Where the last scanNumber stopped (an object, so the scanner reads it without a copy). */
export const scanned = { end: 0 };

/**
 * Reads the number that starts at bytes[start] (the grammar of parseNumber), stopping at the
 * first byte that does not continue it (before `end`); that offset is left in `scanned.end`.
 */
export function scanNumber(b: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && (b[i] === 0x2d || b[i] === 0x2b)) {
    negative = b[i] === 0x2d;
    i++;
  }
  const unsigned = i;
  let mantissa = 0;
  let significant = 0;
  let digits = 0;
  let exponent = 0;
  let written = 0;
  let c = 0;
  for (; i < end; i++) {
    c = b[i] - 0x30;
    if (c < 0 || c > 9) break;
    digits++;
    if (mantissa !== 0 || c !== 0) {
      significant++;
      mantissa = mantissa * 10 + c;
    }
  }
  if (i < end && b[i] === 0x2e) {
    for (i++; i < end; i++) {
      c = b[i] - 0x30;
      if (c < 0 || c > 9) break;
      digits++;
      exponent--;
      if (mantissa !== 0 || c !== 0) {
        significant++;
        mantissa = mantissa * 10 + c;
      }
    }
  }
  scanned.end = i;
  if (digits === 0) return Number.NaN;
  if (i < end && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    let expNegative = false;
    if (i < end && (b[i] === 0x2d || b[i] === 0x2b)) {
      expNegative = b[i] === 0x2d;
      i++;
    }
    const expStart = i;
    let e = 0;
    for (; i < end; i++) {
      c = b[i] - 0x30;
      if (c < 0 || c > 9) break;
      // Past 10^12 a number is 0 or infinite whatever its digits (a file has fewer than 10^9).
      if (e < 1e12) e = e * 10 + c;
    }
    scanned.end = i;
    if (i === expStart) return Number.NaN;
    written = expNegative ? -e : e;
    exponent += written;
  }
  let value: number;
  if (mantissa === 0) value = 0;
  else if (significant <= 15 && exponent >= -22 && exponent <= 22)
    value = exponent >= 0 ? mantissa * EXACT_POWERS[exponent] : mantissa / EXACT_POWERS[-exponent];
  else value = manyDigits(b, unsigned, i, written);
  return negative ? -value : value;
}

/**
 * Significant digits that decide how any decimal rounds to a double: the exact halfway points
 * between doubles have at most 767, so the first 768 and whether any digit after them is not 0
 * (the "sticky" digit) round as all of them would.
 */
const DECIDING_DIGITS = 768;

/**
 * The number written in bytes[from, to) (digits with an optional point; its exponent part,
 * already read, is `written`), correctly rounded, from at most 769 of its digits: a cell of two
 * hundred million digits costs no more memory than one of twenty.
 */
function manyDigits(b: Uint8Array, from: number, to: number, written: number): number {
  let digits = "";
  let scale = written;
  let afterPoint = false;
  let sticky = false;
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (c === 0x2e) afterPoint = true;
    else if (c < 0x30 || c > 0x39) break;
    else if (digits.length === 0 && c === 0x30) {
      if (afterPoint) scale--;
    } else if (digits.length < DECIDING_DIGITS) {
      digits += String.fromCharCode(c);
      if (afterPoint) scale--;
    } else {
      if (c !== 0x30) sticky = true;
      if (!afterPoint) scale++;
    }
  }
  if (sticky) {
    digits += "1";
    scale--;
  }
  return Number(`${digits}e${scale}`);
}
