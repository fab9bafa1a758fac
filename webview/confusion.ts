/**
 * The confusion matrix as a table, as tfjs-vis shows it: rows are the true classes, columns the
 * predicted ones, each cell a count shaded by its share of the row (blue on the diagonal, where
 * the network is right; vermilion off it). A table, not a chart: a learner reads the counts.
 */
import { type ConfusionMatrix, MAX_CONFUSION_CLASSES, outputClasses } from "../src/core/train/confusion";
import { rgb, SIGN_COLOURS } from "./colours";
import { t } from "./l10n";
import { textOn, theme } from "./theme";

export class ConfusionView {
  readonly section: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly caption: HTMLElement;
  private classNames: string[] = [];
  /** Whether a cell opens its samples in the gallery (image data). */
  private cellsOpen = false;

  /** `onCell`: a cell was chosen (true class, predicted class), to show its samples. */
  constructor(private readonly onCell: (label: number, predicted: number) => void = () => undefined) {
    this.section = document.createElement("section");
    this.section.className = "confusion";
    this.section.dataset.testid = "confusion-matrix";
    this.heading = document.createElement("h3");
    this.table = document.createElement("table");
    this.caption = document.createElement("div");
    this.caption.className = "caption";
    this.section.append(this.heading, this.table, this.caption);
    this.section.hidden = true;
  }

  /** A new run: classification shows the table once its first epoch ends (up to MAX_CONFUSION_CLASSES classes). */
  reset(classNames: string[], classification: boolean, outputUnits: number, cellsOpen = false): void {
    this.classNames = classNames;
    this.cellsOpen = cellsOpen;
    this.section.hidden = !classification;
    this.heading.textContent = t("Confusion matrix");
    this.table.replaceChildren();
    this.caption.textContent =
      outputClasses(outputUnits) > MAX_CONFUSION_CLASSES
        ? t("Not counted for more than {0} classes: a table that size cannot be read.", MAX_CONFUSION_CLASSES)
        : t("Shown when the first epoch ends.");
  }

  show(confusion: ConfusionMatrix | null): void {
    if (!confusion) return;
    const { classes, counts } = confusion;
    const name = (k: number) => this.classNames[k] ?? String(k);
    this.heading.textContent = confusion.of === "validation" ? t("Confusion matrix (validation)") : t("Confusion matrix (training)");
    const head = document.createElement("tr");
    head.append(cell("th", t("true ↓ predicted →")));
    for (let p = 0; p < classes; p++) head.append(cell("th", name(p)));
    const rows = [head];
    let right = 0;
    let total = 0;
    const background = theme().background;
    for (let k = 0; k < classes; k++) {
      const row = document.createElement("tr");
      row.append(cell("th", name(k)));
      let rowTotal = 0;
      for (let p = 0; p < classes; p++) rowTotal += counts[k * classes + p];
      for (let p = 0; p < classes; p++) {
        const count = counts[k * classes + p];
        const td = cell("td", String(count));
        const share = rowTotal > 0 ? count / rowTotal : 0;
        // Blue where right, vermilion where wrong (the panel's positive and negative); the
        // diagonal is also bold, so right and wrong read without colour.
        if (count > 0) {
          const shade = k === p ? SIGN_COLOURS.positive : SIGN_COLOURS.negative;
          const alpha = Number((0.15 + 0.7 * share).toFixed(2));
          td.style.background = rgb(shade, alpha);
          // The count stays readable on its shade in every theme (4.5:1 at least).
          td.style.color = textOn(shade, alpha, background);
        }
        td.dataset.kind = k === p ? "right" : "wrong";
        if (this.cellsOpen) this.opens(td, k, p);
        row.append(td);
        if (k === p) right += count;
        total += count;
      }
      rows.push(row);
    }
    this.table.replaceChildren(...rows);
    this.caption.textContent = t("{0} of {1} samples in the right class", right, total);
    if (this.cellsOpen) this.caption.append(document.createElement("br"), t("Choose a cell to see its samples in the gallery."));
  }

  /** A cell that shows its samples in the gallery when clicked, or with Enter or Space. */
  private opens(td: HTMLTableCellElement, label: number, predicted: number): void {
    td.tabIndex = 0;
    td.classList.add("opens");
    td.title = t("Show the samples of true {0}, predicted {1}", this.classNames[label] ?? String(label), this.classNames[predicted] ?? String(predicted));
    td.addEventListener("click", () => this.onCell(label, predicted));
    td.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        this.onCell(label, predicted);
      }
    });
  }
}

function cell(tag: "td" | "th", text: string): HTMLTableCellElement {
  const c = document.createElement(tag);
  c.textContent = text;
  return c;
}
