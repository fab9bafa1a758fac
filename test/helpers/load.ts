/** A spec held in memory, loaded as training needs it; fails the test with its diagnostics when it does not load. */
import assert from "node:assert/strict";
import { memoryFiles } from "../../src/core/base/files";
import { type LoadedSpec, loadSpec, type SpecOverrides } from "../../src/core/spec/load";

export function loadText(text: string, files: Record<string, string> = {}, overrides: SpecOverrides = {}): LoadedSpec {
  const result = loadSpec(text, memoryFiles(files), overrides);
  assert.ok(result.loaded, JSON.stringify(result.diagnostics));
  return result.loaded;
}
