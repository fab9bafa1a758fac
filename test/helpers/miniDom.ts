/**
 * Just enough of the DOM for a panel view that builds elements and sets their text (the sample
 * card): elements with children, text, dataset, attributes, listeners and deep clones. Text is
 * read back as textContent; "[data-testid]" is the one selector it answers.
 */

type Listener = (event: { key?: string; preventDefault(): void }) => void;

export class MiniElement {
  children: (MiniElement | string)[] = [];
  className = "";
  dataset: Record<string, string> = {};
  style: Record<string, string> = { cssText: "" };
  hidden = false;
  title = "";
  disabled = false;
  type = "";
  min = "";
  max = "";
  value = "";
  tabIndex = -1;
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, Listener[]>();

  constructor(readonly tagName: string) {}

  get textContent(): string {
    return this.children.map((c) => (typeof c === "string" ? c : c.textContent)).join("");
  }

  set textContent(text: string) {
    this.children = text ? [text] : [];
  }

  get childElementCount(): number {
    return this.children.filter((c) => typeof c !== "string").length;
  }

  get childNodes(): (MiniElement | string)[] {
    return [...this.children];
  }

  append(...nodes: (MiniElement | string)[]): void {
    this.children.push(...nodes);
  }

  replaceChildren(...nodes: (MiniElement | string)[]): void {
    this.children = [...nodes];
  }

  setAttribute(name: string, value: string): void {
    if (name === "data-testid") this.dataset.testid = value;
    else this.attributes.set(name, value);
  }

  getAttribute(name: string): string | null {
    return name === "data-testid" ? (this.dataset.testid ?? null) : (this.attributes.get(name) ?? null);
  }

  removeAttribute(name: string): void {
    if (name === "data-testid") delete this.dataset.testid;
    else this.attributes.delete(name);
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  /** Runs the element's listeners for `type` (a click, say). */
  dispatch(type: string, event: { key?: string } = {}): void {
    for (const l of this.listeners.get(type) ?? []) l({ ...event, preventDefault() {} });
  }

  cloneNode(deep = false): MiniElement {
    const copy = new MiniElement(this.tagName);
    Object.assign(copy, { className: this.className, hidden: this.hidden, title: this.title, dataset: { ...this.dataset }, style: { ...this.style } });
    for (const [k, v] of this.attributes) copy.attributes.set(k, v);
    if (deep) copy.children = this.children.map((c) => (typeof c === "string" ? c : c.cloneNode(true)));
    return copy;
  }

  /** Every element below this one (in document order). */
  descendants(): MiniElement[] {
    return this.children.flatMap((c) => (typeof c === "string" ? [] : [c, ...c.descendants()]));
  }

  querySelectorAll(selector: string): MiniElement[] {
    if (selector !== "[data-testid]") throw new Error(`miniDom answers only [data-testid], not ${selector}`);
    return this.descendants().filter((e) => e.dataset.testid !== undefined);
  }

  /** The element below this one with this test id. */
  byTestId(id: string): MiniElement | undefined {
    return this.descendants().find((e) => e.dataset.testid === id);
  }
}

/** Installs a `document` that makes MiniElements, for the duration of a test file. */
export function installMiniDom(): void {
  (globalThis as { document?: unknown }).document = {
    createElement: (tag: string) => new MiniElement(tag),
    createTextNode: (text: string) => text,
  };
}
