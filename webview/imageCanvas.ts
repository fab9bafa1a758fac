/** A canvas showing pixels at their own size, scaled up by CSS without smoothing (every pixel a square). */
export function pixelCanvas(pixels: Uint8ClampedArray<ArrayBuffer>, width: number, height: number, shownWidth: number): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  paint(canvas, pixels, width, height);
  canvas.style.width = `${shownWidth}px`;
  canvas.style.height = `${Math.round((shownWidth * height) / width)}px`;
  canvas.style.imageRendering = "pixelated";
  return canvas;
}

export function paint(canvas: HTMLCanvasElement, pixels: Uint8ClampedArray<ArrayBuffer>, width: number, height: number): void {
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d")?.putImageData(new ImageData(pixels, width, height), 0, 0);
}

/** The diverging colours' legend: vermilion − … white 0 … + blue, with the two ends' numbers. */
export function divergingLegend(low: string, high: string, lowLabel: string, highLabel: string): HTMLElement {
  const legend = document.createElement("div");
  legend.className = "diverging-legend";
  const bar = document.createElement("span");
  bar.className = "diverging-bar";
  bar.setAttribute("aria-hidden", "true");
  const left = document.createElement("span");
  left.textContent = `− ${low} ${lowLabel}`;
  const right = document.createElement("span");
  right.textContent = `${highLabel} + ${high}`;
  legend.append(left, bar, right);
  return legend;
}
