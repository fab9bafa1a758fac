/**
 * What the run's latest epoch shows, in words (src/core/train/findings.ts): each finding's first
 * sentence (what is seen), opening to what it means and what to try, and its fix when there is an
 * obvious one (the editor offers the same as a Quick Fix on the spec). When a finding comes or
 * goes it is announced by name; the numbers in the messages, which move every epoch, are not.
 */
import type { Finding, FindingId } from "../src/core/train/findings";
import { t } from "./l10n";

const titles = (): Record<FindingId, string> => ({
  chance: t("At the chance level"),
  initialLoss: t("Starts too sure"),
  bouncing: t("Bouncing"),
  converged: t("Nothing left to learn"),
  vanishing: t("Vanishing gradient"),
  exploding: t("Exploding gradient"),
  dead: t("Dead units"),
  saturated: t("Saturated outputs"),
  updateRatio: t("Step size"),
  overfitting: t("Overfitting"),
  flatPlace: t("A flat place, not the goal"),
});

export class FindingsView {
  readonly section: HTMLElement;
  private readonly list: HTMLUListElement;
  /** Which findings are shown (id and layer), to announce only when that changes. */
  private shown = "";

  constructor(private readonly announce: (text: string) => void) {
    this.section = document.createElement("section");
    this.section.className = "findings-view";
    this.section.dataset.testid = "findings";
    const heading = document.createElement("h3");
    heading.textContent = t("Findings");
    this.list = document.createElement("ul");
    this.list.className = "findings";
    this.list.dataset.testid = "gradient-findings";
    this.section.append(heading, this.list);
    this.reset();
  }

  reset(): void {
    this.shown = "";
    this.list.replaceChildren(item(t("Findings appear after the first epoch: what the loss, the gradients and the steps show, and what to try.")));
  }

  /** The findings of the latest epoch (undefined before the first). */
  show(findings: readonly Finding[] | undefined): void {
    if (!findings) return;
    const named = titles();
    const which = findings.map((f) => `${f.id}@${f.layer}`).join();
    if (which !== this.shown) {
      if (this.shown !== "" || findings.length > 0) {
        this.announce(
          findings.length === 0
            ? t("No findings now.")
            : t("Findings: {0}", findings.map((f) => (f.layer === null ? named[f.id] : `${named[f.id]} (layers[${f.layer}])`)).join("; ")),
        );
      }
      this.shown = which;
    }
    if (findings.length === 0) {
      this.list.replaceChildren(item(t("No findings: the loss, the gradients and the steps look as they should so far.")));
      return;
    }
    // Each finding's first sentence says what is seen; the rest (what it means, what to try) opens on demand.
    const open = new Set([...this.list.querySelectorAll<HTMLDetailsElement>("details[open]")].map((d) => d.dataset.key));
    this.list.replaceChildren(
      ...findings.map((f) => {
        const li = document.createElement("li");
        li.dataset.finding = f.id;
        const details = document.createElement("details");
        details.dataset.key = `${f.id}@${f.layer}`;
        details.open = open.has(details.dataset.key);
        const { first, rest } = firstSentence(f.message);
        const summary = document.createElement("summary");
        summary.textContent = first;
        const more = document.createElement("div");
        more.textContent = rest;
        details.append(summary, more);
        if (f.fix) {
          const fix = document.createElement("div");
          fix.className = "finding-fix";
          fix.textContent = t("To try: {0} (a Quick Fix on the spec in the editor)", f.fix.title);
          details.append(fix);
        }
        li.append(details);
        return li;
      }),
    );
  }
}

/** A message's first sentence (up to a full stop followed by a space) and the rest. */
export function firstSentence(message: string): { first: string; rest: string } {
  const end = /\.\s/.exec(message);
  return end ? { first: message.slice(0, end.index + 1), rest: message.slice(end.index + 2) } : { first: message, rest: "" };
}

function item(text: string): HTMLLIElement {
  const li = document.createElement("li");
  li.className = "none";
  li.textContent = text;
  return li;
}
