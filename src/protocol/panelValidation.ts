/**
 * The webview is a browser page: treat what it sends as untrusted input. Every message is
 * checked against the WebviewToHost union before the host acts on it, and only the fields the
 * protocol names are passed on.
 */
import { isAllowedLearningRate } from "../core/base/limits";
import { LOSSES } from "../core/nn/losses";
import { isPace } from "./pace";
import { PANEL_COMMANDS, type WebviewToHost } from "./panel";
import type { Pace } from "./run";

export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case "ready":
      return { type: "ready" };
    case "command":
      return typeof m.command === "string" && (PANEL_COMMANDS as readonly string[]).includes(m.command)
        ? { type: "command", command: m.command as (typeof PANEL_COMMANDS)[number] }
        : undefined;
    case "setLoss":
      return typeof m.loss === "string" && (LOSSES as readonly string[]).includes(m.loss)
        ? { type: "setLoss", loss: m.loss as (typeof LOSSES)[number] }
        : undefined;
    case "setLearningRate":
      return isAllowedLearningRate(m.value) ? { type: "setLearningRate", value: m.value } : undefined;
    case "setPace":
      return isPace(m.pace) ? { type: "setPace", pace: m.pace as Pace } : undefined;
    default:
      return undefined;
  }
}
