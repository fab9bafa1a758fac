/**
 * The sample card: one sample followed through the network with its numbers filled in, as the
 * lesson does its arithmetic on one prediction. Forward: the inputs, each layer's z and a, the
 * chosen unit's weighted sum written out, softmax's terms, the output beside the target. The
 * sample's loss as the lesson writes it. Backward: ∂L/∂a at the output, f'(z) and δ = ∂L/∂z per
 * layer (for cross-entropy after a softmax or sigmoid, δ = p − t as one expression), and the
 * chosen weight's gradient and the step the optimizer would take if this sample were the whole batch.
 *
 * A sample is picked by its number, from the table of samples, or (two-feature data) by clicking
 * a point of the decision boundary. The unit and weight written out are the ones picked in the
 * diagram. Every number comes from the worker (the core's traceSample), never computed here.
 */
import type { RunSummary, SampleCard } from "../src/protocol/run";
import { copyCanvases, row } from "./cardParts";
import { num } from "./format";
import { imageCardParts } from "./imageCard";
import { t } from "./l10n";

/** The sample number of the draw pad's image. */
export const DRAWN = -1;

/** Longer vectors are shown by their first values and the last. */
const SHOWN_VALUES = 10;

export interface CardHandlers {
  /** The card wants sample `sample` (or, with null, nothing: it was closed). */
  pick(sample: number | null): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = "", text = ""): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}

/** A vector as the card writes it: [0.8, 0.2], long ones elided. */
export function vector(values: readonly number[]): string {
  const shown = values.length > SHOWN_VALUES ? [...values.slice(0, SHOWN_VALUES - 1).map(num), "…", num(values[values.length - 1])] : values.map(num);
  return `[${shown.join(", ")}]`;
}

export class SampleCardView {
  readonly section: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly picker: HTMLElement;
  private readonly index: HTMLInputElement;
  private readonly table: HTMLTableElement;
  private readonly body: HTMLElement;
  /** A card kept beside the current one (Keep beside), to compare two samples; empty when none. */
  private readonly kept: HTMLElement;
  private readonly keep: HTMLButtonElement;
  private readonly status: HTMLElement;
  private summary: RunSummary | null = null;
  private current: number | null = null;

  constructor(private readonly handlers: CardHandlers) {
    this.section = el("section", "card");
    this.section.dataset.testid = "sample-card";
    this.section.setAttribute("aria-label", t("One sample, forward and back"));
    this.heading = el("h3", "", t("One sample, forward and back"));
    this.picker = el("div", "card-picker");
    const label = el("label", "", t("sample"));
    this.index = el("input");
    this.index.type = "number";
    this.index.min = "0";
    this.index.dataset.testid = "sample-index";
    this.index.setAttribute("aria-label", t("sample number"));
    label.append(" ", this.index);
    const show = el("button", "", t("Show"));
    show.dataset.testid = "sample-show";
    const previous = el("button", "", "‹");
    previous.setAttribute("aria-label", t("previous sample"));
    const next = el("button", "", "›");
    next.setAttribute("aria-label", t("next sample"));
    const close = el("button", "", t("Close"));
    close.dataset.testid = "sample-close";
    this.keep = el("button", "", t("Keep beside"));
    this.keep.dataset.testid = "sample-keep";
    this.keep.title = t("Keep this card beside the next one, to compare two samples (the lesson's two guesses, say)");
    this.keep.disabled = true;
    this.status = el("span", "caption");
    this.picker.append(label, show, previous, next, close, this.keep, this.status);
    show.addEventListener("click", () => this.pick(Number(this.index.value)));
    this.index.addEventListener("keydown", (e) => {
      if (e.key === "Enter") this.pick(Number(this.index.value));
    });
    previous.addEventListener("click", () => this.pick((this.current ?? 1) - 1));
    next.addEventListener("click", () => this.pick((this.current ?? -1) + 1));
    close.addEventListener("click", () => this.pick(null));
    this.table = el("table", "sample-table");
    this.table.dataset.testid = "sample-table";
    this.body = el("div", "card-body");
    this.body.dataset.testid = "card-body";
    this.kept = el("div", "card-kept");
    this.kept.dataset.testid = "card-kept";
    this.kept.hidden = true;
    const columns = el("div", "card-columns");
    columns.style.cssText = "display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start";
    for (const column of [this.kept, this.body]) column.style.flex = "1 1 22em";
    this.kept.style.opacity = "0.85";
    columns.append(this.kept, this.body);
    this.keep.addEventListener("click", () => this.keepCurrent());
    this.section.append(this.heading, this.picker, this.table, columns);
  }

