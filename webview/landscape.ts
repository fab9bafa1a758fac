/**
 * The loss landscape (src/core/landscape/): the training loss over a plane through the current
 * weights, w + α·d1 + β·d2, one contour map per loss that suits the task (MAE's creases, MSE's
 * bowl, cross-entropy's walls) and the accuracy beside them, so "low loss, not 100%" shows; the
 * path the weights took drawn on each (on the path's own plane), its start and the current point marked. Computed in the
 * run's worker when asked (Compute) and again at the end of a run once asked for; Cancel stops
 * it. A text summary says the lowest point and the current point's figures for screen readers.
 */
import type { DirectionKind } from "../src/core/landscape/landscape";
import type { LandscapeView as Landscape, LandscapeAsk } from "../src/protocol/landscape";
import { ACCURACY_SCALE, drawContourMap, drawScaleBar, lossScale, type MapScale, type Mark } from "./contourMap";
import { num, percent } from "./format";
import { t } from "./l10n";

/** The panel's grid: 41 × 41 points. */
const GRID = 41;

export class LandscapeView {
  readonly section: HTMLElement;
  private readonly directions: HTMLSelectElement;
  private readonly compute: HTMLButtonElement;
  private readonly cancel: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly maps: HTMLElement;
  private readonly summary: HTMLElement;
  /** Asked for in this run: the run's end recomputes it. */
  private wanted = false;
  private computing = false;
  /** Asks sent whose answer has not come (each ask, a compute or a cancel, gets one answer). */
  private outstanding = 0;
  /** The run ended while a landscape was being computed: compute it again when that one arrives. */
  private recomputeAtEnd = false;
  /** The words for each loss, as the loss menu shows them. */
  private lossLabels: Partial<Record<string, string>> = {};

