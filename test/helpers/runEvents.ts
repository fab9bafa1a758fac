/** A training run's events and crashes as a test sees them, and a way to wait for one. */
import type { Run, RunListener } from "../../src/extension/trainingRun";
import type { RunEvent } from "../../src/protocol/run";

export function collectRunEvents(onEvent: (e: RunEvent) => void = () => {}) {
  const events: RunEvent[] = [];
  const crashes: string[] = [];
  let notify = () => {};
  const listener: RunListener = {
    event: (_run: Run, e: RunEvent) => {
      events.push(e);
      onEvent(e);
      notify();
    },
    crashed: (_run: Run, reason: string) => {
      crashes.push(reason);
      notify();
    },
  };
  /** Resolves once `ok()` holds, checked at each event; rejects after `ms`. */
  const until = (ok: () => boolean, ms = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timed out")), ms);
      notify = () => {
        if (ok()) {
          clearTimeout(timer);
          resolve();
        }
      };
      notify();
    });
  return { events, crashes, listener, until };
}
