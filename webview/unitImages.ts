/**
 * What each first-hidden-layer unit looks for: its incoming weights drawn as an image in the
 * input's shape, blue where a bright pixel raises its sum and vermilion where it lowers it (the
 * edges' colours; a colour image's channels are summed), each scaled to its own largest weight,
 * live as training goes. At most 64 units; the name of each says its largest weight.
 */
import type { UnitImages } from "../src/protocol/images";
import { SIGN_COLOURS } from "./colours";
import { num } from "./format";
import { divergingLegend, paint, pixelCanvas } from "./imageCanvas";
import { divergingPixels } from "./imageMath";
import { t } from "./l10n";

export class UnitImagesView {
  readonly section: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly caption: HTMLElement;
  private canvases: HTMLCanvasElement[] = [];
  private shown: UnitImages | null = null;

  constructor() {
    this.section = document.createElement("section");
    this.section.className = "unit-images";
    this.section.dataset.testid = "unit-images";
    const heading = document.createElement("h3");
    heading.textContent = t("What each unit of layers[1] looks for");
    this.caption = document.createElement("p");
    this.caption.className = "caption";
    this.grid = document.createElement("div");
    this.grid.className = "unit-images-grid";
    this.grid.setAttribute("role", "list");
    this.section.append(heading, this.caption, divergingLegend("", "", t("a bright pixel lowers the unit's sum"), t("raises it")), this.grid);
    this.section.hidden = true;
  }

  /** A new run: shown for image data with a hidden layer, once the first pictures come. */
  reset(images: boolean): void {
    this.section.hidden = !images;
    this.canvases = [];
    this.shown = null;
    this.grid.replaceChildren();
    this.caption.textContent = t("Each unit's incoming weights, one per pixel, as an image; shown when training starts.");
  }

  show(units: UnitImages | null | undefined): void {
    // An update repeats the last pictures until the worker redraws them.
    if (!units || units.version === this.shown?.version || this.section.hidden) return;
    this.shown = units;
    const [h, w, c] = units.shape;
    const inputs = h * w * c;
    if (this.canvases.length !== units.units) {
      this.canvases = [];
      const items = Array.from({ length: units.units }, () => {
        const item = document.createElement("div");
        item.setAttribute("role", "listitem");
        const canvas = pixelCanvas(new Uint8ClampedArray(h * w * 4), w, h, 48);
        canvas.setAttribute("role", "img");
        this.canvases.push(canvas);
        item.append(canvas);
        return item;
      });
      this.grid.replaceChildren(...items);
    }
    for (let j = 0; j < units.units; j++) {
      const canvas = this.canvases[j];
      paint(canvas, divergingPixels(units.weights, j * inputs, h * w, c, 127, SIGN_COLOURS), w, h);
      const name = t("unit {0}: its weights as an image, largest |weight| {1}", j, num(units.scales[j]));
      canvas.setAttribute("aria-label", name);
      canvas.title = name;
    }
    this.caption.textContent =
      units.units < units.of
        ? t("Each unit's incoming weights, one per pixel, as an image, each scaled to its largest |weight|: the first {0} of {1} units.", units.units, units.of)
        : t("Each unit's incoming weights, one per pixel, as an image, each scaled to its largest |weight|: all {0} units.", units.units);
  }
}
