/**
 * The data file an exported script reads: the training and validation data exactly as the
 * Trainer splits them (in the form of a spec's inline data), and the weights before the first
 * epoch (in the `init` format). The script need not re-implement NNSpec's data generators, CSV
 * reading, split or initialisers: it starts from the same numbers.
 */

import { Rng } from "../base/rng";
import type { Dataset } from "../data/dataset";
import { initialiseWeights } from "../nn/init";
import { Network } from "../nn/network";
import type { LoadedSpec } from "../spec/load";
import { copyWeightsIntoNetwork, networkToWeightsJson, type WeightsJson } from "../weights/weightsFile";

/**
 * Images, compactly: every pixel's byte in base64, and the rule NNSpec turns a byte into the
 * network's number by (byte × scale + offset, in that order, in float64), which the script
 * applies the same way, so its inputs are NNSpec's to the last bit.
 */
export interface ExportedPixels {
  /** [samples, height, width, channels]. */
  shape: number[];
  scale: number;
  offset: number;
  base64: string;
}

/** One part of the data, as a spec's inline data writes it: a row of features and a `y` per sample. */
export interface ExportedRows {
  /** One row of features per sample (none for images, which come as `pixels`). */
  x?: number[][];
  pixels?: ExportedPixels;
  /** Classification: the class index of each sample; regression: the targets of each sample. */
  y: number[] | number[][];
}

export interface ExportedData {
  name: string;
  task: "classification" | "regression";
  features: string[];
  /** Classification: a name per class index. */
  classes?: string[];
  train: ExportedRows;
  validation: ExportedRows;
  /** The weights before the first epoch, `weights[i][j]` from unit i below to unit j (Keras's layout). */
  init: WeightsJson;
}

/** A generator that counts the numbers drawn from it. */
class CountingRng extends Rng {
  draws = 0;

  override next(): number {
    this.draws++;
    return super.next();
  }
}

/**
 * The weights the Trainer starts from, computed as its constructor does (same network, same
 * initialiser, same generator seeded with training.seed), and how many numbers the initialiser
 * drew from that generator: the Trainer shuffles with the same generator afterwards, so a script
 * that reproduces its batch order must start that many draws in.
 */
export function initialWeights(loaded: LoadedSpec): { weights: WeightsJson; draws: number } {
  const { spec } = loaded;
  const net = new Network(spec.sizes, spec.activations);
  const rng = new CountingRng(spec.training.seed);
  if (loaded.initialWeights) copyWeightsIntoNetwork(loaded.initialWeights, net);
  else if (typeof spec.init === "string") initialiseWeights(net, spec.init, rng);
  return { weights: networkToWeightsJson(net), draws: rng.draws };
}

function rowsOf(d: Dataset): ExportedRows {
  const f = d.featureNames.length;
  if (d.pixels && d.x instanceof Uint8Array) {
    const { shape, scale, offset } = d.pixels;
    return { pixels: { shape: [d.rows, ...shape], scale, offset, base64: base64Of(d.x) }, y: Array.from(d.labels ?? []) };
  }
  const x: number[][] = [];
  for (let r = 0; r < d.rows; r++) x.push(Array.from(d.x.subarray(r * f, (r + 1) * f)));
  if (d.task === "classification") return { x, y: Array.from(d.labels ?? []) };
  const t = d.targetCount;
  const y: number[][] = [];
  for (let r = 0; r < d.rows; r++) y.push(Array.from((d.targets ?? new Float64Array(0)).subarray(r * t, (r + 1) * t)));
  return { x, y };
}

export function exportedData(loaded: LoadedSpec, init: WeightsJson): ExportedData {
  const { spec, train, validation } = loaded;
  return {
    name: spec.name,
    task: spec.task,
    features: [...train.featureNames],
    ...(spec.task === "classification" && { classes: [...(train.classNames ?? [])] }),
    train: rowsOf(train),
    validation: rowsOf(validation),
    init,
  };
}

/**
 * The data file's text: one sample or one row of weights a line, so that it reads like the
 * spec's inline data. JSON.stringify writes each double as the shortest text that reads back as
 * the same double, so Python's json module reads exactly the numbers the Trainer uses.
 */
export function exportedDataText(data: ExportedData): string {
  const json = JSON.stringify;
  const rows = (items: readonly unknown[], indent: string) =>
    items.length ? `[\n${items.map((r) => indent + json(r)).join(",\n")}\n${indent.slice(2)}]` : "[]";
  const features = (p: ExportedRows) => (p.pixels ? `"pixels": ${json(p.pixels)}` : `"x": ${rows(p.x ?? [], "      ")}`);
  const part = (p: ExportedRows) => `{\n    ${features(p)},\n    "y": ${Array.isArray(p.y[0]) ? rows(p.y, "      ") : json(p.y)}\n  }`;
  const layers = data.init.layers.map((l) => `    { "weights": ${rows(l.weights, "        ")},\n      "biases": ${json(l.biases)} }`);
  return [
    "{",
    `  "name": ${json(data.name)},`,
    `  "task": ${json(data.task)},`,
    `  "features": ${json(data.features)},`,
    ...(data.classes ? [`  "classes": ${json(data.classes)},`] : []),
    `  "train": ${part(data.train)},`,
    `  "validation": ${part(data.validation)},`,
    `  "init": { "layers": [\n${layers.join(",\n")}\n  ] }`,
    "}",
    "",
  ].join("\n");
}

/** `bytes` in base64, 3 MB at a time (each piece a whole number of 3-byte groups, so no padding inside). */
function base64Of(bytes: Uint8Array): string {
  const pieces: string[] = [];
  const step = 3 * 1024 * 1024;
  for (let at = 0; at < bytes.length; at += step) {
    const piece = bytes.subarray(at, at + step);
    let binary = "";
    for (let i = 0; i < piece.length; i += 8192) binary += String.fromCharCode(...piece.subarray(i, i + 8192));
    pieces.push(btoa(binary));
  }
  return pieces.join("");
}