  /** The sample shown, or null when the card is closed. */
  get sample(): number | null {
    return this.current;
  }

  /** A new run: the table of its samples; the card closes. */
  setRun(summary: RunSummary): void {
    this.summary = summary;
    this.current = null;
    this.index.max = String(summary.sampleCount - 1);
    this.index.value = "0";
    this.status.textContent = summary.points
      ? t("Pick a sample: its number, a row below, or a point of the decision boundary.")
      : summary.images
        ? t("Pick a sample: its number, or an image in the gallery.")
        : t("Pick a sample: its number or a row below.");
    this.body.replaceChildren();
    this.unkeep();
    this.showTable(summary);
  }

  /** Copies the card shown into the column beside it (without test ids, which stay the live card's). */
  private keepCurrent(): void {
    if (this.current === null || this.body.childElementCount === 0) return;
    const copy = this.body.cloneNode(true) as HTMLElement;
    for (const e of [copy, ...copy.querySelectorAll<HTMLElement>("[data-testid]")]) e.removeAttribute("data-testid");
    // A cloned canvas is blank: the kept card's pictures (image data only) are copied over.
    if (this.summary?.images) copyCanvases(this.body, copy);
    const release = el("button", "", t("Close the kept card"));
    release.addEventListener("click", () => this.unkeep());
    this.kept.replaceChildren(release, ...copy.childNodes);
    this.kept.hidden = false;
    this.kept.setAttribute("aria-label", t("Kept card: sample {0}", this.current));
  }

  private unkeep(): void {
    this.kept.replaceChildren();
    this.kept.hidden = true;
    if (this.body.childElementCount === 0) this.keep.disabled = true;
  }

  /** Shows sample `sample` (asks the worker for it); null closes the card. */
  pick(sample: number | null): void {
    const count = this.summary?.sampleCount ?? 0;
    if (sample !== null && !(Number.isInteger(sample) && sample >= 0 && sample < count)) {
      this.status.textContent = t("There is no sample {0}; the samples are numbered 0 to {1}.", String(sample), count - 1);
      return;
    }
    this.current = sample;
    if (sample === null) {
      this.body.replaceChildren();
      this.unkeep();
      this.status.textContent = "";
    } else {
      this.index.value = String(sample);
      this.status.textContent = t("working…");
    }
    this.handlers.pick(sample);
  }

  /** Shows the draw pad's image (sample −1, asked for with the drawing). */
  pickDrawn(): void {
    this.current = DRAWN;
    this.index.value = "";
    this.status.textContent = t("working…");
    this.handlers.pick(DRAWN);
  }

  failed(message: string): void {
    this.status.textContent = message;
  }

