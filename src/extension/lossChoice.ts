/**
 * Switching the loss: how each loss is explained in the QuickPick
 * (as the lesson explains them), and the text edit that writes the choice into the spec while
 * keeping its formatting and comments (jsonc-parser's modify).
 */
import { type Edit, getNodeValue, parseTree } from "jsonc-parser";
import { valueNodeAt } from "../core/base/document";
import { type LossName, lossRecord } from "../core/nn/losses";
import { setValueEdits, withValue } from "./specEdits";

/** The Switch Loss picker's items, in English; `translate` is vscode.l10n.t in the extension. */
export function lossQuickPickItems(
  losses: readonly LossName[],
  current: string | undefined,
  translate: (message: string, ...args: string[]) => string = plain,
) {
  return losses.map((loss) => ({
    label: translate(lossRecord(loss).label),
    description: loss === current ? translate("{0} · current", loss) : loss,
    detail: translate(lossRecord(loss).description),
    loss,
  }));
}

function plain(message: string, ...args: string[]): string {
  return message.replace(/\{(\d+)\}/g, (_, i) => args[Number(i)]);
}

/** The current "loss" value written in the spec, if any. */
export function writtenLoss(specText: string): string | undefined {
  const root = parseTree(specText, [], { allowTrailingComma: true });
  const node = root ? valueNodeAt(root, ["loss"]) : undefined;
  const value = node ? getNodeValue(node) : undefined;
  return typeof value === "string" ? value : undefined;
}

/** The minimal edits that set "loss" (added after the last property when absent). */
export function lossEdits(specText: string, loss: LossName): Edit[] {
  return setValueEdits(specText, ["loss"], loss);
}

export function withLoss(specText: string, loss: LossName): string {
  return withValue(specText, ["loss"], loss);
}
