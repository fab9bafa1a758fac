/**
 * Under the layer diagram, what is picked: its words, "Loss along this weight", a field to set
 * the weight or bias by hand (only while training is paused) and "Unpick".
 */
import { t } from "./l10n";

export interface PickedActions {
  lossAlong(): void;
  /** A new value typed for the picked weight or bias (already checked to be a finite number). */
  set(value: number): void;
  unpick(): void;
}

export class PickedBox {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private readonly along: HTMLButtonElement;
  private readonly field: HTMLInputElement;
  private readonly setButton: HTMLButtonElement;
  /** Whether a value may be set now (something settable is picked and training is paused). */
  private settable = false;

  constructor(actions: PickedActions) {
    this.element = document.createElement("div");
    this.element.className = "picked";
    this.element.dataset.testid = "picked";
    this.element.hidden = true;
    this.text = document.createElement("span");
    this.along = document.createElement("button");
    this.along.textContent = t("Loss along this weight");
    this.along.dataset.testid = "loss-along-button";
    this.along.addEventListener("click", () => actions.lossAlong());
    this.field = document.createElement("input");
    this.field.type = "text";
    this.field.size = 8;
    this.field.dataset.testid = "set-parameter";
    this.field.setAttribute("aria-label", t("new value"));
    this.setButton = document.createElement("button");
    this.setButton.textContent = t("Set");
    this.setButton.dataset.testid = "set-parameter-button";
    const set = () => {
      const value = Number(this.field.value.replace("−", "-"));
      if (this.settable && this.field.value.trim() !== "" && Number.isFinite(value)) actions.set(value);
    };
    this.setButton.addEventListener("click", set);
    this.field.addEventListener("keydown", (e) => {
      if (e.key === "Enter") set();
    });
    const unpick = document.createElement("button");
    unpick.textContent = t("Unpick");
    unpick.addEventListener("click", () => actions.unpick());
    this.element.append(this.text, this.along, this.field, this.setButton, unpick);
  }

  /** Hides the box (`text` null) or shows it; `canAct`: the item has a weight or bias; `editable`: training is paused. */
  show(text: string | null, canAct = false, editable = false): void {
    this.element.hidden = text === null;
    this.settable = canAct && editable;
    if (text === null) return;
    this.text.textContent = `${t("Picked:")} ${text}`;
    this.along.disabled = !canAct;
    this.field.disabled = !canAct || !editable;
    this.setButton.disabled = !canAct || !editable;
    this.field.title = editable
      ? t("Type a new value and press Enter: the loss, accuracy, boundary and card update at once")
      : t("Pause training to set a weight by hand");
  }
}
