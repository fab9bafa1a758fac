/**
 * Colours from VS Code's theme variables, so the panel reads well in light, dark and
 * high-contrast themes (the fixed ones, a value's sign and the classes', are in colours.ts).
 */
import { luminance, rgb, SIGN_COLOURS } from "./colours";

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

/**
 * Text for a cell shaded `shade` at `alpha` over the panel's `background`: black or white,
 * whichever contrasts more with the blend (one of them always reaches WCAG's 4.5:1, whatever the
 * shade and theme, where the theme's own text colour may not).
 */
export function textOn(shade: readonly [number, number, number], alpha: number, background: string): "#000000" | "#ffffff" {
  const under = parseColour(background);
  const blend = shade.map((c, i) => c * alpha + under[i] * (1 - alpha));
  const l = luminance(blend);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? "#000000" : "#ffffff";
}

/** Any CSS colour as its red, green and blue (as the browser computes it; black when it is not one). */
function parseColour(css: string): [number, number, number] {
  const probe = document.createElement("span");
  probe.style.color = css;
  probe.hidden = true;
  document.body.append(probe);
  const computed = getComputedStyle(probe).color;
  probe.remove();
  const [r = 0, g = 0, b = 0] = (computed.match(/[\d.]+/g) ?? []).map(Number);
  return [r, g, b];
}

export function theme() {
  return {
    foreground: cssVar("--vscode-editor-foreground", "#cccccc"),
    muted: cssVar("--vscode-descriptionForeground", "#999999"),
    grid: cssVar("--vscode-editorWidget-border", "rgba(128,128,128,0.3)"),
    background: cssVar("--vscode-editor-background", "#1e1e1e"),
    train: cssVar("--vscode-charts-blue", "#3794ff"),
    validation: cssVar("--vscode-charts-orange", "#d18616"),
    positive: rgb(SIGN_COLOURS.positive),
    negative: rgb(SIGN_COLOURS.negative),
    past: cssVar("--vscode-disabledForeground", "rgba(128,128,128,0.6)"),
    layerColours: [
      cssVar("--vscode-charts-blue", "#3794ff"),
      cssVar("--vscode-charts-orange", "#d18616"),
      cssVar("--vscode-charts-green", "#89d185"),
      cssVar("--vscode-charts-purple", "#b180d7"),
      cssVar("--vscode-charts-red", "#f14c4c"),
      cssVar("--vscode-charts-yellow", "#cca700"),
      // VS Code's chart palette has six colours; deeper networks continue with Okabe–Ito's.
      "rgb(86, 180, 233)",
      "rgb(204, 121, 167)",
      "rgb(0, 158, 115)",
      "rgb(230, 159, 0)",
    ],
  };
}

/** `colour` (any CSS colour the theme gives: #rgb, #rrggbb, rgb(), …) with transparency `alpha`. */
export function withAlpha(colour: string, alpha: number): string {
  const g = document.createElement("canvas").getContext("2d");
  if (!g) return colour;
  // The canvas normalises any colour it accepts to #rrggbb (or rgba() when it has transparency).
  g.fillStyle = colour;
  const normal = g.fillStyle;
  const hex = /^#([0-9a-f]{6})$/i.exec(normal);
  if (hex) {
    const n = Number.parseInt(hex[1], 16);
    return rgb([(n >> 16) & 255, (n >> 8) & 255, n & 255], alpha);
  }
  const parts = /^rgba?\(([^,]+),([^,]+),([^,)]+)/.exec(normal);
  return parts ? rgb([Number(parts[1]), Number(parts[2]), Number(parts[3])], alpha) : colour;
}
