/** Waiting for a pause in typing before checking and restarting. */
import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import { KeyedDebounce } from "../../src/extension/debounce";

describe("debounce", () => {
  it("runs once, after the last of a burst of requests", () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const debounce = new KeyedDebounce<string>();
      const ran: string[] = [];
      for (let i = 0; i < 5; i++) {
        debounce.schedule("spec", 250, () => ran.push(`check ${i}`));
        mock.timers.tick(100);
      }
      assert.deepEqual(ran, [], "nothing while typing goes on");
      mock.timers.tick(250);
      assert.deepEqual(ran, ["check 4"], "one check, of the latest text");
      assert.equal(debounce.pending, 0);
    } finally {
      mock.timers.reset();
    }
  });

  it("keeps keys apart, and cancel or dispose drop pending work", () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const debounce = new KeyedDebounce<string>();
      const ran: string[] = [];
      debounce.schedule("a", 100, () => ran.push("a"));
      debounce.schedule("b", 100, () => ran.push("b"));
      debounce.schedule("restart", 800, () => ran.push("restart"));
      debounce.cancel("b");
      mock.timers.tick(100);
      assert.deepEqual(ran, ["a"]);
      debounce.dispose();
      mock.timers.tick(1000);
      assert.deepEqual(ran, ["a"]);
    } finally {
      mock.timers.reset();
    }
  });
});
