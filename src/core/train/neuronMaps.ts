/**
 * What each unit computes over the input plane, for networks with two inputs: a unit's output
 * at every cell of a small grid over the data's range, as TensorFlow Playground draws inside
 * its neurons. Hidden units show the features a layer has built from the one below; the output
 * units show the answer.
 */
import type { Network } from "../nn/network";
import { type Extent, GRID_CHUNK, writeGridInputs } from "./boundary";

export interface NeuronMaps {
  /** Cells per side; cell order as in BoundaryGrid (row by row from yMin, x from xMin). */
  resolution: number;
  /**
   * One entry per layer, the input layer first (its units are the two features): for each of
   * the units asked for, in that order, resolution² values (unit-major).
   */
  layers: Float32Array[];
}

/** Which units of layer k get a picture. */
export type UnitsOf = (layer: number) => readonly number[];

/** Empty pictures of units `unitsOf(k)` of every layer, for fillNeuronMaps to fill. */
export function emptyNeuronMaps(net: Network, resolution: number, unitsOf: UnitsOf): NeuronMaps {
  const cells = resolution * resolution;
  return { resolution, layers: net.sizes.map((_, k) => new Float32Array(unitsOf(k).length * cells)) };
}

/**
 * Fills cells start … start + count − 1 of every picture from forward passes over those cells,
 * so a caller can spread the work over several turns.
 */
export function fillNeuronMaps(net: Network, extent: Extent, maps: NeuronMaps, unitsOf: UnitsOf, start: number, count: number): void {
  const cells = maps.resolution * maps.resolution;
  const input = net.inputBuffer(Math.min(count, GRID_CHUNK));
  for (let from = start; from < start + count; from += GRID_CHUNK) {
    const rows = Math.min(GRID_CHUNK, start + count - from);
    writeGridInputs(input, from, rows, extent, maps.resolution);
    net.forward(rows);
    for (let k = 0; k <= net.layerCount; k++) {
      const width = net.sizes[k];
      const layerValues = k === 0 ? input : net.layerOutput(k - 1);
      const values = maps.layers[k];
      unitsOf(k).forEach((unit, u) => {
        for (let r = 0; r < rows; r++) values[u * cells + from + r] = layerValues[r * width + unit];
      });
    }
  }
}

/** The values of units `unitsOf(k)` of every layer k over the grid. */
export function neuronMaps(net: Network, extent: Extent, resolution: number, unitsOf: UnitsOf): NeuronMaps {
  const maps = emptyNeuronMaps(net, resolution, unitsOf);
  fillNeuronMaps(net, extent, maps, unitsOf, 0, resolution * resolution);
  return maps;
}