  constructor(private readonly ask: (ask: LandscapeAsk) => void) {
    this.section = document.createElement("section");
    this.section.className = "landscape";
    this.section.dataset.testid = "loss-landscape";
    const heading = document.createElement("h3");
    heading.textContent = t("Loss landscape");
    const intro = document.createElement("p");
    intro.className = "caption";
    intro.textContent = t("The training loss over a plane through the current weights w: each point is w + α·d1 + β·d2.");
    const label = document.createElement("label");
    label.textContent = `${t("Directions")} `;
    this.directions = document.createElement("select");
    this.directions.dataset.testid = "landscape-directions";
    for (const [value, text] of [
      ["path", t("the path's two main directions")],
      ["random", t("two random directions, scaled unit by unit")],
    ] as const) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = text;
      this.directions.append(option);
    }
    label.append(this.directions);
    this.compute = document.createElement("button");
    this.compute.textContent = t("Compute");
    this.compute.dataset.testid = "landscape-compute";
    this.compute.addEventListener("click", () => this.request());
    this.cancel = document.createElement("button");
    this.cancel.textContent = t("Cancel");
    this.cancel.disabled = true;
    this.cancel.addEventListener("click", () => {
      this.wanted = false;
      this.recomputeAtEnd = false;
      this.send({ action: "cancel" });
    });
    this.status = document.createElement("span");
    this.status.className = "caption";
    this.status.setAttribute("role", "status");
    const controls = document.createElement("div");
    controls.className = "landscape-controls";
    controls.append(label, this.compute, this.cancel, this.status);
    this.summary = document.createElement("p");
    this.summary.dataset.testid = "landscape-summary";
    this.summary.setAttribute("aria-live", "polite");
    this.maps = document.createElement("div");
    this.maps.className = "landscape-maps";
    this.section.append(heading, intro, controls, this.summary, this.maps);
  }

  /** A new run: nothing computed, nothing asked; `lossLabels` the run's words for its losses. */
  reset(lossLabels: Partial<Record<string, string>> = {}): void {
    this.lossLabels = lossLabels;
    this.wanted = false;
    this.recomputeAtEnd = false;
    this.outstanding = 0; // the last run's answers are dropped by their run id
    this.setComputing(false);
    this.status.textContent = "";
    this.summary.textContent = "";
    this.maps.replaceChildren();
  }

  /** The run ended: the plane through its last weights, if the landscape was asked for. */
  runEnded(): void {
    if (!this.wanted) return;
    if (this.computing) this.recomputeAtEnd = true;
    else this.request();
  }

  request(): void {
    this.wanted = true;
    this.setComputing(true);
    this.status.textContent = t("Computing…");
    this.send({ action: "compute", directions: this.directions.value as DirectionKind, grid: GRID });
  }

  failed(message: string): void {
    this.outstanding = Math.max(0, this.outstanding - 1);
    this.setComputing(this.outstanding > 0);
    this.status.textContent = message;
  }

  show(result: Landscape | null): void {
    this.outstanding = Math.max(0, this.outstanding - 1);
    // A newer ask's answer is still to come: this one (null, superseded) changes nothing.
    if (this.outstanding > 0) return;
    this.setComputing(false);
    if (!result) {
      this.status.textContent = t("Cancelled.");
      return;
    }
    if (this.recomputeAtEnd) {
      this.recomputeAtEnd = false;
      this.request();
    }
    const side = result.values.length;
    const middle = ((side - 1) / 2) * side + (side - 1) / 2;
    const main = result.surfaces[0];
    let lowest = 0;
    main.values.forEach((v, i) => {
      if (v < main.values[lowest]) lowest = i;
    });
    const at = (i: number) => ({ alpha: result.values[i % side], beta: result.values[Math.floor(i / side)] });
    const low = at(lowest);
    // The path lies on the plane of its own directions; on a random plane its shadow would mislead.
    const path = result.directions === "path" ? result.path : [];
    const start = path[0];
    const marks: Mark[] = [
      ...(start && path.length > 1 ? [{ ...start, word: t("start"), shape: "ring" as const }] : []),
      { alpha: 0, beta: 0, word: t("now"), shape: "dot", wordLeft: true },
      ...(lowest !== middle ? [{ ...low, word: t("lowest"), shape: "cross" as const }] : []),
    ];
    const spanned =
      result.directions === "path"
        ? t(
            "d1 and d2 are the path's two main directions ({0} and {1} of its spread).",
            percent(result.explained?.[0] ?? 0),
            percent(result.explained?.[1] ?? 0),
          )
        : t("d1 and d2 are random, each unit's part scaled to the size of that unit's weights.");
    this.summary.textContent = [
      t(
        "Lowest {0} on the plane: {1} at α {2}, β {3}, where accuracy is {4}.",
        this.word(main.loss),
        num(main.values[lowest]),
        num(low.alpha),
        num(low.beta),
        percent(result.accuracy[lowest]),
      ),
      t(
        "At the current weights (epoch {0}): {1} {2}, accuracy {3}.",
        result.epoch,
        this.word(main.loss),
        num(main.values[middle]),
        percent(result.accuracy[middle]),
      ),
      spanned,
      ...(result.directions === "path" ? [t("The path the weights took is drawn on it, from its start to now.")] : []),
      t(
        "α and β from {0} to {1}, {2} × {3} points, on {4} of the {5} training samples.",
        num(-result.span),
        num(result.span),
        side,
        side,
        result.rows,
        result.totalRows,
      ),
    ].join(" ");
    this.status.textContent = t("Computed in {0} ms.", Math.round(result.ms));
    this.maps.replaceChildren(
      ...result.surfaces.map((s) => this.map(result, s.loss, this.word(s.loss), s.values, lossScale(s.values), path, marks, middle)),
      this.map(result, "accuracy", t("accuracy"), result.accuracy, ACCURACY_SCALE, path, marks, middle),
    );
  }

  private map(
    result: Landscape,
    key: string,
    name: string,
    values: readonly number[],
    scale: MapScale,
    path: Landscape["path"],
    marks: readonly Mark[],
    middle: number,
  ): HTMLElement {
    const figure = document.createElement("figure");
    figure.dataset.testid = `landscape-${key}`;
    const canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.tabIndex = 0;
    const finite = values.filter(Number.isFinite);
    const lo = finite.length ? Math.min(...finite) : Number.NaN;
    const hi = finite.length ? Math.max(...finite) : Number.NaN;
    const text = t("{0} over the plane: from {1} to {2}; {3} at the current weights.", name, scale.label(lo), scale.label(hi), scale.label(values[middle]));
    canvas.setAttribute("aria-label", text);
    drawContourMap(canvas, result.values.length, result.values, values, scale, path, marks);
    const bar = document.createElement("canvas");
    bar.setAttribute("aria-hidden", "true");
    drawScaleBar(bar, scale);
    const caption = document.createElement("figcaption");
    caption.textContent = text;
    figure.append(canvas, bar, caption);
    return figure;
  }

  /** A loss's word, as the loss menu has it (its id where the run gave none). */
  private word(loss: string): string {
    return this.lossLabels[loss] ?? loss;
  }

  private send(ask: LandscapeAsk): void {
    this.outstanding++;
    this.ask(ask);
  }

  private setComputing(on: boolean): void {
    this.computing = on;
    this.cancel.disabled = !on;
  }
}
