/**
 * The draw pad, for one-channel image specs: draw a digit with the mouse, a pen or a finger
 * (pointer events), or with the keyboard (the arrow keys move a cursor, Space puts the pen down or
 * lifts it, Delete clears). The drawing is preprocessed as MNIST's digits were (imageMath.ts),
 * shown as the network sees it, and sent for the network's probabilities, live as it trains;
 * "Follow forward and back" opens the sample card on it.
 */
import type { DrawnImage, GalleryImages } from "../src/protocol/images";
import type { SampleCard } from "../src/protocol/run";
import { percent } from "./format";
import { paint, pixelCanvas } from "./imageCanvas";
import { drawnPixels, imagePixels } from "./imageMath";
import { t } from "./l10n";

/** Ink cells per input pixel along each side, and the pad's size on screen. */
const INK_PER_PIXEL = 4;
const PAD_PX = 224;
/** How often, at most, the probabilities are asked for while drawing or training. */
const PROBE_MS = 250;
const REFRESH_MS = 1000;

export interface DrawPadHandlers {
  /** The network's output for this image, please (a card with the drawn image comes back). */
  probe(drawn: DrawnImage): void;
  /** Follow the drawing forward and back in the sample card. */
  open(): void;
}

export class DrawPadView {
  readonly section: HTMLElement;
  private readonly pad: HTMLCanvasElement;
  private readonly preview: HTMLCanvasElement;
  private readonly bars: HTMLElement;
  private readonly status: HTMLElement;
  private readonly label: HTMLSelectElement;
  private readonly follow: HTMLButtonElement;
  private readonly heading: HTMLElement;
  private side = 112;
  private ink = new Float64Array(112 * 112);
  private shape: [number, number, number] = [28, 28, 1];
  private cursor = { x: 56, y: 56 };
  private penDown = false;
  /** Whether the keyboard has been used on the pad (its cursor shows from then on, while focused). */
  private keyboard = false;
  private labelChosen = false;
  private inked = false;
  private lastProbe = 0;
  private probeTimer: number | undefined;
  private last: { x: number; y: number } | null = null;

  constructor(private readonly handlers: DrawPadHandlers) {
    this.section = document.createElement("section");
    this.section.className = "draw-pad";
    this.section.dataset.testid = "draw-pad";
    const heading = document.createElement("h3");
    this.heading = heading;
    heading.textContent = t("Draw a digit");
    const help = document.createElement("p");
    help.className = "caption";
    help.id = "draw-pad-help";
    help.textContent = t(
      "Draw with the mouse, a pen or a finger. With the keyboard: the arrow keys move the cursor, Space puts the pen down or lifts it, Delete clears.",
    );
    this.pad = document.createElement("canvas");
    this.pad.className = "draw-canvas";
    this.pad.dataset.testid = "draw-canvas";
    this.pad.tabIndex = 0;
    this.pad.setAttribute("role", "img");
    this.pad.setAttribute("aria-label", t("Drawing area"));
    this.pad.setAttribute("aria-describedby", help.id);
    this.pad.style.width = `${PAD_PX}px`;
    this.pad.style.height = `${PAD_PX}px`;
    this.pad.style.touchAction = "none";
    this.preview = pixelCanvas(imagePixels(new Uint8Array(28 * 28), 0, [28, 28, 1]), 28, 28, 84);
    this.preview.setAttribute("role", "img");
    this.preview.setAttribute("aria-label", t("The drawing as the network sees it"));
    this.preview.dataset.testid = "draw-preview";
    const clear = document.createElement("button");
    clear.textContent = t("Clear");
    clear.addEventListener("click", () => this.clear());
    const labelText = document.createElement("label");
    labelText.textContent = `${t("What you drew")} `;
    this.label = document.createElement("select");
    this.label.dataset.testid = "draw-label";
    this.label.addEventListener("change", () => {
      this.labelChosen = true;
      this.probe(true);
    });
    labelText.append(this.label);
    this.follow = document.createElement("button");
    this.follow.textContent = t("Follow forward and back");
    this.follow.dataset.testid = "draw-follow";
    this.follow.disabled = true;
    this.follow.addEventListener("click", () => this.handlers.open());
    this.status = document.createElement("p");
    this.status.className = "caption";
    this.status.setAttribute("role", "status");
    this.bars = document.createElement("div");
    this.bars.className = "draw-probabilities";
    this.bars.dataset.testid = "draw-probabilities";
    const row = document.createElement("div");
    row.className = "draw-row";
    const tools = document.createElement("div");
    tools.append(this.preview, document.createElement("br"), clear, " ", labelText, " ", this.follow, this.status);
    row.append(this.pad, tools, this.bars);
    this.section.append(heading, help, row);
    this.section.hidden = true;
    this.listen();
  }

