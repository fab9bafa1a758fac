/** The settings have one home (src/extension/settings.ts): package.json says the same, and bad values never reach a run. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readSettings, SETTINGS } from "../../src/extension/settings";

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8"));
const contributed: Record<string, Record<string, unknown>> = manifest.contributes.configuration.properties;

describe("settings", () => {
  it("package.json contributes exactly the settings of settings.ts, with the same defaults and ranges", () => {
    assert.deepEqual(
      Object.keys(contributed).sort(),
      Object.keys(SETTINGS)
        .map((k) => `nnspec.${k}`)
        .sort(),
    );
    for (const [key, s] of Object.entries(SETTINGS)) {
      const c = contributed[`nnspec.${key}`];
      assert.equal(c.type, s.type, key);
      assert.deepEqual(c.default, s.default, key);
      if ("minimum" in s) assert.deepEqual([c.minimum, c.maximum], [s.minimum, s.maximum], key);
      if ("enum" in s) assert.deepEqual(c.enum, [...s.enum], key);
    }
  });

  it("a missing, mistyped or out-of-range value reads as the default or the nearest allowed one, never NaN", () => {
    const read = (values: Record<string, unknown>) => readSettings({ get: (key) => values[key] });
    const defaults = read({});
    assert.equal(defaults.updateIntervalMs, 100);
    assert.equal(defaults.pace, "auto");
    const bad = read({ updateIntervalMs: "fast", boundaryResolution: Number.NaN, restartDelayMs: -5, restartOn: "always", pace: "warp", trainOnOpen: "yes" });
    assert.equal(bad.updateIntervalMs, 100);
    assert.equal(bad.boundaryResolution, 64);
    assert.equal(bad.restartDelayMs, 0);
    assert.equal(bad.restartOn, "type");
    assert.equal(bad.pace, "auto");
    assert.equal(bad.trainOnOpen, true);
    assert.equal(read({ updateIntervalMs: 1, boundaryResolution: 1e6, pace: "30" }).updateIntervalMs, 16);
    assert.equal(read({ boundaryResolution: 1e6 }).boundaryResolution, 200);
    assert.equal(read({ pace: "30" }).pace, 30);
    assert.equal(read({ pace: "slow" }).pace, "slow");
  });
});
