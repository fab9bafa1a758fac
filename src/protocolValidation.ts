/**
 * The webview is a browser page: treat what it sends as untrusted input. Every message is
 * checked against the WebviewToHost union before the host acts on it.
 */
import { LOSSES } from "./core/nn/losses";
import { PANEL_COMMANDS, type WebviewToHost } from "./protocol";

export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case "ready":
      return { type: "ready" };
    case "command":
      return typeof m.command === "string" && (PANEL_COMMANDS as readonly string[]).includes(m.command)
        ? { type: "command", command: m.command as WebviewToHost & { type: "command" } extends { command: infer C } ? C : never }
        : undefined;
    case "setLoss":
      return typeof m.loss === "string" && (LOSSES as readonly string[]).includes(m.loss)
        ? { type: "setLoss", loss: m.loss as (typeof LOSSES)[number] }
        : undefined;
    case "setLearningRate":
      return typeof m.value === "number" && Number.isFinite(m.value) && m.value > 0 && m.value <= 1000
        ? { type: "setLearningRate", value: m.value }
        : undefined;
    default:
      return undefined;
  }
}
