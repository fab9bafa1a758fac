/**
 * Where the layer diagram puts each layer and unit (no DOM): columns spread across the width,
 * each layer's drawn units centred on the middle, a large layer's hidden units as one "+N" slot
 * between its first and last drawn ones. With two inputs each unit holds a picture, so units are
 * larger squares, further apart, and the diagram grows to fit the tallest layer.
 */
import { drawnUnits, MAX_DRAWN_UNITS } from "../src/protocol/diagramUnits";

export const WIDTH = 560;
export const HEIGHT = 300;
/** The radius of a plain unit (a circle). */
export const RADIUS = 8;
/** Half the side of a unit that holds a picture. */
export const MAPPED_RADIUS = 14;
/** Distance between the centres of such units. */
export const MAPPED_GAP = 34;

export interface DiagramLayout {
  /** Whether units hold pictures (two inputs). */
  mapped: boolean;
  /** The diagram's height (its width is WIDTH). */
  height: number;
  /** Per layer: the units drawn (their indices in the layer) and how many are left out. */
  shown: { units: number[]; hidden: number }[];
  /** The centre of layer k's column. */
  x(k: number): number;
  /** The centre of drawn unit a of layer k. */
  unitY(k: number, a: number): number;
  /** Where layer k's "+N" label sits (the slot between its first and last drawn units). */
  hiddenY(k: number): number;
}

/** The layout of a network with layer sizes `sizes`; `image`: its input is drawn as one block. */
export function diagramLayout(sizes: readonly number[], image: boolean): DiagramLayout {
  const columns = sizes.length;
  const x = (k: number) => 40 + (k * (WIDTH - 80)) / Math.max(1, columns - 1);
  const shown = sizes.map((n) => ({ units: drawnUnits(n), hidden: n - drawnUnits(n).length }));
  const mapped = sizes[0] === 2;
  let slots = 0;
  for (const l of shown) slots = Math.max(slots, l.units.length + (l.hidden ? 1 : 0));
  const height = mapped ? Math.max(HEIGHT, slots * MAPPED_GAP + 70) : HEIGHT;
  const y = (k: number, slot: number) => {
    const count = shown[k].units.length + (shown[k].hidden ? 1 : 0);
    // An image's input units sit under its block (inputBlock.ts), their edges leaving from it.
    const gap = k === 0 && image ? 56 / Math.max(1, count) : mapped ? MAPPED_GAP : Math.min(26, (height - 60) / Math.max(1, count));
    return height / 2 - 10 + (slot - (count - 1) / 2) * gap;
  };
  // Position of drawn unit a of layer k, leaving a slot for the "+N" label in the middle.
  const slotOf = (k: number, a: number) => (shown[k].hidden && a >= MAX_DRAWN_UNITS / 2 ? a + 1 : a);
  return { mapped, height, shown, x, unitY: (k, a) => y(k, slotOf(k, a)), hiddenY: (k) => y(k, MAX_DRAWN_UNITS / 2) };
}
