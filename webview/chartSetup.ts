/** Chart.js, with only the parts the panel uses registered (keeps the bundle small). */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Decimation,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from "chart.js";
import { theme } from "./theme";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Decimation,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
);

export function applyTheme(): void {
  const t = theme();
  Chart.defaults.color = t.foreground;
  Chart.defaults.borderColor = t.grid;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 11;
  // Live charts: animation would lag behind and cost time on every update.
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
}

export { Chart };

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
  holder.append(canvas);
  section.append(heading, holder, caption);
  return { section, canvas, caption };
}
