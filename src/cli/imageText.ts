/**
 * An image sample drawn in the terminal for `nnspec inspect`: one grey level a pixel, from a
 * five-step ramp of block characters (" ░▒▓█": 0 blank, 255 a full block),
 * two characters wide so a square image looks square; a colour image by its luma.
 * Images larger than a terminal comfortably shows are averaged down to at most 32 rows.
 */
import type { Dataset } from "../core/data/dataset";
import { resizePicture } from "../core/data/images/decode";

const RAMP = [" ", "░", "▒", "▓", "█"];
const MAX_ROWS = 32;

/** The lines of row `row` of `d` drawn as an image, or none when `d` holds no images. */
export function imageLines(d: Dataset, row: number): string[] {
  if (!d.pixels || !(d.x instanceof Uint8Array)) return [];
  const [h, w, c] = d.pixels.shape;
  const bytes = d.x.subarray(row * h * w * c, (row + 1) * h * w * c);
  const scale = Math.min(1, MAX_ROWS / h);
  const rows = Math.max(1, Math.round(h * scale));
  const columns = Math.max(1, Math.round(w * scale));
  const grey = resizePicture({ height: h, width: w, channels: c, data: bytes }, rows, columns, 1);
  const lines: string[] = [];
  for (let y = 0; y < rows; y++) {
    let line = "";
    for (let x = 0; x < columns; x++) line += RAMP[Math.min(RAMP.length - 1, Math.floor((grey[y * columns + x] / 256) * RAMP.length))].repeat(2);
    lines.push(`  │${line}│`);
  }
  const edge = "─".repeat(2 * columns);
  return [`  ┌${edge}┐`, ...lines, `  └${edge}┘`, `  ${h} × ${w}${c === 3 ? " × 3 (shown as grey)" : ""} pixels, 0 = blank, 255 = █`];
}