  /** A new run: shown for one-channel image classification. */
  setRun(images: GalleryImages | null | undefined, classNames: string[]): void {
    this.section.hidden = images?.shape[2] !== 1;
    if (!images) return;
    this.shape = images.shape;
    // Classes 0 to 9 are digits; clothes, shapes or your own classes are pictures.
    const digits = classNames.length === 10 && classNames.every((name, k) => name === String(k));
    this.heading.textContent = digits ? t("Draw a digit") : t("Draw a picture");
    this.side = Math.max(images.shape[0], images.shape[1]) * INK_PER_PIXEL;
    this.label.replaceChildren(
      ...classNames.map((name, k) => {
        const o = document.createElement("option");
        o.value = String(k);
        o.textContent = name;
        return o;
      }),
    );
    this.labelChosen = false;
    this.clear();
  }

  /** The drawing as the input's bytes and the class it is said to be; null before anything is drawn. */
  drawn(): DrawnImage | null {
    return this.inked ? { pixels: drawnPixels(this.ink, this.side, this.shape), label: Number(this.label.value) || 0 } : null;
  }

  /** The network's output for the drawing, from a card of it. */
  showCard(card: SampleCard): void {
    if (!this.inked) return;
    const { output, classNames } = card.trace;
    const probabilities = output.length === 1 ? [1 - output[0], output[0]] : output;
    let best = 0;
    probabilities.forEach((p, k) => {
      if (p > probabilities[best]) best = k;
    });
    if (!this.labelChosen) this.label.value = String(best);
    const name = (k: number) => classNames?.[k] ?? String(k);
    this.status.textContent = t("The network guesses {0} at {1}.", name(best), percent(probabilities[best]));
    this.bars.replaceChildren(...probabilities.map((p, k) => bar(name(k), p, k === best)));
  }

  /** While training, the probabilities follow the network (at most once a second). */
  refresh(): void {
    if (this.inked && performance.now() - this.lastProbe > REFRESH_MS) this.probe(true);
  }

  private clear(): void {
    this.ink = new Float64Array(this.side * this.side);
    this.inked = false;
    this.cursor = { x: this.side / 2, y: this.side / 2 };
    this.penDown = false;
    this.follow.disabled = true;
    this.bars.replaceChildren();
    this.status.textContent = "";
    this.redraw();
  }

  private listen(): void {
    const at = (e: PointerEvent) => {
      const r = this.pad.getBoundingClientRect();
      return { x: ((e.clientX - r.left) / r.width) * this.side, y: ((e.clientY - r.top) / r.height) * this.side };
    };
    this.pad.addEventListener("pointerdown", (e) => {
      this.pad.setPointerCapture?.(e.pointerId);
      this.last = at(e);
      this.stroke(this.last, this.last);
    });
    this.pad.addEventListener("pointermove", (e) => {
      if (!this.last) return;
      const p = at(e);
      this.stroke(this.last, p);
      this.last = p;
    });
    const end = () => {
      if (!this.last) return;
      this.last = null;
      this.probe(true);
    };
    this.pad.addEventListener("pointerup", end);
    this.pad.addEventListener("pointercancel", end);
    this.pad.addEventListener("keydown", (e) => this.onKey(e));
  }

