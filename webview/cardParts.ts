/** The sample card's small parts: the step's caption per optimizer, its table rows, and copying its pictures to a kept card. */
import { t } from "./l10n";

/** What the step shown is: this sample's gradient alone, as if it were the whole batch; how each optimizer moves. */
export function stepCaption(rule: "sgd" | "momentum" | "adam"): string {
  if (rule === "momentum")
    return t(
      "The step momentum would take if this sample were the whole batch: the weight moves against the velocity v, which carries the earlier steps' gradients too, so it can move the weight the other way from this sample's gradient. Training steps with the mean gradient of each batch.",
    );
  if (rule === "adam")
    return t(
      "The step Adam would take if this sample were the whole batch: the weight moves against m̂ / (√v̂ + ε), running averages of the gradients and of their squares that carry the earlier steps too, so it can move the weight the other way from this sample's gradient. Training steps with the mean gradient of each batch.",
    );
  return t(
    "The step SGD would take if this sample were the whole batch: the weight moves against its gradient (w ← w − lr·g), and this sample's loss falls if the learning rate is small enough. Training steps with the mean gradient of each batch.",
  );
}

/** A cloned canvas is blank: copies each picture of `from` onto the canvas at its place in `to`. */
export function copyCanvases(from: HTMLElement, to: HTMLElement): void {
  const drawn = from.querySelectorAll("canvas");
  to.querySelectorAll("canvas").forEach((c, i) => {
    c.width = drawn[i].width;
    c.height = drawn[i].height;
    c.getContext("2d")?.drawImage(drawn[i], 0, 0);
  });
}

export function row(tag: "td" | "th", cells: string[]): HTMLTableRowElement {
  const tr = document.createElement("tr");
  for (const text of cells) {
    const c = document.createElement(tag);
    c.textContent = text;
    tr.append(c);
  }
  return tr;
}
