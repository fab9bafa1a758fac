/**
 * The layer diagram's input when it is an image: one block showing a picture (the first
 * gallery image, or the sample the card shows) and its shape, "28 × 28 image", rather than 784
 * circles and "+774".
 */
import type { GalleryImages } from "../src/protocol/images";
import { paint } from "./imageCanvas";
import { imagePixels, inputBytes } from "./imageMath";
import { t } from "./l10n";

const NS = "http://www.w3.org/2000/svg";
const SIDE = 64;

export interface InputBlock {
  element: SVGGElement;
  /** Shows a sample's inputs (byte × scale + offset), or with null the first gallery image. */
  show(input: readonly number[] | null): void;
}

/** The shape in words: "28 × 28 image", "32 × 32 × 3 image". */
export function imageShapeText(shape: readonly number[]): string {
  const [h, w, c] = shape;
  return c === 1 ? t("{0} × {1} image", h, w) : t("{0} × {1} × {2} image", h, w, c);
}

export function inputBlock(x: number, y: number, images: GalleryImages, colours: { foreground: string; background: string }): InputBlock {
  const g = document.createElementNS(NS, "g");
  g.dataset.testid = "input-image-block";
  g.setAttribute("role", "img");
  g.setAttribute("aria-label", t("The input: one {0}, {1} inputs", imageShapeText(images.shape), images.shape[0] * images.shape[1] * images.shape[2]));
  const attrs = (e: Element, a: Record<string, string | number>) => {
    for (const [k, v] of Object.entries(a)) e.setAttribute(k, String(v));
    return e;
  };
  const box = attrs(document.createElementNS(NS, "rect"), {
    x: x - SIDE / 2 - 2,
    y: y - SIDE / 2 - 2,
    width: SIDE + 4,
    height: SIDE + 4,
    fill: colours.background,
    stroke: colours.foreground,
    "stroke-width": 1.5,
  });
  const image = attrs(document.createElementNS(NS, "image"), { x: x - SIDE / 2, y: y - SIDE / 2, width: SIDE, height: SIDE, preserveAspectRatio: "none" });
  image.setAttribute("style", "image-rendering: pixelated");
  g.append(box, image);
  const canvas = document.createElement("canvas");
  const [h, w] = images.shape;
  const show = (input: readonly number[] | null) => {
    const pixels = input ? imagePixels(inputBytes(input, images.scale, images.offset), 0, images.shape) : imagePixels(images.pixels, 0, images.shape);
    if (!input && images.samples.length === 0) return;
    paint(canvas, pixels, w, h);
    image.setAttribute("href", canvas.toDataURL());
  };
  show(null);
  return { element: g, show };
}
