/** Chart.js, with only the parts the panel uses registered (keeps the bundle small). */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from "chart.js";
import { t } from "./l10n";
import { theme } from "./theme";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
);

/**
 * Chart.js's defaults from VS Code's theme, and the same colours on every chart already drawn:
 * Chart.js applies changed defaults to new charts only, so existing ones are restyled here.
 */
export function applyTheme(): void {
  const t = theme();
  Chart.defaults.color = t.foreground;
  Chart.defaults.borderColor = t.grid;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 11;
  // Live charts: animation would lag behind and cost time on every update.
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  for (const chart of Object.values(Chart.instances)) {
    const options = chart.options as {
      scales?: Record<string, { ticks?: { color?: string }; grid?: { color?: string }; title?: { color?: string }; border?: { color?: string } }>;
      plugins?: { legend?: { labels?: { color?: string } } };
    };
    for (const scale of Object.values(options.scales ?? {})) {
      scale.ticks = { ...scale.ticks, color: t.foreground };
      scale.grid = { ...scale.grid, color: t.grid };
      scale.border = { ...scale.border, color: t.grid };
      scale.title = { ...scale.title, color: t.foreground };
    }
    if (options.plugins?.legend) options.plugins.legend.labels = { ...options.plugins.legend.labels, color: t.foreground };
    chart.update();
  }
}

/**
 * Calls `listener` when VS Code switches theme: it changes the body's class (vscode-light,
 * vscode-dark, vscode-high-contrast…) and the CSS variables on the root element. VS Code also
 * rewrites those attributes when nothing about the theme changed (focus moving in and out of the
 * panel), so the listener runs only when the colours the panel uses are really different:
 * restyling every chart on each such rewrite would keep the page busy while it has focus.
 */
export function onThemeChange(listener: () => void): void {
  const signature = () => {
    const c = theme();
    return [
      document.body.className
        .split(/\s+/)
        .filter((k) => k.startsWith("vscode-"))
        .sort()
        .join(),
      c.foreground,
      c.background,
      c.train,
      c.grid,
    ].join("|");
  };
  let last = signature();
  let pending = false;
  const changed = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const now = signature();
      if (now === last) return;
      last = now;
      listener();
    });
  };
  new MutationObserver(changed).observe(document.body, { attributes: true, attributeFilter: ["class"] });
  new MutationObserver(changed).observe(document.documentElement, { attributes: true, attributeFilter: ["style"] });
}

export { Chart };

/** Where "Save as PNG" sends a chart's picture (main.ts: to the host, which asks where to save it). */
let savePicture: (name: string, dataUrl: string) => void = () => undefined;
export function onSavePicture(save: (name: string, dataUrl: string) => void): void {
  savePicture = save;
}

/** A chart's picture on the theme's background (a canvas is transparent), for slides and notes. */
function picture(canvas: HTMLCanvasElement): string {
  const out = document.createElement("canvas");
  out.width = canvas.width;
  out.height = canvas.height;
  const g = out.getContext("2d");
  if (!g) return canvas.toDataURL("image/png");
  g.fillStyle = theme().background;
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(canvas, 0, 0);
  return out.toDataURL("image/png");
}

/** A small "Save as PNG" button for a chart's canvases (the first is saved). */
export function saveButton(name: string, canvas: () => HTMLCanvasElement | null): HTMLButtonElement {
  const button = document.createElement("button");
  button.className = "save-png";
  button.textContent = t("Save as PNG");
  button.setAttribute("aria-label", t("Save as PNG: {0}", name));
  button.addEventListener("click", () => {
    const c = canvas();
    if (c)
      savePicture(
        name
          .replace(/[^\w -]/g, " ")
          .trim()
          .slice(0, 80) || "chart",
        picture(c),
      );
  });
  return button;
}

/** A titled section holding one chart's canvas. */
export function chartSection(testid: string, title: string): { section: HTMLElement; canvas: HTMLCanvasElement; caption: HTMLElement } {
  const section = document.createElement("section");
  section.className = "chart";
  section.dataset.testid = testid;
  const heading = document.createElement("h3");
  heading.textContent = title;
  const caption = document.createElement("div");
  caption.className = "caption";
  const holder = document.createElement("div");
  holder.className = "canvas-holder";
  const canvas = document.createElement("canvas");
  // A canvas is a picture to a screen reader: it gets a name now and its numbers as they come.
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", title);
  holder.append(canvas);
  const head = document.createElement("div");
  head.className = "chart-head";
  head.append(
    heading,
    saveButton(title, () => canvas),
  );
  section.append(head, holder, caption);
  return { section, canvas, caption };
}
