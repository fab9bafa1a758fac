/**
 * The host's event-loop delay while a run trains, where Node's perf_hooks are missing (a
 * browser): a timer asks to run every 10 ms, and how late it runs is the delay. Logged when
 * training stops, in the line loopDelay.ts writes under Node.
 */
const INTERVAL_MS = 10;

export class IntervalLoopDelay {
  private timer: ReturnType<typeof setInterval> | undefined;
  private delays: number[] = [];
  private since = 0;

  constructor(private readonly log: (line: string) => void) {}

  update(training: boolean, runId: number | undefined): void {
    if (training && this.timer === undefined) {
      this.delays = [];
      this.since = performance.now();
      let expected = this.since + INTERVAL_MS;
      this.timer = setInterval(() => {
        const now = performance.now();
        this.delays.push(Math.max(0, now - expected));
        expected = now + INTERVAL_MS;
      }, INTERVAL_MS);
    } else if (!training && this.timer !== undefined) {
      this.stop();
      const sorted = this.delays.sort((a, b) => a - b);
      const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0).toFixed(1);
      const seconds = ((performance.now() - this.since) / 1000).toFixed(1);
      this.log(
        `run ${runId ?? "?"}: extension host event-loop delay while training ${seconds} s: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`,
      );
    }
  }

  dispose(): void {
    this.stop();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
