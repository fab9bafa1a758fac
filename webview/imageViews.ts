/**
 * The panel's views of image data, together: the sample gallery, what each first-layer unit
 * looks for, and the draw pad (one-channel images). Each shows only when the run's data are
 * images; main.ts gives them the run and each update.
 */
import type { DrawnImage } from "../src/protocol/images";
import type { MetricsUpdate, RunSummary } from "../src/protocol/run";
import { DrawPadView } from "./drawPad";
import { GalleryView } from "./gallery";
import { UnitImagesView } from "./unitImages";
import "./images.css";

export interface ImageHandlers {
  /** Open the sample card on this sample. */
  open(sample: number): void;
  /** The network's output for the drawing, please. */
  probe(drawn: DrawnImage): void;
  /** Open the sample card on the drawing. */
  openDrawn(): void;
}

export class ImageViews {
  readonly section: HTMLElement;
  readonly gallery: GalleryView;
  readonly units: UnitImagesView;
  readonly pad: DrawPadView;

  constructor(handlers: ImageHandlers) {
    this.gallery = new GalleryView(handlers.open);
    this.units = new UnitImagesView();
    this.pad = new DrawPadView({ probe: handlers.probe, open: handlers.openDrawn });
    this.section = document.createElement("div");
    this.section.className = "images";
    this.section.append(this.gallery.section, this.pad.section, this.units.section);
    this.section.hidden = true;
  }

  setRun(summary: RunSummary): void {
    const images = summary.images ?? null;
    this.section.hidden = !images;
    this.gallery.setRun(images, summary.classNames);
    this.units.reset(Boolean(images) && summary.sizes.length > 2);
    this.pad.setRun(images, summary.classNames);
  }

  show(update: MetricsUpdate): void {
    this.gallery.show(update.gallery);
    this.units.show(update.unitImages);
    this.pad.refresh();
  }
}
