/**
 * The panel's fixed colours and their arithmetic (no DOM): a value's sign, the classes' colours,
 * CSS rgb() text and WCAG's luminance. Class colours are Okabe–Ito's vermilion and blue: told
 * apart with every common colour-vision deficiency, and still "red" and "blue" as the lesson
 * calls them. The theme's own colours are read in theme.ts.
 */

/**
 * A value's sign: blue positive, vermilion negative (edges, unit pictures, the confusion matrix's
 * right and wrong cells). Where it matters, the sign is shown by more than colour too (dashed
 * negative edges).
 */
export const SIGN_COLOURS = { positive: [0, 114, 178], negative: [213, 94, 0] } as const satisfies Record<string, readonly [number, number, number]>;

export function rgb([r, g, b]: readonly [number, number, number], alpha = 1): string {
  return alpha === 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

export const CLASS_COLOURS: [number, number, number][] = [
  [213, 94, 0], // vermilion ("red")
  [0, 114, 178], // blue
  [0, 158, 115], // bluish green
  [230, 159, 0], // orange
  [204, 121, 167], // reddish purple
  [86, 180, 233], // sky blue
  [240, 228, 66], // yellow
];

export function classColour(k: number, alpha = 1): string {
  return rgb(CLASS_COLOURS[k % CLASS_COLOURS.length], alpha);
}

/** WCAG 2's relative luminance of an sRGB colour (0–255 channels). */
export function luminance(rgbValues: readonly number[]): number {
  const [r, g, b] = rgbValues.map((c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
