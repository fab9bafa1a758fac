/**
 * What the panel asks of the shown run beyond the commands: the sample card, the loss along one
 * weight, a weight or bias set by hand. Asked of the run's worker, answered in the panel (or why
 * not); an answer for a run no longer shown is dropped. Free of `vscode`.
 */
import { t } from "../core/base/l10n";
import type { HostToWebview, PanelRequest, WebviewToHost } from "../protocol/panel";
import type { Run } from "./trainingRun";

export async function answerPanelRequest(
  /** The run asked: null while there is none, or while losses are compared. */
  run: Run | null,
  message: Extract<WebviewToHost, { type: PanelRequest }>,
  panel: { post(message: HostToWebview): void; stillShown(run: Run): boolean },
): Promise<void> {
  if (!run || run.isDisposed) {
    panel.post({ type: "requestFailed", runId: run?.runId ?? 0, what: message.type, message: t("train the network first") });
    return;
  }
  try {
    if (message.type === "card") {
      const card = await run.request("card", { sample: message.sample, unit: message.unit, parameter: message.parameter, drawn: message.drawn ?? null });
      if (panel.stillShown(run)) panel.post({ type: "card", runId: run.runId, card });
    } else if (message.type === "lossAlong") {
      const result = await run.request("lossAlong", { parameter: message.parameter });
      if (panel.stillShown(run)) panel.post({ type: "lossAlong", runId: run.runId, result });
    } else if (message.type === "landscape") {
      const result = await run.request("landscape", message.ask);
      if (panel.stillShown(run)) panel.post({ type: "landscape", runId: run.runId, result });
    } else await run.request("setParameter", { parameter: message.parameter, value: message.value });
  } catch (e) {
    if (panel.stillShown(run)) panel.post({ type: "requestFailed", runId: run.runId, what: message.type, message: (e as Error).message });
  }
}
