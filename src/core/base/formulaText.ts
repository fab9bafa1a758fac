/**
 * The pieces the sample card's formulas are written with (formatNumber's rounding): a sum that
 * elides its middle, a number after an operator, a number under an exponent. The formulas
 * themselves live with what they describe: each loss's in its record (nn/losses/), the forward
 * and backward steps' in train/formulas.ts.
 */
import { formatNumber } from "./format";

/** Beyond this many terms a sum shows its first three, "…", and its last. */
const MAX_TERMS = 8;

export const num = formatNumber;

/** A number after an operator: negative ones in parentheses, 0.5 − (−0.2). */
export const operand = (v: number): string => {
  const text = num(v);
  return text.startsWith("−") ? `(${text})` : text;
};

/** A number that gets an exponent: 0.2², (−0.2)², (1.2e−5)². */
export const base = (v: number): string => {
  const text = num(v);
  return /^−|e/.test(text) ? `(${text})` : text;
};

/** A power of e as the card writes it: e^40, e^−400. */
export const power = (v: number): string => `e^${num(v)}`;

/** Joins terms with `joiner`, eliding the middle of a long sum. */
export function joinTerms(terms: string[], joiner = " + "): string {
  const shown = terms.length > MAX_TERMS ? [...terms.slice(0, 3), "…", terms[terms.length - 1]] : terms;
  return shown.join(joiner);
}

/** A vector as a formula writes it: [0.8, 0.2], long ones by their first three values, …, and the last. */
export function vectorText(values: readonly number[]): string {
  return values.length === 1 ? num(values[0]) : `[${joinTerms(values.map(num), ", ")}]`;
}

/**
 * A probability that, at the digits shown, reads as exactly 0 or 1: written into ln p or
 * ln(1 − p), it would show `ln 0` beside a finite loss, or `−ln 1` beside a loss that is not 0.
 */
export const roundsToEdge = (p: number): boolean => num(p) === "0" || num(p) === "1";

/** The mean over `width` outputs of one term each, as the card writes it: `(a + b) / 2`, or the one term. */
export function meanText(terms: string[], width: number): string {
  return width === 1 ? terms[0] : `(${joinTerms(terms)}) / ${width}`;
}
