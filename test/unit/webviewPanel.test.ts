/**
 * The panel's DOM-free logic: when it draws (webview/renderSchedule.ts, under a fake clock), that
 * one view failing leaves the others drawn (panelView.ts), the epochs-a-second words
 * (panelNumbers.ts), a unit's picture over the input plane (unitMaps.ts) and WCAG's luminance
 * (theme.ts). Expected values are worked out by hand.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { MetricsUpdate } from "../../src/protocol/run";
import { luminance, SIGN_COLOURS } from "../../webview/colours";
import { epochRate } from "../../webview/panelNumbers";
import { type PanelView, showEach } from "../../webview/panelView";
import { RenderSchedule } from "../../webview/renderSchedule";
import { unitMapPixels } from "../../webview/unitMaps";

/** A clock that moves only when told, and timers that fire when it passes them. */
function fakeTimers() {
  let now = 0;
  let next = 1;
  const pending = new Map<number, { at: number; run: () => void }>();
  return {
    timers: {
      now: () => now,
      setTimeout: (run: () => void, ms: number) => {
        pending.set(next, { at: now + ms, run });
        return next++;
      },
      clearTimeout: (id: number | undefined) => {
        if (id !== undefined) pending.delete(id);
      },
    },
    pending,
    advance(to: number) {
      now = to;
      for (const [id, t] of [...pending].sort((x, y) => x[1].at - y[1].at)) {
        if (t.at > now) continue;
        pending.delete(id);
        t.run();
      }
    },
  };
}

describe("when the panel draws", () => {
  it("the first update at once, the rest at most once per interval", () => {
    const clock = fakeTimers();
    const draws: number[] = [];
    const schedule = new RenderSchedule(() => draws.push(clock.timers.now()), clock.timers);
    schedule.interval = 100;
    schedule.request(false, true);
    clock.advance(0);
    assert.deepEqual(draws, [0], "the run's first epoch, without waiting");
    clock.advance(30);
    schedule.request(false, false);
    clock.advance(60);
    schedule.request(false, false); // while one is waiting: no second timer
    assert.equal(clock.pending.size, 1);
    clock.advance(99);
    assert.deepEqual(draws, [0], "not before 100 ms since the last draw");
    clock.advance(100);
    assert.deepEqual(draws, [0, 100]);
    clock.advance(350);
    schedule.request(false, false);
    clock.advance(350);
    assert.deepEqual(draws, [0, 100, 350], "more than an interval since the last: no wait");
  });

  it("a pause, stop, end or failure draws at once and drops the draw that was waiting", () => {
    const clock = fakeTimers();
    let draws = 0;
    const schedule = new RenderSchedule(() => draws++, clock.timers);
    schedule.interval = 500;
    schedule.run();
    clock.advance(10);
    schedule.request(false, false);
    assert.equal(clock.pending.size, 1);
    schedule.request(true, false);
    assert.equal(draws, 2);
    assert.equal(clock.pending.size, 0, "the waiting draw is cleared");
    clock.advance(1000);
    assert.equal(draws, 2);
  });

  it("a new spec cancels a waiting draw, and the next request waits again", () => {
    const clock = fakeTimers();
    let draws = 0;
    const schedule = new RenderSchedule(() => draws++, clock.timers);
    schedule.run();
    schedule.request(false, false);
    schedule.cancel();
    clock.advance(1000);
    assert.equal(draws, 1);
    schedule.request(false, false);
    assert.equal(clock.pending.size, 1, "cancel forgot the timer, so a new one can start");
  });
});

describe("each view on its own", () => {
  it("a view that throws is logged by name; the ones after it still draw", () => {
    const drawn: string[] = [];
    const logged: string[] = [];
    const views: PanelView[] = [
      { name: "charts", show: () => drawn.push("charts") },
      {
        name: "diagram",
        show: () => {
          throw new Error("broken");
        },
      },
      { name: "sample card", reset: () => drawn.push("never: no show") },
      { name: "weights", show: (s) => drawn.push(`weights at epoch ${s.update.epoch}`) },
    ];
    showEach(views, { update: { epoch: 7 } as MetricsUpdate, last: undefined, drawn: [], series: null }, (message) => logged.push(message));
    assert.deepEqual(drawn, ["charts", "weights at epoch 7"]);
    assert.deepEqual(logged, ["NNSpec panel: drawing the diagram failed"]);
  });
});

