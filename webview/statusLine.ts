/**
 * The panel's header lines: the spec's title, "epoch 3 / 10 (batch 2 of 4) · loss 0.33 ·
 * accuracy 50% · 7.3 epochs/s · paused", the status announced to screen readers when it changes
 * (not every epoch), and the banner for an invalid spec or a failure.
 */
import type { MetricsUpdate, RunStatus, RunSummary } from "../src/protocol/run";
import { num, percent } from "./format";
import { statusWord, t } from "./l10n";
import { epochRate } from "./panelNumbers";

function text(tag: string, testid: string, className = ""): HTMLElement {
  const e = document.createElement(tag);
  e.dataset.testid = testid;
  if (className) e.className = className;
  return e;
}

export class StatusLine {
  readonly title = document.createElement("h2");
  readonly epochText = text("span", "epoch", "value");
  readonly totalText = document.createElement("span");
  private readonly batchText = text("span", "batch");
  private readonly lossText = text("span", "loss-value", "value");
  private readonly accuracyText = text("span", "accuracy-value", "value");
  private readonly rateText = text("span", "epochs-per-second");
  private readonly statusText = text("span", "status", "status");
  readonly line = document.createElement("div");
  /** The loss and accuracy parts, hidden while losses are compared. */
  readonly lossPart = document.createElement("span");
  readonly accuracyPart = document.createElement("span");
  // The status word is announced when it changes (training → paused → done), not every epoch.
  readonly announcer = text("div", "announcer", "visually-hidden");
  readonly banner = text("div", "error-banner", "banner");

  constructor() {
    this.line.className = "statusline";
    this.lossPart.append(` · ${t("loss")} `, this.lossText);
    this.accuracyPart.append(" · ", this.accuracyText);
    this.line.append(`${t("epoch")} `, this.epochText, this.totalText, this.batchText, this.lossPart, this.accuracyPart, this.rateText, " · ", this.statusText);
    this.announcer.setAttribute("role", "status");
    this.banner.setAttribute("role", "alert");
    this.banner.hidden = true;
  }

  /** The status word (translated for people; data-status for styles and tools), announced when `changed`. */
  showStatus(s: RunStatus | "none", changed: boolean): void {
    this.statusText.textContent = statusWord(s === "none" ? "waiting" : s);
    this.statusText.dataset.status = s;
    if (changed && s !== "none") this.announcer.textContent = t("Training is {0}.", statusWord(s));
  }

  /** Before any run: "waiting". */
  showWaiting(): void {
    this.statusText.textContent = t("waiting");
  }

  /** The spec does not check: the banner says why, and the status "invalid". */
  showInvalid(): void {
    this.statusText.textContent = t("invalid");
    this.statusText.dataset.status = "invalid";
  }

  showBanner(message: string | null, kind: "invalid" | "error" = "error"): void {
    this.banner.hidden = message === null;
    this.banner.textContent = message ?? "";
    this.banner.dataset.kind = kind;
    document.body.classList.toggle("dimmed", kind === "invalid" && message !== null);
  }

  /** Whether the banner shows an invalid spec (which only "valid" clears). */
  get invalid(): boolean {
    return this.banner.dataset.kind === "invalid";
  }

  /** A new spec: nothing of the last one's numbers. */
  clear(): void {
    for (const e of [this.epochText, this.batchText, this.lossText, this.accuracyText, this.rateText, this.totalText]) e.textContent = "";
  }

  /** A new run, not yet trained. */
  startRun(s: RunSummary): void {
    this.title.textContent = s.name;
    // Which kernels compute the run, on hover (and for tools): a slow run in a browser may have no SIMD.
    this.line.dataset.kernels = s.simd ? "simd" : "typescript";
    this.line.title = s.simd
      ? t("The dense layers' large sums run in WebAssembly SIMD.")
      : t("The dense layers' sums run in TypeScript: this JavaScript engine has no WebAssembly SIMD.");
    this.totalText.textContent = ` / ${s.totalEpochs}`;
    this.epochText.textContent = "0";
    this.batchText.textContent = "";
    this.lossText.textContent = "–";
    this.accuracyText.textContent = "";
    this.rateText.textContent = "";
  }

  /** While losses are compared only how far the runs are shows. */
  setComparing(on: boolean): void {
    for (const part of [this.lossPart, this.accuracyPart]) part.hidden = on;
    if (on) this.rateText.textContent = "";
  }

  /** The update's numbers; `now` the latest epoch's (or the hand-edited network's). */
  show(update: MetricsUpdate, now: { loss: number; accuracy: number; valAccuracy: number | null } | undefined, batchesPerEpoch: number | undefined): void {
    this.epochText.textContent = String(update.epoch);
    this.batchText.textContent = update.batch > 0 ? ` ${t("(batch {0} of {1})", update.batch, batchesPerEpoch ?? "?")}` : "";
    this.lossText.textContent = now ? num(now.loss) : "–";
    this.accuracyText.textContent = now
      ? now.valAccuracy === null
        ? t("accuracy {0}", percent(now.accuracy))
        : t("accuracy {0}, validation {1}", percent(now.accuracy), percent(now.valAccuracy))
      : "";
    if (update.edited) this.accuracyText.textContent += ` ${t("(after your edit)")}`;
    this.accuracyPart.hidden = this.accuracyText.textContent === "";
    this.rateText.textContent = update.epochsPerSecond === null ? "" : ` · ${t("{0} epochs/s", epochRate(update.epochsPerSecond))}`;
  }
}
