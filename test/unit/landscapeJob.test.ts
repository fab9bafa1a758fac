/**
 * The panel's landscape in the worker: a slice at a time, the same figures as computed at once,
 * resting three times as long as it works while the run trains, and cancelled by a newer ask.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { landscapeOf } from "../../src/core/landscape/landscape";
import { Trainer } from "../../src/core/train/trainer";
import { landscapeAsk } from "../../src/protocol/landscape";
import { parseWebviewMessage } from "../../src/protocol/panelValidation";
import { LandscapeJobs, TRAINING_SHARE } from "../../src/worker/landscapeJob";
import { readExample } from "../helpers/examples";
import { loadText } from "../helpers/load";

/** A clock that moves 1 ms each time it is read, and a queue of deferred work run by hand. */
function harness(training: boolean) {
  let time = 0;
  const queue: { work: () => void; delay: number }[] = [];
  const trainer = new Trainer(loadText(readExample("xor.nnspec.json")));
  const jobs = new LandscapeJobs(
    trainer,
    () => training,
    (work, delay) => queue.push({ work, delay }),
    () => time++,
  );
  trainer.watch({ endEpoch: () => jobs.record() });
  for (let e = 0; e < 20; e++) trainer.stepEpoch();
  const drain = () => {
    const delays: number[] = [];
    while (queue.length) {
      const next = queue.shift() as { work: () => void; delay: number };
      delays.push(next.delay);
      next.work();
    }
    return delays;
  };
  return { trainer, jobs, drain };
}

describe("the landscape in the run's worker", () => {
  it("gives the figures computed at once, with the path of every epoch, in slices", async () => {
    const { trainer, jobs, drain } = harness(false);
    const asked = jobs.ask({ action: "compute", directions: "path", grid: 9 });
    const delays = drain();
    const view = await asked;
    assert.ok(view);
    assert.ok(delays.length > 5, `${delays.length} slices`);
    assert.ok(
      delays.every((d) => d === 0),
      "paused: no rest between slices",
    );
    const whole = landscapeOf(trainer, jobs.path, { directions: "path", grid: 9 });
    assert.deepEqual(view.surfaces, whole.surfaces);
    assert.deepEqual(view.accuracy, whole.accuracy);
    assert.deepEqual(
      view.path.map((p) => p.epoch),
      Array.from({ length: 21 }, (_, e) => e),
    );
    assert.equal(view.epoch, 20);
    assert.ok(!("d1" in view), "the directions stay in the worker");
  });

  it("rests three times as long as each slice while the run trains", async () => {
    const { jobs, drain } = harness(true);
    const asked = jobs.ask({ action: "compute", directions: "random", grid: 9 });
    const rests = drain().slice(1);
    assert.ok(await asked);
    assert.ok(rests.length > 0 && rests.every((d) => d === (8 * (1 - TRAINING_SHARE)) / TRAINING_SHARE), `${rests}`);
  });

  it("answers null to an ask that a newer one or a cancel ends", async () => {
    const { jobs, drain } = harness(false);
    const first = jobs.ask({ action: "compute", directions: "path", grid: 41 });
    const second = jobs.ask({ action: "compute", directions: "path", grid: 5 });
    drain();
    assert.equal(await first, null);
    assert.ok(await second);
    const third = jobs.ask({ action: "compute", directions: "path", grid: 41 });
    assert.equal(await jobs.ask({ action: "cancel" }), null);
    drain();
    assert.equal(await third, null);
  });

  it("takes from the panel only a well-formed ask", () => {
    assert.deepEqual(landscapeAsk({ action: "compute", directions: "random", grid: 41 }), { action: "compute", directions: "random", grid: 41 });
    assert.deepEqual(landscapeAsk({ action: "cancel" }), { action: "cancel" });
    for (const bad of [
      null,
      {},
      { action: "compute", directions: "pca", grid: 41 },
      { action: "compute", directions: "path", grid: 40 },
      { action: "compute", directions: "path", grid: 1001 },
    ]) {
      assert.equal(landscapeAsk(bad), undefined, JSON.stringify(bad));
    }
    assert.deepEqual(parseWebviewMessage({ type: "landscape", ask: { action: "cancel" } }), { type: "landscape", ask: { action: "cancel" } });
    assert.equal(parseWebviewMessage({ type: "landscape", ask: { action: "compute", directions: "path", grid: "41" } }), undefined);
  });
});

it("ends the path at the weights now, also after a hand edit since the last epoch", async () => {
  const { trainer, jobs, drain } = harness(false);
  trainer.setParameter({ layer: 1, from: 0, to: 0 }, 3);
  const asked = jobs.ask({ action: "compute", directions: "path", grid: 5 });
  drain();
  const view = await asked;
  assert.ok(view);
  const end = view.path[view.path.length - 1];
  assert.equal(end.epoch, 20);
  assert.ok(Math.abs(end.alpha) < 1e-9 && Math.abs(end.beta) < 1e-9, `${end.alpha}, ${end.beta}`);
  assert.equal(view.path[view.path.length - 2].epoch, 20, "the epoch's own weights stay on the path before the edit");
});
