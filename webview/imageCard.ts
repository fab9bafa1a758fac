/**
 * The sample card's part for an image: the picture; ∂loss/∂pixel drawn as an image of the same
 * shape in diverging colours with its legend (which pixels, made brighter, push this sample's
 * loss up, and which down); the output's probabilities as bars beside the one-hot target (the
 * lesson's [0.8, 0.2] against [1, 0], for every class); and the sample's loss under each loss
 * function. Numbers are written beside every bar, so nothing is told by colour or length alone.
 */
import type { GalleryImages } from "../src/protocol/images";
import type { SampleCard } from "../src/protocol/run";
import { SIGN_COLOURS } from "./colours";
import { num, percent } from "./format";
import { divergingLegend, pixelCanvas } from "./imageCanvas";
import { divergingPixels, imagePixels, inputBytes } from "./imageMath";
import { t } from "./l10n";

export function imageCardParts(card: SampleCard, images: GalleryImages): HTMLElement[] {
  const { trace } = card;
  const [h, w, c] = images.shape;
  const pictures = document.createElement("div");
  pictures.className = "card-pictures";
  const picture = figure(
    pixelCanvas(imagePixels(inputBytes(trace.input, images.scale, images.offset), 0, images.shape), w, h, 112),
    t("The input"),
    "card-image",
  );
  let largest = 0;
  for (const g of trace.inputGradient) largest = Math.max(largest, Math.abs(g));
  const gradient = figure(
    pixelCanvas(divergingPixels(trace.inputGradient, 0, h * w, c, largest / c, SIGN_COLOURS), w, h, 112),
    t("∂loss/∂pixel"),
    "input-gradient",
  );

  gradient.setAttribute(
    "aria-label",
    t(
      "The gradient of this sample's loss with respect to each pixel, largest |∂loss/∂pixel| {0}: blue pixels made brighter raise the loss, vermilion ones lower it.",
      num(largest),
    ),
  );
  pictures.append(picture, gradient);
  // The legend under both pictures, so they stand side by side in a narrow card.
  const legend = divergingLegend(num(largest), num(largest), t("brighter lowers the loss"), t("brighter raises it"));
  legend.dataset.testid = "input-gradient-legend";
  return [pictures, legend, outputBars(card), lossList(card)];
}

function figure(canvas: HTMLCanvasElement, caption: string, testid: string): HTMLElement {
  const f = document.createElement("figure");
  f.dataset.testid = testid;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", caption);
  const text = document.createElement("figcaption");
  text.textContent = caption;
  f.append(canvas, text);
  return f;
}

/** Each class's output probability and its target, side by side, with their numbers. */
function outputBars(card: SampleCard): HTMLElement {
  const { trace } = card;
  const table = document.createElement("table");
  table.className = "card-bars";
  table.dataset.testid = "card-output-bars";
  const caption = document.createElement("caption");
  caption.textContent = t("The output beside the target: the probabilities the network gives each class, and the one-hot answer");
  const head = document.createElement("tr");
  for (const text of [t("class"), t("output"), t("target")]) {
    const th = document.createElement("th");
    th.textContent = text;
    head.append(th);
  }
  const single = trace.output.length === 1;
  const output = single ? [1 - trace.output[0], trace.output[0]] : trace.output;
  const target = single ? [1 - trace.target[0], trace.target[0]] : trace.target;
  const rows = output.map((p, k) => {
    const tr = document.createElement("tr");
    const name = document.createElement("th");
    name.textContent = trace.classNames?.[k] ?? String(k);
    tr.append(name, barCell(p, "output"), barCell(target[k], "target"));
    if (target[k] === 1) tr.dataset.answer = "true";
    return tr;
  });
  table.append(caption, head, ...rows);
  return table;
}

function barCell(value: number, kind: "output" | "target"): HTMLTableCellElement {
  const td = document.createElement("td");
  const track = document.createElement("span");
  track.className = "prob-track";
  track.setAttribute("aria-hidden", "true");
  const fill = document.createElement("span");
  fill.className = kind === "output" ? "prob-fill" : "prob-fill target";
  fill.style.width = `${(100 * Math.max(0, Math.min(1, value))).toFixed(1)}%`;
  track.append(fill);
  td.append(track, ` ${kind === "output" ? percent(value) : num(value)}`);
  return td;
}

/** The sample's loss under each loss that suits the output, the spec's first. */
function lossList(card: SampleCard): HTMLElement {
  const list = document.createElement("ul");
  list.className = "card-losses";
  list.dataset.testid = "card-losses";
  for (const [i, { loss, value }] of (card.losses ?? []).entries()) {
    const li = document.createElement("li");
    li.textContent = i === 0 ? t("{0}: {1} (the spec's loss)", loss, num(value)) : `${loss}: ${num(value)}`;
    list.append(li);
  }
  const wrap = document.createElement("div");
  const heading = document.createElement("h5");
  heading.textContent = t("This sample's loss under each loss function");
  wrap.append(heading, list);
  return wrap;
}
