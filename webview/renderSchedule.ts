/**
 * When the panel draws (no DOM: the clock and timers are passed in): an update that must show at
 * once draws at once, the first of a run without waiting, the rest at most once per interval, so
 * a fast run does not redraw every chart for every epoch.
 */

export interface Timers {
  now(): number;
  setTimeout(run: () => void, ms: number): number;
  clearTimeout(id: number | undefined): void;
}

export class RenderSchedule {
  /** The least time between two draws while training (the host's setting). */
  interval = 100;
  private timer: number | undefined;
  private last = 0;

  constructor(
    private readonly draw: () => void,
    private readonly timers: Timers,
  ) {}

  /** `atOnce`: draw now (a pause, stop, end or failure); `first`: the run's first epoch, drawn without waiting. */
  request(atOnce: boolean, first: boolean): void {
    if (atOnce) {
      this.timers.clearTimeout(this.timer);
      this.run();
      return;
    }
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.interval - (this.timers.now() - this.last));
    this.timer = this.timers.setTimeout(() => this.run(), first ? 0 : wait);
  }

  /** Draws now. */
  run(): void {
    this.timer = undefined;
    this.last = this.timers.now();
    this.draw();
  }

  /** Forgets a draw still waiting (a new spec: it would draw the old one's numbers). */
  cancel(): void {
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
