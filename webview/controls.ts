/**
 * The panel's controls: buttons, the loss dropdown (its words the run's summary's), the learning-rate
 * field and the toggles.
 * The only module that uses @vscode/webview-ui-toolkit (deprecated upstream but working): if it
 * must go, only this file changes.
 */
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox, vsCodeDropdown, vsCodeOption, vsCodeTextField } from "@vscode/webview-ui-toolkit";
import { isAllowedLearningRate } from "../src/core/base/limits";
import type { LossName } from "../src/core/nn/losses";
import { PACE_CHOICES, parsePace } from "../src/protocol/pace";
import type { PanelCommand } from "../src/protocol/panel";
import type { Pace, RunStatus, RunSummary } from "../src/protocol/run";
import { t } from "./l10n";

provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeDropdown(), vsCodeOption(), vsCodeTextField());

export interface ControlHandlers {
  command(command: PanelCommand): void;
  setLoss(loss: LossName): void;
  setLearningRate(value: number): void;
  setPace(pace: Pace): void;
  setLogScale(on: boolean): void;
  setEdgeMode(mode: "weight" | "gradient"): void;
  setUnitRings(on: boolean): void;
}

const buttons = (): { command: PanelCommand; label: string; title: string }[] => [
  { command: "train", label: t("Train"), title: t("Train from the start (or go on when paused)") },
  { command: "pause", label: t("Pause"), title: t("Pause training") },
  { command: "resume", label: t("Resume"), title: t("Go on training") },
  { command: "step", label: t("Step"), title: t("Train one batch, then pause") },
  { command: "stepEpoch", label: t("Step epoch"), title: t("Train one epoch, then pause") },
  { command: "stop", label: t("Stop"), title: t("End this run") },
  { command: "reset", label: t("Reset"), title: t("Start again from fresh weights, paused") },
];

/** The speed menu's words for each pace. */
const paceLabel = (pace: Pace): string =>
  pace === "auto" ? t("watchable") : pace === "max" ? t("max") : pace === "slow" ? t("1 batch/s") : pace === 1 ? t("1 epoch/s") : t("{0} epochs/s", pace);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = ""): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
}

/** A toolkit element (a custom element, so TypeScript knows only what we say it has). */
function toolkit<T extends object>(tag: string, attrs: Record<string, string> = {}, text = ""): HTMLElement & T {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e as HTMLElement & T;
}

type Valued = { value: string };
type Checkable = { checked: boolean };

export class Controls {
  readonly element = el("div", { class: "controls" });
  private readonly buttons = new Map<PanelCommand, HTMLElement>();
  private readonly lossSelect: HTMLElement & Valued;
  private readonly learningRate: HTMLElement & Valued;
  private readonly pace: HTMLElement & Valued;
  /** The losses the dropdown offers now (those that suit the run's output). */
  private offered: readonly LossName[] = [];
  private readonly logScale: HTMLElement & Checkable;
  private readonly edgeMode: HTMLElement & Checkable;
  private readonly unitRings: HTMLElement & Checkable;

