/** The sample card's small parts: its table rows, and copying its pictures to a kept card. */

/** A cloned canvas is blank: copies each picture of `from` onto the canvas at its place in `to`. */
export function copyCanvases(from: HTMLElement, to: HTMLElement): void {
  const drawn = from.querySelectorAll("canvas");
  to.querySelectorAll("canvas").forEach((c, i) => {
    c.width = drawn[i].width;
    c.height = drawn[i].height;
    c.getContext("2d")?.drawImage(drawn[i], 0, 0);
  });
}

export function row(tag: "td" | "th", cells: string[]): HTMLTableRowElement {
  const tr = document.createElement("tr");
  for (const text of cells) {
    const c = document.createElement(tag);
    c.textContent = text;
    tr.append(c);
  }
  return tr;
}
