/**
 * Measures the extension host's event-loop delay while a run trains and logs it when training
 * stops: the evidence that compute stays off the host's main thread (end-to-end scenario 7
 * reads the line from the output channel's log).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";

export class HostLoopDelay {
  private readonly histogram = monitorEventLoopDelay({ resolution: 1 });
  private measuringSince: number | null = null;

  constructor(private readonly log: (line: string) => void) {}

  /** Call whenever the run changes: measuring starts with training and is logged when it ends. */
  update(training: boolean, runId: number | undefined): void {
    if (training && this.measuringSince === null) {
      this.histogram.reset();
      this.histogram.enable();
      this.measuringSince = performance.now();
    } else if (!training && this.measuringSince !== null) {
      this.histogram.disable();
      const seconds = (performance.now() - this.measuringSince) / 1000;
      const ms = (ns: number) => (ns / 1e6).toFixed(1);
      this.log(
        `run ${runId ?? "?"}: extension host event-loop delay while training ${seconds.toFixed(1)} s: p50 ${ms(this.histogram.percentile(50))} ms, p99 ${ms(this.histogram.percentile(99))} ms, max ${ms(this.histogram.max)} ms`,
      );
      this.measuringSince = null;
    }
  }

  dispose(): void {
    this.histogram.disable();
  }
}
