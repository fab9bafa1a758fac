/**
 * Numbers as NNSpec writes them everywhere: the panel, the status bar, CodeLens and the CLI, so
 * every number the panel shows reads the same in a terminal. Four decimals; very small and very
 * large magnitudes in exponent form with three significant digits (1.61e-5).
 */
export function formatNumber(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(2);
  return v.toFixed(digits);
}

/** A share as a percentage with one decimal: 0.975 → "97.5%". */
export function formatPercent(v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? "–" : `${(v * 100).toFixed(1)}%`;
}