  constructor(handlers: ControlHandlers, initial: { logScale: boolean; edgeMode: "weight" | "gradient"; unitRings: boolean }) {
    const buttonRow = el("div", { class: "buttons" });
    for (const b of buttons()) {
      const button = toolkit(
        "vscode-button",
        { appearance: b.command === "train" ? "primary" : "secondary", title: b.title, "data-testid": `button-${b.command}` },
        b.label,
      );
      button.addEventListener("click", () => handlers.command(b.command));
      this.buttons.set(b.command, button);
      buttonRow.append(button);
    }

    this.lossSelect = toolkit<Valued>("vscode-dropdown", {
      "data-testid": "loss-select",
      title: t("Loss function: switching it edits the spec and restarts training"),
    });
    this.lossSelect.addEventListener("change", () => handlers.setLoss(this.lossSelect.value as LossName));

    this.pace = toolkit<Valued>("vscode-dropdown", {
      "data-testid": "pace-select",
      title: t("How fast training runs: watchable paces small networks so a run lasts a few seconds; max trains as fast as the machine can"),
    });
    for (const pace of PACE_CHOICES) this.pace.append(toolkit("vscode-option", { value: String(pace) }, paceLabel(pace)));
    this.pace.addEventListener("change", () => handlers.setPace(parsePace(this.pace.value)));

    this.learningRate = toolkit<Valued>("vscode-text-field", {
      size: "6",
      "data-testid": "learning-rate",
      title: t("Learning rate: written into the spec and applied to the running training at once"),
    });
    this.learningRate.addEventListener("change", () => {
      const value = Number(this.learningRate.value);
      if (isAllowedLearningRate(value)) handlers.setLearningRate(value);
    });

    this.logScale = toolkit<Checkable>("vscode-checkbox", { "data-testid": "log-scale" }, t("log scale"));
    this.logScale.checked = initial.logScale;
    this.logScale.addEventListener("change", () => handlers.setLogScale(this.logScale.checked));

    this.edgeMode = toolkit<Checkable>(
      "vscode-checkbox",
      {
        "data-testid": "edge-mode",
        title: t(
          "Colour each edge by its last gradient instead of its weight: an SGD step moves each weight against its gradient's sign (w ← w − lr·g); momentum and Adam step along running averages of the gradients, which can point the other way",
        ),
      },
      t("edges by gradient"),
    );
    this.edgeMode.checked = initial.edgeMode === "gradient";
    this.edgeMode.addEventListener("change", () => handlers.setEdgeMode(this.edgeMode.checked ? "gradient" : "weight"));

    this.unitRings = toolkit<Checkable>(
      "vscode-checkbox",
      {
        "data-testid": "unit-rings",
        title: t(
          "Ring each unit by its mean |δ| (∂L/∂z) over the last epoch, on a log scale: thick where the gradient is large, dashed where it is under a ten-thousandth of the largest or 0 (a dead unit)",
        ),
      },
      t("units by |δ|"),
    );
    this.unitRings.checked = initial.unitRings;
    this.unitRings.addEventListener("change", () => handlers.setUnitRings(this.unitRings.checked));

    const settings = el("div", { class: "settings" });
    this.lossSelect.setAttribute("aria-label", t("loss function"));
    this.learningRate.setAttribute("aria-label", t("learning rate"));
    this.pace.setAttribute("aria-label", t("speed"));
    settings.append(
      el("label", {}, t("loss")),
      this.lossSelect,
      el("label", {}, t("lr")),
      this.learningRate,
      el("label", {}, t("speed")),
      this.pace,
      this.logScale,
      this.edgeMode,
      this.unitRings,
    );
    this.element.append(buttonRow, settings);
  }

  /** Shows the pace the host says is in use. */
  setPace(pace: Pace): void {
    this.pace.value = String(pace);
  }

  /** Enables the buttons that make sense in `status`, and shows the run's loss (among those that suit it) and learning rate. */
  update(status: RunStatus | "none", summary?: RunSummary): void {
    const enabled: Record<PanelCommand, boolean> = {
      train: true,
      pause: status === "training",
      resume: status === "paused",
      step: status === "paused",
      stepEpoch: status === "paused",
      stop: status === "training" || status === "paused",
      reset: status !== "none",
    };
    for (const [command, button] of this.buttons) {
      if (enabled[command]) button.removeAttribute("disabled");
      else button.setAttribute("disabled", "");
    }
    if (summary && summary.suitableLosses.join() !== this.offered.join()) {
      this.offered = summary.suitableLosses;
      this.lossSelect.replaceChildren(...summary.suitableLosses.map((loss) => toolkit("vscode-option", { value: loss }, summary.lossLabels[loss] ?? loss)));
    }
    if (summary && this.lossSelect.value !== summary.loss) this.lossSelect.value = summary.loss;
    if (summary && document.activeElement !== this.learningRate) this.learningRate.value = String(summary.learningRate);
  }
}
