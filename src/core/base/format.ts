/**
 * Numbers as a learner reads them, the one home for that rule: the panel, the status bar,
 * CodeLens, the CLI and the formulas of the sample card, so every number the panel shows reads
 * the same in a terminal. The lesson writes 0.2, 0.04 and 0.2231, not 0.2000 or 2.231e-1, so:
 * - up to 4 decimals, trailing zeros dropped: 0.2, 5.5, 340, 1.6094;
 * - below 1, at least 4 significant digits, so a small gradient keeps its digits: 0.0001235;
 * - exponent form below 1e-4 and from 1e6 on, with three significant digits: 1.23e−5, 2.5e+6,
 *   1.92e−174 (never a run of digits a reader must count);
 * - the minus sign is "−" (U+2212), as in the formulas it sits in; −0 is 0;
 * - ∞ and −∞ for infinities, NaN for NaN, "–" for no number (no validation data, say).
 */
const MINUS = "\u2212";
const SMALLEST_PLAIN = 1e-4;
const LARGEST_PLAIN = 1e6;

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : `${MINUS}∞`;
  if (value === 0) return "0";
  const abs = Math.abs(value);
  let text: string;
  if (abs < SMALLEST_PLAIN || abs >= LARGEST_PLAIN) {
    const [mantissa, exponent] = abs.toExponential(2).split("e");
    text = `${dropTrailingZeros(mantissa)}e${exponent.replace("-", MINUS)}`;
  } else {
    text = dropTrailingZeros(abs < 1 ? abs.toPrecision(4) : abs.toFixed(4));
  }
  // A value that rounds to zero is shown without a sign.
  return value < 0 && /[1-9]/.test(text.split("e")[0]) ? MINUS + text : text;
}

function dropTrailingZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** A share as a percentage with one decimal: 0.975 → "97.5%"; "–" for no number. */
export function formatPercent(v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? "–" : `${(v * 100).toFixed(1)}%`;
}
