/**
 * The webview is a browser page: treat what it sends as untrusted input. Every message is
 * checked against the WebviewToHost union before the host acts on it, and only the fields the
 * protocol names are passed on.
 */
import { isAllowedLearningRate, LIMITS } from "../core/base/limits";
import { isLoss } from "../core/nn/losses";
import type { ParameterRef } from "../core/nn/parameters";
import type { DrawnImage } from "./images";
import { landscapeAsk } from "./landscape";
import { isPace } from "./pace";
import { PANEL_COMMANDS, type WebviewToHost } from "./panel";
import type { Pace } from "./run";

/** A drawn image is the input's size, and no layer is larger than this. */
const MAX_DRAWN_PIXELS = LIMITS.unitsPerLayer;
const PNG_PREFIX = "data:image/png;base64,";
/** A chart picture of the panel is well under this; anything larger is not one. */
const MAX_PNG_URL = 20 * 1024 * 1024;

export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case "ready": {
      const id = (v: unknown) => typeof v === "string" && /^[\w-]{1,100}$/.test(v);
      if ((m.load !== undefined && !id(m.load)) || (m.page !== undefined && !id(m.page))) return undefined;
      return { type: "ready", ...(m.load === undefined ? {} : { load: m.load as string }), ...(m.page === undefined ? {} : { page: m.page as string }) };
    }
    case "command":
      return typeof m.command === "string" && (PANEL_COMMANDS as readonly string[]).includes(m.command)
        ? { type: "command", command: m.command as (typeof PANEL_COMMANDS)[number] }
        : undefined;
    case "setLoss":
      return isLoss(m.loss) ? { type: "setLoss", loss: m.loss } : undefined;
    case "setLearningRate":
      return isAllowedLearningRate(m.value) ? { type: "setLearningRate", value: m.value } : undefined;
    case "setPace":
      return isPace(m.pace) ? { type: "setPace", pace: m.pace as Pace } : undefined;
    case "overlayRun":
      return typeof m.id === "string" && /^[\w.-]{1,200}$/.test(m.id) ? { type: "overlayRun", id: m.id } : undefined;
    case "savePng":
      return typeof m.name === "string" &&
        /^[\w -]{1,80}$/.test(m.name) &&
        typeof m.dataUrl === "string" &&
        m.dataUrl.length <= MAX_PNG_URL &&
        m.dataUrl.startsWith(PNG_PREFIX)
        ? { type: "savePng", name: m.name, dataUrl: m.dataUrl }
        : undefined;
    case "card": {
      const unit = m.unit === null ? null : unitRef(m.unit);
      const parameter = m.parameter === null ? null : parameterRef(m.parameter);
      const drawn = m.drawn === undefined ? null : drawnImage(m.drawn);
      if (!index(m.sample) || unit === undefined || parameter === undefined || drawn === undefined) return undefined;
      return { type: "card", sample: m.sample as number, unit, parameter, ...(drawn ? { drawn } : {}) };
    }
    case "lossAlong": {
      const parameter = parameterRef(m.parameter);
      return parameter ? { type: "lossAlong", parameter } : undefined;
    }
    case "landscape": {
      const ask = landscapeAsk(m.ask);
      return ask ? { type: "landscape", ask } : undefined;
    }
    case "setParameter": {
      const parameter = parameterRef(m.parameter);
      return parameter && typeof m.value === "number" && Number.isFinite(m.value) ? { type: "setParameter", parameter, value: m.value } : undefined;
    }
    default:
      return undefined;
  }
}

/** A whole number that can index a layer, unit or sample (the worker checks it exists). */
function index(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 1e9;
}

/** The draw pad's image: bytes (whole numbers 0…255), at most MAX_DRAWN_PIXELS of them, and a class index. */
function drawnImage(raw: unknown): DrawnImage | undefined {
  const r = raw as Record<string, unknown> | null;
  if (!r || typeof r !== "object" || !index(r.label) || !Array.isArray(r.pixels) || r.pixels.length === 0 || r.pixels.length > MAX_DRAWN_PIXELS)
    return undefined;
  const pixels = r.pixels as unknown[];
  for (const p of pixels) if (typeof p !== "number" || !Number.isInteger(p) || p < 0 || p > 255) return undefined;
  return { pixels: pixels as number[], label: r.label };
}

function unitRef(raw: unknown): { layer: number; unit: number } | undefined {
  const r = raw as Record<string, unknown> | null;
  return r && typeof r === "object" && index(r.layer) && r.layer >= 1 && index(r.unit) ? { layer: r.layer, unit: r.unit } : undefined;
}

function parameterRef(raw: unknown): ParameterRef | undefined {
  const r = raw as Record<string, unknown> | null;
  if (!r || typeof r !== "object" || !index(r.layer) || r.layer < 1 || !index(r.to)) return undefined;
  if (r.from !== "bias" && !index(r.from)) return undefined;
  return { layer: r.layer, from: r.from as number | "bias", to: r.to };
}
