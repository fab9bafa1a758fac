/** A history that keeps its shape at a fixed cost, however long a run trains. */
import assert from "node:assert/strict";
import { it } from "node:test";
import { BoundedHistory } from "../../src/core/base/boundedHistory";

it("keeps every entry up to its capacity, then evenly spread ones, always the first and the newest", () => {
  const h = new BoundedHistory<number>(100);
  for (let i = 1; i <= 99; i++) h.push(i);
  assert.deepEqual(
    h.list(),
    Array.from({ length: 99 }, (_, i) => i + 1),
  );
  assert.equal(h.keepsOneIn, 1);
  for (let i = 100; i <= 1_000_000; i++) h.push(i);
  const kept = h.list();
  assert.ok(kept.length <= 101, `${kept.length} kept of a million`);
  assert.ok(kept.length >= 50, "still a useful shape");
  assert.equal(kept[0], 1);
  assert.equal(kept.at(-1), 1_000_000, "the newest, which the panel's text shows");
  assert.equal(h.last, 1_000_000);
  assert.equal(h.length, kept.length);
  // Evenly spread: the gaps between kept entries (all but the newest) are one stride.
  const gaps = kept.slice(1, -1).map((v, i) => v - kept[i]);
  assert.ok(
    gaps.every((g) => g === h.keepsOneIn),
    `gaps ${[...new Set(gaps)]} vs stride ${h.keepsOneIn}`,
  );
});
