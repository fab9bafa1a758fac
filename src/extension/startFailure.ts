/**
 * Why the shown spec's training could not start: its file could not be read (deleted while the
 * panel stays open) or its worker could not be made. Train, Reset, the restart after an edit or a
 * save and a loss comparison all run through `attempt`, so none of them drops a rejection: the
 * reason is shown in the panel (and again when it reloads) and as a notification.
 */
import { t } from "../core/base/l10n";
import type { HostToWebview } from "../protocol/panel";

export interface StartFailureHost {
  post(message: HostToWebview): void;
  showError(message: string): void;
  runChanged(): void;
}

export class StartFailure {
  private message: string | null = null;

  constructor(
    private readonly host: StartFailureHost,
    private readonly stillShown: () => boolean,
  ) {}

  /** Runs `start`; a rejection is reported, never passed on. A start that succeeds clears the last failure. */
  async attempt(start: () => Promise<boolean>): Promise<void> {
    try {
      if (await start()) this.message = null;
    } catch (e) {
      if (!this.stillShown()) return;
      this.message = t("training could not start: {reason}", { reason: e instanceof Error ? e.message : String(e) });
      this.host.post({ type: "startFailed", message: this.message });
      this.host.showError(this.message);
      this.host.runChanged();
    }
  }

  /** For a panel that (re)loaded. */
  replay(): HostToWebview[] {
    return this.message === null ? [] : [{ type: "startFailed", message: this.message }];
  }
}