describe("epochs a second in words", () => {
  it("whole numbers from 10, one decimal below", () => {
    assert.equal(epochRate(42.4), "42");
    assert.equal(epochRate(10), "10");
    assert.equal(epochRate(7.25), "7.3");
    assert.equal(epochRate(0.04), "0.0");
    assert.equal(epochRate(9.96), "10.0", "just under 10 keeps its decimal");
  });
});

describe("a unit's picture over the input plane", () => {
  const [pr, pg, pb] = SIGN_COLOURS.positive;
  const [nr, ng, nb] = SIGN_COLOURS.negative;
  it("values that cross 0: |v| against the largest, by sign, grid row 0 at the bottom", () => {
    // Grid cells 0, 1 are the bottom row (yMin); the image stores the top row first.
    const { pixels, lo, hi } = unitMapPixels(Float32Array.from([-1, 0.5, 0, 2]), 0, 2);
    assert.deepEqual([lo, hi], [-1, 2]);
    assert.deepEqual(Array.from(pixels), [
      ...[pr, pg, pb, 0], // cell 2: 0
      ...[pr, pg, pb, 255], // cell 3: 2, the largest
      ...[nr, ng, nb, 128], // cell 0: |−1| / 2 of 255 = 127.5
      ...[pr, pg, pb, 64], // cell 1: 0.5 / 2 of 255 = 63.75
    ]);
  });
  it("values of one sign: from the smallest to the largest, read at the unit's offset", () => {
    const values = Float32Array.from([9, 9, 9, 9, 1, 3, 2, 3]);
    const { pixels, lo, hi } = unitMapPixels(values, 4, 2);
    assert.deepEqual([lo, hi], [1, 3]);
    assert.deepEqual(
      Array.from(pixels).filter((_, i) => i % 4 === 3),
      [128, 255, 0, 255],
      "cells 2, 3 on top: (2 − 1)/2 and 1; then cells 0, 1: 0 and 1",
    );
  });
  it("all negative: strongest where most negative, in the negative colour", () => {
    // From hi = −1 (0) to lo = −3 (1): (hi − v) / (hi − lo).
    const { pixels } = unitMapPixels(Float32Array.from([-1, -3, -2, -3]), 0, 2);
    assert.deepEqual(Array.from(pixels), [...[nr, ng, nb, 128], ...[nr, ng, nb, 255], ...[nr, ng, nb, 0], ...[nr, ng, nb, 255]]);
    assert.deepEqual(Array.from(unitMapPixels(Float32Array.from([-3]), 0, 1).pixels), [nr, ng, nb, 255], "a single value: span 0, full");
  });
  it("a dead unit (0 everywhere) is empty", () => {
    const { pixels, lo, hi } = unitMapPixels(new Float32Array(4), 0, 2);
    assert.deepEqual([lo, hi], [0, 0]);
    assert.ok(
      Array.from(pixels)
        .filter((_, i) => i % 4 === 3)
        .every((a) => a === 0),
    );
  });
});

describe("WCAG's relative luminance", () => {
  it("white 1, black 0, pure red 0.2126, mid grey 0.2159, and the linear part near black", () => {
    assert.equal(luminance([255, 255, 255]), 1);
    assert.equal(luminance([0, 0, 0]), 0);
    assert.ok(Math.abs(luminance([255, 0, 0]) - 0.2126) < 1e-12);
    // ((128/255 + 0.055) / 1.055)^2.4 = 0.52792^2.4 = 0.21586
    assert.ok(Math.abs(luminance([128, 128, 128]) - 0.21586) < 1e-4);
    // 10/255 ≤ 0.04045: the straight part, 10 / 255 / 12.92 = 0.0030352
    assert.ok(Math.abs(luminance([10, 10, 10]) - 0.0030352) < 1e-6);
  });
});
