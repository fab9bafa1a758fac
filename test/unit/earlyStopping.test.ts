/** Early stopping on its own: when it stops, which epoch is best, and the weights it keeps and puts back. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EarlyStopping } from "../../src/core/train/earlyStopping";

const params = (v: number) => ({ weights: [Float64Array.of(v, v + 1)], biases: [Float64Array.of(-v)] });

/** Feeds the losses epoch by epoch with weights equal to the epoch number; returns the epoch it stopped at. */
function run(stopper: EarlyStopping, losses: number[], live = params(0)): number | null {
  for (let e = 1; e <= losses.length; e++) {
    live.weights[0].set([e, e + 1]);
    live.biases[0][0] = -e;
    if (stopper.endEpoch(e, losses[e - 1], live)) return e;
  }
  return null;
}

describe("early stopping", () => {
  it("stops `patience` epochs after the best one", () => {
    const s = new EarlyStopping({ patience: 3, minDelta: 0, restoreBest: false }, params(0));
    //            1    2    3    4    5    6    7    8
    const stop = run(s, [1.0, 0.8, 0.7, 0.75, 0.71, 0.9, 0.5, 0.4]);
    assert.equal(stop, 6);
    assert.deepEqual(s.report(), { bestEpoch: 3, bestValLoss: 0.7, stoppedAt: 6, restored: false });
  });

  it("a tie is no improvement; with minDelta a decrease must be larger than it", () => {
    const tie = new EarlyStopping({ patience: 2, minDelta: 0, restoreBest: false }, params(0));
    assert.equal(run(tie, [1, 1, 1, 1]), 3);
    const delta = new EarlyStopping({ patience: 2, minDelta: 0.1, restoreBest: false }, params(0));
    assert.equal(run(delta, [1, 0.95, 0.91, 0.5]), 3, "0.95 and 0.91 are within 0.1 of 1");
    assert.equal(delta.report()?.bestEpoch, 1);
  });

  it("restoreBest puts back the weights recorded at the best epoch", () => {
    const live = params(0);
    const s = new EarlyStopping({ patience: 2, minDelta: 0, restoreBest: true }, live);
    assert.equal(run(s, [3, 2, 2.5, 2.6, 1], live), 4);
    assert.deepEqual([...live.weights[0], ...live.biases[0]], [4, 5, -4], "the live weights are the last epoch's until finish()");
    s.finish(live);
    assert.deepEqual([...live.weights[0], ...live.biases[0]], [2, 3, -2]);
    assert.equal(s.report()?.restored, true);
  });

  it("without restoreBest the weights stay the last epoch's", () => {
    const live = params(0);
    const s = new EarlyStopping({ patience: 1, minDelta: 0, restoreBest: false }, live);
    run(s, [1, 2], live);
    s.finish(live);
    assert.deepEqual([...live.weights[0]], [2, 3]);
  });

  it("a run that keeps improving never stops", () => {
    const s = new EarlyStopping({ patience: 1, minDelta: 0, restoreBest: true }, params(0));
    assert.equal(run(s, [5, 4, 3, 2, 1]), null);
    assert.equal(s.report()?.stoppedAt, null);
    assert.equal(s.report()?.bestEpoch, 5);
  });
});
