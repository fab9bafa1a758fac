/**
 * "Loss along this weight": the loss over the training data as one weight or bias moves around
 * its value with everything else fixed, one small chart per loss that suits the task (each on its
 * own scale: losses of different functions are different numbers), each with the current point,
 * its tangent (the slope is the gradient) and where the optimizer's next step lands. MSE's slope
 * shrinks as the error does; MAE's stays the size of the error's sign: the lesson's "the slope
 * says which way to move", and how far.
 */
import type { ParameterRef } from "../src/core/nn/parameters";
import type { LossAlongWeight, LossCurve } from "../src/core/train/lossAlongWeight";
import { Chart } from "./chartSetup";
import type { Point } from "./charts";
import { num } from "./format";
import { t } from "./l10n";
import { theme } from "./theme";

/** How a parameter is named in the panel: "layers[1] weight 0 → 2" or "layers[1] bias of unit 2". */
export function parameterName(p: ParameterRef): string {
  return p.from === "bias" ? t("layers[{0}] bias of unit {1}", p.layer, p.to) : t("layers[{0}] weight {1} → {2}", p.layer, p.from, p.to);
}

export class LossAlongView {
  readonly section: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly caption: HTMLElement;
  private charts: Chart<"line" | "scatter", Point[]>[] = [];

  constructor(close: () => void) {
    this.section = document.createElement("section");
    this.section.className = "loss-along";
    this.section.dataset.testid = "loss-along";
    this.section.hidden = true;
    this.heading = document.createElement("h3");
    const closeButton = document.createElement("button");
    closeButton.textContent = t("Close");
    closeButton.addEventListener("click", () => {
      this.hide();
      close();
    });
    this.grid = document.createElement("div");
    this.grid.className = "loss-along-grid";
    this.caption = document.createElement("p");
    this.caption.className = "caption";
    this.caption.dataset.testid = "loss-along-caption";
    this.section.append(this.heading, closeButton, this.grid, this.caption);
  }

  hide(): void {
    this.section.hidden = true;
    for (const c of this.charts) c.destroy();
    this.charts = [];
    this.grid.replaceChildren();
  }

  show(result: LossAlongWeight): void {
    this.hide();
    this.section.hidden = false;
    const name = parameterName(result.parameter);
    this.heading.textContent = t("The loss as {0} moves, everything else fixed (now {1})", name, num(result.value));
    for (const curve of result.curves) this.grid.append(this.chart(result, curve));
    this.caption.textContent = `${t(
      "Each chart is one loss function on its own scale. The dashed line is the tangent at the current value: its slope is the gradient. The ring marks where the optimizer's next step lands. With a linear output, MAE's slope in each output is ±1/n (n outputs) however large the error, and MSE's is 2·error/n, which shrinks as the answer nears; through a softmax or a sigmoid, both are multiplied by the output's own slope, so there MAE's slope changes too.",
    )} ${result.rows < result.totalRows ? t("Measured on {0} of the {1} training samples, spread evenly.", result.rows, result.totalRows) : ""}`.trim();
  }

  private chart(result: LossAlongWeight, curve: LossCurve): HTMLElement {
    const box = document.createElement("figure");
    box.dataset.testid = `loss-along-${curve.loss}`;
    const holder = document.createElement("div");
    holder.className = "canvas-holder";
    const canvas = document.createElement("canvas");
    const summary = t(
      "{0}: loss {1} now, slope {2}; the next step moves the value to {3}, where the loss is {4}",
      curve.loss,
      num(curve.current),
      num(curve.gradient),
      num(curve.step.next),
      num(curve.nextLoss),
    );
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", summary);
    holder.append(canvas);
    const caption = document.createElement("figcaption");
    caption.className = "caption";
    caption.textContent = summary;
    box.append(holder, caption);
    const colours = theme();
    const values = result.values;
    const span = (values[values.length - 1] - values[0]) / 4;
    const tangent = [
      { x: result.value - span, y: curve.current - span * curve.gradient },
      { x: result.value + span, y: curve.current + span * curve.gradient },
    ];
    this.charts.push(
      new Chart(canvas, {
        type: "line",
        data: {
          datasets: [
            { label: curve.loss, data: values.map((x, i) => ({ x, y: curve.losses[i] })), borderColor: colours.train, pointRadius: 0, borderWidth: 1.5 },
            { label: t("tangent"), data: tangent, borderColor: colours.muted, borderDash: [4, 3], pointRadius: 0, borderWidth: 1 },
            {
              label: t("now"),
              data: [{ x: result.value, y: curve.current }],
              borderColor: colours.foreground,
              backgroundColor: colours.foreground,
              pointRadius: 4,
              showLine: false,
            },
            {
              label: t("after the next step"),
              data: [{ x: curve.step.next, y: curve.nextLoss }],
              borderColor: colours.validation,
              backgroundColor: "transparent",
              pointRadius: 5,
              pointBorderWidth: 2,
              showLine: false,
            },
          ],
        },
        options: {
          parsing: false,
          plugins: { legend: { display: false } },
          scales: {
            x: { type: "linear", title: { display: true, text: parameterName(result.parameter) } },
            y: { type: "linear", title: { display: true, text: curve.loss } },
          },
        },
      }),
    );
    return box;
  }
}
