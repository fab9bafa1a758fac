/**
 * The paces a run can train at: the one list the panel's speed menu, the `nnspec.pace` setting
 * and the worker share. How a pace turns into waiting is src/worker/pace.ts.
 */
import type { Pace } from "./run";

/** What the speed menu offers, slowest last. */
export const PACE_CHOICES: readonly Pace[] = ["auto", "max", 100, 30, 10, 1, "slow"];

/** The setting's values: the same choices, numbers written as strings (settings enums are strings). */
export const PACE_SETTING_VALUES = PACE_CHOICES.map(String);

/** The most epochs a second a numeric pace may ask for (beyond it, "max" is meant). */
const MAX_EPOCHS_PER_SECOND = 100_000;

export function isPace(value: unknown): value is Pace {
  if (value === "auto" || value === "max" || value === "slow") return true;
  return typeof value === "number" && Number.isFinite(value) && value > 0 && value <= MAX_EPOCHS_PER_SECOND;
}

/** A pace from the setting's text ("auto", "max", "slow" or a number of epochs a second); "auto" otherwise. */
export function parsePace(setting: unknown): Pace {
  if (typeof setting === "number") return isPace(setting) ? setting : "auto";
  if (typeof setting !== "string") return "auto";
  const number = Number(setting);
  if (setting.trim() !== "" && Number.isFinite(number)) return isPace(number) ? number : "auto";
  return isPace(setting) ? setting : "auto";
}
