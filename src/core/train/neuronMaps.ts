/**
 * What each unit computes over the input plane, for networks with two inputs: a unit's output
 * at every cell of a small grid over the data's range, as TensorFlow Playground draws inside
 * its neurons. Hidden units show the features a layer has built from the one below; the output
 * units show the answer.
 */
import type { Network } from "../nn/network";
import { type Extent, writeGridInputs } from "./boundary";

export interface NeuronMaps {
  /** Cells per side; cell order as in BoundaryGrid (row by row from yMin, x from xMin). */
  resolution: number;
  /**
   * One entry per layer, the input layer first (its units are the two features): for each of
   * the units asked for, in that order, resolution² values (unit-major).
   */
  layers: Float32Array[];
}

/** The values of units `unitsOf(k)` of every layer k over the grid, from one forward pass. */
export function neuronMaps(net: Network, extent: Extent, resolution: number, unitsOf: (layer: number) => readonly number[]): NeuronMaps {
  const cells = resolution * resolution;
  const input = net.inputBuffer(cells);
  writeGridInputs(input, 0, cells, extent, resolution);
  net.forward(cells);
  const layers: Float32Array[] = [];
  for (let k = 0; k <= net.layerCount; k++) {
    const width = net.sizes[k];
    const units = unitsOf(k);
    const layerValues = k === 0 ? input : net.layerOutput(k - 1);
    const values = new Float32Array(units.length * cells);
    units.forEach((unit, u) => {
      for (let c = 0; c < cells; c++) values[u * cells + c] = layerValues[c * width + unit];
    });
    layers.push(values);
  }
  return { resolution, layers };
}
