/**
 * NNSpec's settings: the one place their defaults and ranges are written. package.json's
 * `contributes.configuration` must say the same (a unit test compares them), and reading a value
 * that is missing, of the wrong type or out of range gives the default or the nearest allowed
 * value, never NaN. Free of the `vscode` module: the caller passes the configuration.
 */

import { PACE_SETTING_VALUES, parsePace } from "../protocol/pace";
import type { Pace, RunSettings } from "../protocol/run";

type BooleanSetting = { type: "boolean"; default: boolean };
type NumberSetting = { type: "number"; default: number; minimum: number; maximum: number };
type ChoiceSetting = { type: "string"; default: string; enum: readonly string[] };

export const SETTINGS = {
  openPanelOnOpen: { type: "boolean", default: true },
  trainOnOpen: { type: "boolean", default: true },
  updateIntervalMs: { type: "number", default: 100, minimum: 16, maximum: 5000 },
  boundaryResolution: { type: "number", default: 64, minimum: 8, maximum: 200 },
  restartDelayMs: { type: "number", default: 800, minimum: 0, maximum: 60_000 },
  restartOn: { type: "string", default: "type", enum: ["type", "save"] },
  pace: { type: "string", default: "auto", enum: PACE_SETTING_VALUES },
  keepRuns: { type: "boolean", default: true },
} as const satisfies Record<string, BooleanSetting | NumberSetting | ChoiceSetting>;

export interface Settings extends RunSettings {
  openPanelOnOpen: boolean;
  trainOnOpen: boolean;
  /** After an edit, wait this long without typing before training restarts. */
  restartDelayMs: number;
  /** "type": restart while typing (after restartDelayMs); "save": only when the file is saved. */
  restartOn: "type" | "save";
  pace: Pace;
  /** Keep each finished or stopped run in the workspace (.nnspec/runs). */
  keepRuns: boolean;
}

export interface Configuration {
  get(key: string): unknown;
}

function readBoolean(c: Configuration, key: keyof typeof SETTINGS, s: BooleanSetting): boolean {
  const v = c.get(key);
  return typeof v === "boolean" ? v : s.default;
}

function readNumber(c: Configuration, key: keyof typeof SETTINGS, s: NumberSetting): number {
  const v = c.get(key);
  if (typeof v !== "number" || !Number.isFinite(v)) return s.default;
  return Math.min(s.maximum, Math.max(s.minimum, v));
}

function readChoice(c: Configuration, key: keyof typeof SETTINGS, s: ChoiceSetting): string {
  const v = c.get(key);
  return typeof v === "string" && s.enum.includes(v) ? v : s.default;
}

export function readSettings(c: Configuration): Settings {
  return {
    openPanelOnOpen: readBoolean(c, "openPanelOnOpen", SETTINGS.openPanelOnOpen),
    trainOnOpen: readBoolean(c, "trainOnOpen", SETTINGS.trainOnOpen),
    updateIntervalMs: readNumber(c, "updateIntervalMs", SETTINGS.updateIntervalMs),
    boundaryResolution: Math.round(readNumber(c, "boundaryResolution", SETTINGS.boundaryResolution)),
    restartDelayMs: readNumber(c, "restartDelayMs", SETTINGS.restartDelayMs),
    restartOn: readChoice(c, "restartOn", SETTINGS.restartOn) === "save" ? "save" : "type",
    pace: parsePace(readChoice(c, "pace", SETTINGS.pace)),
    keepRuns: readBoolean(c, "keepRuns", SETTINGS.keepRuns),
  };
}
