/**
 * The spec's runs kept in the workspace (.nnspec/runs), newest first: what each was (loss,
 * learning rate, seed) and how it ended, each with a button that overlays it on the charts,
 * faded, beside the run shown now.
 */
import type { KeptRunInfo } from "../src/protocol/panel";
import { percent } from "./format";
import { t } from "./l10n";

/** The list shows this many; the rest stay in the folder. */
const SHOWN = 8;

export class KeptRunsView {
  readonly section: HTMLElement;
  private readonly list: HTMLUListElement;

  constructor(private readonly overlay: (id: string) => void) {
    this.section = document.createElement("section");
    this.section.className = "kept-runs";
    this.section.dataset.testid = "kept-runs";
    this.section.hidden = true;
    const heading = document.createElement("h3");
    heading.textContent = t("Kept runs of this spec");
    this.list = document.createElement("ul");
    this.section.append(heading, this.list);
  }

  show(runs: KeptRunInfo[]): void {
    this.section.hidden = runs.length === 0;
    this.list.replaceChildren(
      ...runs.slice(0, SHOWN).map((r) => {
        const li = document.createElement("li");
        const when = r.kept.slice(0, 16).replace("T", " ");
        const result =
          r.valAccuracy === null ? t("accuracy {0}", percent(r.accuracy)) : t("accuracy {0}, validation {1}", percent(r.accuracy), percent(r.valAccuracy));
        li.textContent = `${when} · ${r.loss}, lr ${r.learningRate}, ${t("seed {0}", r.seed)} · ${t("{0} epochs", r.epochs)} · ${result} `;
        const button = document.createElement("button");
        button.textContent = t("Overlay");
        button.setAttribute("aria-label", t("Overlay the run kept {0} on the charts", when));
        button.addEventListener("click", () => this.overlay(r.id));
        li.append(button);
        return li;
      }),
    );
  }
}