  /** Fills the card with the worker's numbers. */
  show(card: SampleCard): void {
    const { trace } = card;
    if (trace.sample !== this.current) return; // an answer for a sample no longer shown
    const summary = this.summary;
    this.status.textContent = "";
    const validation = summary?.samples[trace.sample]?.validation ?? summary?.points?.validation[trace.sample];
    const names = trace.classNames;
    const parts: HTMLElement[] = [];
    const line = (text: string, testid?: string, className = "formula") => {
      const p = el("p", className, text);
      if (testid) p.dataset.testid = testid;
      parts.push(p);
    };
    parts.push(
      el(
        "h4",
        "",
        trace.sample === DRAWN
          ? t("Your drawing")
          : validation === undefined
            ? t("Sample {0}", trace.sample)
            : validation
              ? t("Sample {0} (validation data)", trace.sample)
              : t("Sample {0} (training data)", trace.sample),
      ),
    );
    // An image's inputs are its picture (and its gradient's), not a list of 784 numbers.
    const images = summary?.images;
    if (images) parts.push(...imageCardParts(card, images));
    else line(trace.featureNames.map((name, i) => `${name} = ${num(trace.input[i])}`).join(", "), "card-input");

    parts.push(el("h5", "", t("Forward: each layer computes z = Σ wᵢ·aᵢ + b, then a = f(z)")));
    const forward = el("table", "card-layers");
    forward.append(row("th", [t("layer"), "z", "a"]));
    for (const layer of trace.layers) forward.append(row("td", [`layers[${layer.layer}] ${layer.activation}`, vector(layer.z), vector(layer.a)]));
    parts.push(forward);
    if (card.unit) {
      const u = card.unit;
      const { activation, elementwise } = trace.layers[u.layer - 1];
      line(`layers[${u.layer}] ${t("unit {0}", u.unit)}: ${u.formula}`, "card-unit-sum");
      if (elementwise) line(`a = ${activation}(${num(u.z)}) = ${num(u.a)}`, "card-unit-activation");
    } else line(t("Pick a unit or a weight in the diagram (click it) to see its sum written out here."), undefined, "caption");
    if (trace.softmax) {
      const s = trace.softmax;
      const z = trace.layers[trace.layers.length - 1].z;
      const sum = z.map((v) => `e^${num(v - s.shift)}`).join(" + ");
      trace.output.forEach((p, k) => {
        if (k < 4) line(`softmax ${names?.[k] ?? k}: e^${num(z[k] - s.shift)} / (${sum}) = ${num(s.exp[k])} / ${num(s.sum)} = ${num(p)}`, `card-softmax-${k}`);
      });
    }
    const classes = names && trace.output.length > 1 ? ` (${names.join(", ")})` : "";
    const answer = trace.label !== null && names ? `: ${names[trace.label] ?? trace.label}` : "";
    line(`${t("output")} ${vector(trace.output)}${classes} · ${t("target")} ${vector(trace.target)}${answer}`, "card-output");

    parts.push(el("h5", "", t("The loss of this sample")));
    const symbols = trace.lossMeansOutputs ? t("ŷ the output, y the target, n = {0} outputs", trace.output.length) : t("ŷ the output, y the target");
    line(`${trace.lossRule} · ${symbols}`, "card-loss-rule", "caption");
    line(trace.formula, "card-loss");
    if (trace.lossNote) line(trace.lossNote, "card-loss-note", "caption");

    parts.push(el("h5", "", t("Backward: how the loss changes with each number, from the output down")));
    const output = trace.layers[trace.layers.length - 1];
    if (output.fused) {
      line(output.fused.formula, "card-delta-fused");
      line(output.fused.note, "card-delta-note", "caption");
    } else if (output.dLda) line(`∂L/∂a (${t("output")}) = ${vector(output.dLda)}`, "card-dlda");
    const backward = el("table", "card-layers");
    backward.append(row("th", [t("layer"), "f′(z)", "δ = ∂L/∂z"]));
    for (const layer of [...trace.layers].reverse()) {
      const derivative = layer.fused
        ? t("(taken with the loss: δ = p − t)")
        : layer.derivative === null
          ? t("(softmax: through its Jacobian)")
          : vector(layer.derivative);
      backward.append(row("td", [`layers[${layer.layer}] ${layer.activation}`, derivative, vector(layer.delta)]));
    }
    parts.push(backward);
    for (const note of trace.activationNotes) line(note, undefined, "caption");
    if (card.step) {
      const s = card.step;
      line(s.formula, "card-gradient");
      for (const step of s.stepFormula) line(step, "card-step");
      line(s.stepCaption, "card-step-caption", "caption");
    } else
      line(
        t("Pick a weight or a bias in the diagram (click it) to see its gradient and the step the optimizer would take from it here."),
        undefined,
        "caption",
      );
    this.body.replaceChildren(...parts);
    this.keep.disabled = false;
  }

  private showTable(summary: RunSummary): void {
    const features = summary.samples[0]?.features.length ?? 0;
    const names = Array.from({ length: Math.min(features, 6) }, (_, i) => `x${i + 1}`);
    const head = row("th", ["#", ...names, ...(features > 6 ? ["…"] : []), t("answer")]);
    const rows = summary.samples.map((s) => {
      const r = row("td", [String(s.index), ...s.features.slice(0, 6).map(num), ...(features > 6 ? ["…"] : []), s.answer]);
      r.tabIndex = 0;
      r.dataset.sample = String(s.index);
      r.setAttribute("aria-label", t("sample {0}: answer {1}", s.index, s.answer));
      r.addEventListener("click", () => this.pick(s.index));
      r.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          this.pick(s.index);
        }
      });
      return r;
    });
    this.table.replaceChildren(head, ...rows);
    // Two-feature data is picked on the boundary, images in the gallery; a table would be long and say little.
    this.table.hidden = summary.points !== null || Boolean(summary.images);
  }
}
