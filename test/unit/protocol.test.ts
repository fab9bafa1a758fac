/** The host acts only on well-formed webview messages; the worker's updates stay small. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Envelope, movableBuffers, type Port, serveRequests } from "../../src/protocol/messaging";
import { parseWebviewMessage } from "../../src/protocol/panelValidation";
import { decimate, UpdateClock } from "../../src/worker/throttle";

describe("webview messages are validated before the host acts", () => {
  it("accepts the messages of the protocol", () => {
    assert.deepEqual(parseWebviewMessage({ type: "ready" }), { type: "ready" });
    assert.deepEqual(parseWebviewMessage({ type: "command", command: "stepEpoch" }), { type: "command", command: "stepEpoch" });
    assert.deepEqual(parseWebviewMessage({ type: "setLoss", loss: "mae" }), { type: "setLoss", loss: "mae" });
    assert.deepEqual(parseWebviewMessage({ type: "setLearningRate", value: 0.5 }), { type: "setLearningRate", value: 0.5 });
    assert.deepEqual(parseWebviewMessage({ type: "setPace", pace: 30 }), { type: "setPace", pace: 30 });
    assert.deepEqual(parseWebviewMessage({ type: "card", sample: 3, unit: { layer: 1, unit: 0 }, parameter: { layer: 1, from: "bias", to: 0 } }), {
      type: "card",
      sample: 3,
      unit: { layer: 1, unit: 0 },
      parameter: { layer: 1, from: "bias", to: 0 },
    });
    assert.deepEqual(parseWebviewMessage({ type: "lossAlong", parameter: { layer: 2, from: 1, to: 0 } }), {
      type: "lossAlong",
      parameter: { layer: 2, from: 1, to: 0 },
    });
    assert.deepEqual(parseWebviewMessage({ type: "setParameter", parameter: { layer: 1, from: 0, to: 1 }, value: -0.5 }), {
      type: "setParameter",
      parameter: { layer: 1, from: 0, to: 1 },
      value: -0.5,
    });
  });

  it("rejects anything else", () => {
    for (const bad of [
      null,
      "ready",
      42,
      {},
      { type: "command", command: "rm -rf" },
      { type: "command" },
      { type: "setLoss", loss: "l3" },
      { type: "setLearningRate", value: Number.NaN },
      { type: "setLearningRate", value: -1 },
      { type: "setLearningRate", value: 1e9 },
      { type: "setLearningRate", value: "0.1" },
      { type: "eval", code: "alert(1)" },
      { type: "setLearningRate", value: 0 },
      { type: "setPace", pace: "warp" },
      { type: "card", sample: -1, unit: null, parameter: null },
      { type: "card", sample: 1.5, unit: null, parameter: null },
      { type: "card", sample: 0, unit: { layer: 0, unit: 0 }, parameter: null },
      { type: "lossAlong", parameter: { layer: 1, from: "weights", to: 0 } },
      { type: "lossAlong", parameter: { layer: 1, from: 0 } },
      { type: "setParameter", parameter: { layer: 1, from: 0, to: 0 }, value: Number.NaN },
      { type: "setParameter", parameter: { layer: 1, from: 0, to: 0 }, value: "1" },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it("drops extra fields instead of passing them on", () => {
    assert.deepEqual(parseWebviewMessage({ type: "command", command: "pause", extra: "x" }), { type: "command", command: "pause" });
  });
});

describe("throttling", () => {
  it("decimate keeps at most the limit, evenly spaced, always the first and the last", () => {
    const items = Array.from({ length: 10_000 }, (_, i) => i);
    const kept = decimate(items, 200);
    assert.equal(kept.length, 200);
    assert.equal(kept[0], 0);
    assert.equal(kept[199], 9999);
    assert.deepEqual(decimate([1, 2, 3], 200), [1, 2, 3]);
  });

  it("the first update is due at once, then one per interval", () => {
    let now = 1000;
    const clock = new UpdateClock(100, () => now);
    assert.ok(clock.due());
    clock.mark();
    now += 50;
    assert.ok(!clock.due());
    now += 50;
    assert.ok(clock.due());
  });
});

describe("file bytes move to a worker only when nothing else shares their buffer", () => {
  it("moves a Uint8Array that spans its buffer, once, and copies views into larger or pooled buffers", () => {
    const whole = new Uint8Array(16);
    const shared = new ArrayBuffer(32);
    const pooled = Buffer.from("a,b\n1,2\n"); // small Buffers are views into Node's shared pool
    assert.ok(pooled.byteLength < pooled.buffer.byteLength, "the pool is larger than the Buffer");
    assert.deepEqual(movableBuffers([whole, whole, new Uint8Array(shared, 0, 8), new Uint8Array(shared, 8), pooled, { error: "missing" }]), [whole.buffer]);
  });
});

describe("replies move their bytes only for the methods that say so", () => {
  it("a result file moves to the asker; any other reply's bytes are copied, so the answering side keeps what it holds", async () => {
    const sent: { message: Envelope; transfer?: ArrayBuffer[] }[] = [];
    const port = { postMessage: (message: Envelope, transfer?: ArrayBuffer[]) => sent.push({ message, transfer }), on: () => port };
    const file = new Uint8Array(8);
    const kept = new Uint8Array(8);
    const receive = serveRequests<{ file: { params: null; result: { file: Uint8Array } }; cache: { params: null; result: { bytes: Uint8Array } } }, never>(
      port as unknown as Port,
      { file: () => ({ file }), cache: () => ({ bytes: kept }) },
      () => undefined,
      ["file"],
    );
    await receive({ kind: "request", id: 1, method: "file", params: null });
    await receive({ kind: "request", id: 2, method: "cache", params: null });
    assert.deepEqual(sent[0].transfer, [file.buffer]);
    assert.equal(sent[1].transfer, undefined);
  });
});
