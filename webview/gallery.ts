/**
 * The sample gallery: images of the data with their label, the network's guess and its
 * probability, refreshed as training goes (tfjs-vis's sample grid, with the guesses). Filters:
 * all, the mistakes (most confident first), or one confusion-matrix cell's samples. Each image is
 * a button that opens the sample card; its name says the label and the guess, and a mark (✓ or ✗)
 * and a dashed outline say a mistake without colour.
 */
import { GALLERY_SHOWN, type GalleryImages, type GalleryPredictions } from "../src/protocol/images";
import { percent } from "./format";
import { pixelCanvas } from "./imageCanvas";
import { type GalleryFilter, galleryOrder, imagePixels } from "./imageMath";
import { t } from "./l10n";

export class GalleryView {
  readonly section: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly buttons: HTMLButtonElement[];
  private images: GalleryImages | null = null;
  private classNames: string[] = [];
  private guesses: GalleryPredictions | null = null;
  private filter: GalleryFilter = { kind: "all" };
  /** Each image's list item once made (by its index in the gallery's set), and the order shown. */
  private items = new Map<number, { item: HTMLElement; button: HTMLButtonElement; text: HTMLElement; spoken: HTMLElement }>();
  private order: number[] = [];

  constructor(private readonly open: (sample: number) => void) {
    this.section = document.createElement("section");
    this.section.className = "gallery";
    this.section.dataset.testid = "sample-gallery";
    const heading = document.createElement("h3");
    heading.textContent = t("Samples and the network's guesses");
    const bar = document.createElement("div");
    bar.className = "gallery-filters";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", t("Which samples to show"));
    const all = this.filterButton(t("All"), "gallery-all", { kind: "all" });
    const mistakes = this.filterButton(t("Mistakes, most confident first"), "gallery-mistakes", { kind: "mistakes" });
    this.buttons = [all, mistakes];
    bar.append(all, mistakes);
    this.caption = document.createElement("p");
    this.caption.className = "caption";
    this.caption.dataset.testid = "gallery-caption";
    this.caption.setAttribute("aria-live", "polite");
    this.grid = document.createElement("div");
    this.grid.className = "gallery-grid";
    this.grid.setAttribute("role", "list");
    this.section.append(heading, bar, this.caption, this.grid);
    this.section.hidden = true;
  }

  /** A new run: the gallery shows when its data are images of classes. */
  setRun(images: GalleryImages | null | undefined, classNames: string[]): void {
    this.images = images ?? null;
    this.classNames = classNames;
    this.guesses = null;
    this.filter = { kind: "all" };
    this.items = new Map();
    this.order = [];
    this.grid.replaceChildren();
    this.section.hidden = !this.images;
    this.draw();
  }

  show(guesses: GalleryPredictions | null | undefined): void {
    // An update repeats the last guesses until the worker recomputes them.
    if (!guesses || guesses.version === this.guesses?.version) return;
    this.guesses = guesses;
    this.draw();
  }

  /** The samples of one cell of the confusion matrix (true class `label`, predicted `predicted`). */
  showCell(label: number, predicted: number): void {
    if (!this.images) return;
    this.filter = { kind: "cell", label, predicted };
    this.draw();
    this.section.scrollIntoView?.({ block: "nearest" });
  }

  private filterButton(text: string, testid: string, filter: GalleryFilter): HTMLButtonElement {
    const b = document.createElement("button");
    b.textContent = text;
    b.dataset.testid = testid;
    b.addEventListener("click", () => {
      this.filter = filter;
      this.draw();
    });
    return b;
  }

  private name(k: number): string {
    return this.classNames[k] ?? String(k);
  }

  private draw(): void {
    const images = this.images;
    if (!images) return;
    const kind = this.filter.kind;
    this.buttons[0].setAttribute("aria-pressed", String(kind === "all"));
    this.buttons[1].setAttribute("aria-pressed", String(kind === "mistakes"));
    const order = galleryOrder(images, this.guesses, this.filter);
    // Items are made once per image and updated in place, so a focused image keeps its focus
    // while the guesses change; the list is rebuilt only when the order changes.
    const items = order.map((i) => this.item(i));
    const same = order.length === this.order.length && order.every((v, k) => v === this.order[k]);
    if (!same) {
      const focused = document.activeElement;
      this.grid.replaceChildren(...items);
      if (focused instanceof HTMLElement && this.grid.contains(focused)) focused.focus();
      this.order = order;
    }
    this.caption.textContent = this.describe(order.length);
  }

  /** The list item of gallery image `i`, made once, with the current guess written in. */
  private item(i: number): HTMLElement {
    const images = this.images as GalleryImages;
    let made = this.items.get(i);
    if (!made) {
      const item = document.createElement("div");
      item.setAttribute("role", "listitem");
      const button = document.createElement("button");
      button.className = "gallery-item";
      button.dataset.sample = String(images.samples[i]);
      const [h, w] = images.shape;
      const text = document.createElement("span");
      text.setAttribute("aria-hidden", "true");
      // The name is the sentence (read by screen readers); the mark and arrows are for the eye.
      const spoken = document.createElement("span");
      spoken.className = "visually-hidden";
      button.append(pixelCanvas(imagePixels(images.pixels, i, images.shape), w, h, 56), text, spoken);
      button.addEventListener("click", () => this.open(images.samples[i]));
      item.append(button);
      made = { item, button, text, spoken };
      this.items.set(i, made);
    }
    const { button, text, spoken } = made;
    const guesses = this.guesses;
    const label = this.name(images.labels[i]);
    let name: string;
    if (guesses) {
      const guess = this.name(guesses.predicted[i]);
      const right = guesses.predicted[i] === images.labels[i];
      const p = percent(guesses.probability[i]);
      button.dataset.right = String(right);
      text.textContent = `${right ? "✓" : "✗"} ${label} → ${guess} ${p}`;
      name = right
        ? t("sample {0}: label {1}, guessed {2} at {3}, right", images.samples[i], label, guess, p)
        : t("sample {0}: label {1}, guessed {2} at {3}, wrong", images.samples[i], label, guess, p);
    } else {
      text.textContent = label;
      name = t("sample {0}: label {1}", images.samples[i], label);
    }
    spoken.textContent = name;
    button.title = name;
    return made.item;
  }

  private describe(shown: number): string {
    const images = this.images as GalleryImages;
    const of = images.validation.some(Boolean) ? t("validation samples") : t("training samples");
    const f = this.filter;
    if (f.kind === "cell")
      return t("True {0}, predicted {1}: {2} of the gallery's {3} {4}.", this.name(f.label), this.name(f.predicted), shown, images.samples.length, of);
    if (f.kind === "mistakes") {
      if (!this.guesses) return t("The guesses come when training starts.");
      return shown === 0
        ? t("No mistakes among the gallery's {0} {1}.", images.samples.length, of)
        : t("{0} mistakes shown (at most {1}), most confident first, of the gallery's {2} {3}.", shown, GALLERY_SHOWN, images.samples.length, of);
    }
    return t("The first {0} of the gallery's {1} {2}; each opens its sample card.", shown, images.samples.length, of);
  }
}