  private onKey(e: KeyboardEvent): void {
    this.keyboard = true;
    const step = INK_PER_PIXEL;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      const from = { ...this.cursor };
      this.cursor = { x: clamp(from.x + move[0], this.side), y: clamp(from.y + move[1], this.side) };
      if (this.penDown) this.stroke(from, this.cursor);
      else this.redraw();
      return;
    }
    if (e.key === " ") {
      e.preventDefault();
      this.penDown = !this.penDown;
      if (this.penDown) this.stroke(this.cursor, this.cursor);
      else this.redraw();
      this.status.textContent = this.penDown ? t("Pen down: the arrow keys draw.") : t("Pen up: the arrow keys move the cursor.");
      if (!this.penDown) this.probe(true);
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      this.clear();
    }
  }

  /** Ink along the segment from a to b, a round soft brush as wide as about 2.5 pixels of the image. */
  private stroke(a: { x: number; y: number }, b: { x: number; y: number }): void {
    const radius = INK_PER_PIXEL * 1.3;
    const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / (radius / 3)));
    for (let s = 0; s <= steps; s++) {
      const cx = a.x + ((b.x - a.x) * s) / steps;
      const cy = a.y + ((b.y - a.y) * s) / steps;
      for (let y = Math.max(0, Math.floor(cy - radius)); y < Math.min(this.side, Math.ceil(cy + radius)); y++)
        for (let x = Math.max(0, Math.floor(cx - radius)); x < Math.min(this.side, Math.ceil(cx + radius)); x++) {
          const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) / radius;
          if (d < 1) this.ink[y * this.side + x] = Math.max(this.ink[y * this.side + x], Math.min(1, 1.6 * (1 - d)));
        }
    }
    this.inked = true;
    this.follow.disabled = false;
    this.redraw();
    this.probe(false);
  }

  /** Asks for the probabilities: at once, or at most every PROBE_MS while a stroke goes on. */
  private probe(now: boolean): void {
    const drawn = this.drawn();
    if (!drawn) return;
    window.clearTimeout(this.probeTimer);
    const wait = now ? 0 : Math.max(0, PROBE_MS - (performance.now() - this.lastProbe));
    this.probeTimer = window.setTimeout(() => {
      const image = this.drawn();
      if (!image) return;
      this.lastProbe = performance.now();
      const [h, w] = this.shape;
      paint(this.preview, imagePixels(image.pixels, 0, this.shape), w, h);
      this.handlers.probe(image);
    }, wait);
  }

  private redraw(): void {
    const n = this.side;
    const pixels = new Uint8ClampedArray(n * n * 4);
    for (let i = 0; i < n * n; i++) {
      const v = Math.round(255 * this.ink[i]);
      pixels.set([v, v, v, 255], i * 4);
    }
    paint(this.pad, pixels, n, n);
    const context = this.pad.getContext("2d");
    if (context && this.keyboard && document.activeElement === this.pad) {
      // The keyboard's cursor: a square one image pixel wide, outlined so it shows on ink and on black.
      context.strokeStyle = this.penDown ? "#ffcc00" : "#00aaff";
      context.lineWidth = 1;
      context.strokeRect(this.cursor.x - 2.5, this.cursor.y - 2.5, 5, 5);
    }
    const [h, w] = this.shape;
    if (!this.inked) paint(this.preview, imagePixels(new Uint8Array(h * w), 0, this.shape), w, h);
  }
}

function clamp(v: number, side: number): number {
  return Math.max(0, Math.min(side - 1, v));
}

/** A class's probability as a bar with its number (the text says it; the bar only shows it). */
function bar(name: string, p: number, best: boolean): HTMLElement {
  const row = document.createElement("div");
  row.className = best ? "prob-row best" : "prob-row";
  const label = document.createElement("span");
  label.className = "prob-name";
  label.textContent = best ? `${name} ◀` : name;
  const track = document.createElement("span");
  track.className = "prob-track";
  track.setAttribute("aria-hidden", "true");
  const fill = document.createElement("span");
  fill.className = "prob-fill";
  fill.style.width = `${(100 * Math.max(0, Math.min(1, p))).toFixed(1)}%`;
  track.append(fill);
  const value = document.createElement("span");
  value.textContent = percent(p);
  row.append(label, track, value);
  return row;
}
