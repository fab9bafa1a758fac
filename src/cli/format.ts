/** Text output of the CLI: problems, progress, the closing summary. */
import type { Diagnostic } from "../core/base/diagnostics";
import { formatNumber as num, formatPercent as percent } from "../core/base/format";
import type { ConfusionMatrix } from "../core/train/confusion";
import type { EarlyStoppingReport } from "../core/train/earlyStopping";
import type { Finding } from "../core/train/findings";
import type { EpochMetrics, LayerGradientStats } from "../core/train/metrics";

/** `path:line:col: error: message`, as compilers print it (editors and CI turn it into links). */
export function formatDiagnostic(specPath: string, d: Diagnostic): string {
  const fix = d.fix ? ` (fix: ${d.fix.title})` : "";
  return `${d.file ?? specPath}:${d.line}:${d.column}: ${d.severity}: ${d.message}${fix}`;
}

// The panel's number rules, so the terminal shows the same figures.
export { num, percent };

export function progressLine(m: EpochMetrics, total: number, width = 24): string {
  const filled = Math.round((m.epoch / total) * width);
  const bar = "█".repeat(filled) + "░".repeat(width - filled);
  const val = m.valLoss === null ? "" : ` · val loss ${num(m.valLoss)} · val acc ${percent(m.valAccuracy)}`;
  return `epoch ${String(m.epoch).padStart(String(total).length)}/${total} ${bar} loss ${num(m.loss)} · acc ${percent(m.accuracy)}${val}`;
}

/** One layer's gradient in the summary: mean |g|, the update ratio as step ÷ weight, dead and saturated shares. */
export function gradientSummary(g: LayerGradientStats): string {
  const step = g.updateRatio === null ? "" : `, step/w ${(10 ** g.updateRatio).toExponential(1)}`;
  const dead = g.deadShare ? ` (${percent(g.deadShare)} dead)` : "";
  const saturated = g.saturatedShare ? ` (${percent(g.saturatedShare)} saturated)` : "";
  return `layers[${g.layer}] mean |g| ${num(g.meanAbs)}${step}${dead}${saturated}`;
}

/** The findings as the summary lists them, each with its fix's title when it has one. */
export function findingLines(findings: readonly Finding[]): string[] {
  return findings.map((f) => `  ! ${f.message}${f.fix ? ` (fix: ${f.fix.title})` : ""}`);
}

const BLOCKS = "▁▂▃▄▅▆▇█";

/** A one-line chart of `values`, resampled to at most `width` columns (each the mean of its span). */
export function sparkline(values: number[], width = 60): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return "";
  const columns = Math.min(width, finite.length);
  const means: number[] = [];
  for (let c = 0; c < columns; c++) {
    const from = Math.floor((c * finite.length) / columns);
    const to = Math.max(from + 1, Math.floor(((c + 1) * finite.length) / columns));
    const span = finite.slice(from, to);
    means.push(span.reduce((a, b) => a + b, 0) / span.length);
  }
  const lo = Math.min(...means);
  const hi = Math.max(...means);
  return means.map((v) => BLOCKS[hi > lo ? Math.round(((v - lo) / (hi - lo)) * (BLOCKS.length - 1)) : 0]).join("");
}

/**
 * The confusion matrix as the panel shows it, in columns: a header of predicted classes, then
 * one row per true class.
 */
export function confusionLines(confusion: ConfusionMatrix, classNames: readonly string[]): string[] {
  const { classes, counts } = confusion;
  const name = (k: number) => classNames[k] ?? String(k);
  const cells = [["true ↓ predicted →", ...Array.from({ length: classes }, (_, p) => name(p))]];
  for (let k = 0; k < classes; k++) cells.push([name(k), ...counts.slice(k * classes, (k + 1) * classes).map(String)]);
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  let right = 0;
  for (let k = 0; k < classes; k++) right += counts[k * classes + k];
  const total = counts.reduce((a, b) => a + b, 0);
  return [
    `confusion (${confusion.of}): ${right} of ${total} samples in the right class`,
    ...cells.map((row) => `  ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ")}`),
  ];
}

/** A command-line count written as decimal digits ("16", not "0x10", "1e1" or " 16"), or null. */
export function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text) ? Number(text) : null;
}

/**
 * What early stopping did: the best epoch by validation loss, where the run stopped, and, when the
 * best epoch's weights were put back, what they measure now (`restored`, from evaluateNow()).
 */
export function earlyStoppingLines(
  r: EarlyStoppingReport,
  total: number,
  restored: { train: { accuracy: number }; validation: { loss: number; accuracy: number } | null } | null,
): string[] {
  const stopped = r.stoppedAt === null ? `ran all ${total} epochs` : `stopped after epoch ${r.stoppedAt} of ${total}`;
  const lines = [`early stop best epoch ${r.bestEpoch} (val loss ${num(r.bestValLoss)}); ${stopped}`];
  if (restored) {
    const val = restored.validation ? ` · val loss ${num(restored.validation.loss)} · val acc ${percent(restored.validation.accuracy)}` : "";
    lines.push(`restored  the weights of epoch ${r.bestEpoch}: acc ${percent(restored.train.accuracy)}${val}`);
  }
  return lines;
}
