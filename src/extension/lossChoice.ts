/**
 * Switching the loss: which losses suit a spec's output, how each is explained in the QuickPick
 * (as the lesson explains them), and the text edit that writes the choice into the spec while
 * keeping its formatting and comments (jsonc-parser's modify).
 */
import { type Edit, findNodeAtLocation, getNodeValue, parseTree } from "jsonc-parser";
import { REGRESSION_SOURCES } from "../core/data/generators";
import { LOSSES, type LossName } from "../core/nn/losses";
import { LOSS_DESCRIPTIONS } from "../core/spec/schema";
import { setValueEdits, withValue } from "./specEdits";

export const LOSS_LABELS: Record<LossName, string> = {
  mae: "MAE (L1)",
  mse: "MSE (L2)",
  crossEntropy: "Cross-entropy",
  binaryCrossEntropy: "Binary cross-entropy",
  huber: "Huber",
};

/** The losses that can train this spec's output layer, the usual one first. */
export function suitableLosses(specText: string): LossName[] {
  const root = parseTree(specText, [], { allowTrailingComma: true });
  const layers = root ? findNodeAtLocation(root, ["layers"]) : undefined;
  const last = layers?.children?.[layers.children.length - 1];
  const activationNode = last ? findNodeAtLocation(last, ["activation"]) : undefined;
  const activation = activationNode ? getNodeValue(activationNode) : undefined;
  const unitsNode = last ? findNodeAtLocation(last, ["units"]) : undefined;
  const units = unitsNode ? getNodeValue(unitsNode) : undefined;
  const sourceNode = root ? findNodeAtLocation(root, ["data", "source"]) : undefined;
  const taskNode = root ? findNodeAtLocation(root, ["data", "task"]) : undefined;
  const regression =
    (sourceNode && (REGRESSION_SOURCES as readonly string[]).includes(getNodeValue(sourceNode))) || (taskNode && getNodeValue(taskNode) === "regression");
  if (activation === "softmax" || (!activation && !regression && units !== 1)) return ["crossEntropy", "mae", "mse", "huber"];
  if (activation === "sigmoid" || (!activation && !regression && units === 1)) return ["binaryCrossEntropy", "mae", "mse", "huber"];
  if (regression || activation) return ["mse", "mae", "huber"];
  return [...LOSSES];
}

/** The Switch Loss picker's items, in English; `translate` is vscode.l10n.t in the extension. */
export function lossQuickPickItems(specText: string, current: string | undefined, translate: (message: string, ...args: string[]) => string = plain) {
  return suitableLosses(specText).map((loss) => ({
    label: translate(LOSS_LABELS[loss]),
    description: loss === current ? translate("{0} · current", loss) : loss,
    detail: translate(LOSS_DESCRIPTIONS[loss]),
    loss,
  }));
}

function plain(message: string, ...args: string[]): string {
  return message.replace(/\{(\d+)\}/g, (_, i) => args[Number(i)]);
}

/** The current "loss" value written in the spec, if any. */
export function writtenLoss(specText: string): string | undefined {
  const root = parseTree(specText, [], { allowTrailingComma: true });
  const node = root ? findNodeAtLocation(root, ["loss"]) : undefined;
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
