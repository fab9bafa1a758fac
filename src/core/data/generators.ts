/**
 * Seeded 2-D data sets in the spirit of TensorFlow Playground's, scaled to about [-1, 1] so that
 * default initialisations and learning rates work. Classification sets have two classes:
 * 0 = "red", 1 = "blue", half the points each. `noise` (0..1) jitters the points' positions
 * (classification) or the targets (regression) without changing their labels.
 */

import { Rng } from "../base/rng";
import type { Dataset } from "./dataset";

export const CLASSIFICATION_SOURCES = ["circle", "xor", "gaussian", "spiral", "moons", "linear"] as const;
export const REGRESSION_SOURCES = ["plane", "gaussianHill"] as const;

export type ClassificationSource = (typeof CLASSIFICATION_SOURCES)[number];
export type RegressionSource = (typeof REGRESSION_SOURCES)[number];
export type GeneratedSource = ClassificationSource | RegressionSource;

export const CLASS_NAMES = ["red", "blue"];

/** Largest jitter, in data units, at noise 1. */
const JITTER = 0.5;

type Point = [number, number];

function classification(points: Point[], labels: number[]): Dataset {
  const x = new Float64Array(points.length * 2);
  points.forEach(([a, b], i) => {
    x[2 * i] = a;
    x[2 * i + 1] = b;
  });
  return {
    task: "classification",
    rows: points.length,
    featureNames: ["x1", "x2"],
    x,
    labels: Int32Array.from(labels),
    classNames: CLASS_NAMES,
    classListComplete: true,
    targetCount: 1,
  };
}

export function generate(source: GeneratedSource, samples: number, noise: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const jitter = () => rng.uniform(-1, 1) * noise * JITTER;
  const points: Point[] = [];
  const labels: number[] = [];
  const add = (a: number, b: number, label: number) => {
    points.push([a + jitter(), b + jitter()]);
    labels.push(label);
  };
  const half = Math.floor(samples / 2);
  switch (source) {
    case "circle":
      // Blue inside radius 0.5, red in a ring from 0.7 to 1.
      for (let i = 0; i < samples; i++) {
        const inner = i < half;
        const r = inner ? rng.uniform(0, 0.5) : rng.uniform(0.7, 1);
        const angle = rng.uniform(0, 2 * Math.PI);
        add(r * Math.sin(angle), r * Math.cos(angle), inner ? 1 : 0);
      }
      return classification(points, labels);
    case "xor":
      // Blue where x1·x2 > 0; points kept a little away from the axes.
      for (let i = 0; i < samples; i++) {
        const pad = 0.05;
        let a = rng.uniform(-1, 1);
        let b = rng.uniform(-1, 1);
        a += a > 0 ? pad : -pad;
        b += b > 0 ? pad : -pad;
        add(a, b, a * b > 0 ? 1 : 0);
      }
      return classification(points, labels);
    case "gaussian":
      // Two round clusters; noise widens them until they overlap.
      for (let i = 0; i < samples; i++) {
        const blue = i < half;
        const c = blue ? 0.45 : -0.45;
        const std = 0.12 + 0.3 * noise;
        points.push([c + std * rng.normal(), c + std * rng.normal()]);
        labels.push(blue ? 1 : 0);
      }
      return classification(points, labels);
    case "spiral":
      // Two interleaved arms, each turning 1.75 times around the centre.
      for (let i = 0; i < samples; i++) {
        const blue = i < half;
        const k = blue ? i : i - half;
        const n = blue ? half : samples - half;
        const r = k / n;
        const t = 1.75 * r * 2 * Math.PI + (blue ? 0 : Math.PI);
        add(r * Math.sin(t), r * Math.cos(t), blue ? 1 : 0);
      }
      return classification(points, labels);
    case "moons":
      // Two interleaving half circles (as scikit-learn's make_moons), centred and scaled.
      for (let i = 0; i < samples; i++) {
        const blue = i < half;
        const t = rng.uniform(0, Math.PI);
        const a = blue ? Math.cos(t) : 1 - Math.cos(t);
        const b = blue ? Math.sin(t) : 0.5 - Math.sin(t);
        add((a - 0.5) * 0.75, (b - 0.25) * 0.75, blue ? 1 : 0);
      }
      return classification(points, labels);
    case "linear":
      // Blue above the line x2 = -x1.
      for (let i = 0; i < samples; i++) {
        const a = rng.uniform(-1, 1);
        const b = rng.uniform(-1, 1);
        add(a, b, a + b > 0 ? 1 : 0);
      }
      return classification(points, labels);
    case "plane":
    case "gaussianHill": {
      const x = new Float64Array(samples * 2);
      const targets = new Float64Array(samples);
      for (let i = 0; i < samples; i++) {
        const a = rng.uniform(-1, 1);
        const b = rng.uniform(-1, 1);
        x[2 * i] = a;
        x[2 * i + 1] = b;
        const clean = source === "plane" ? (a + b) / 2 : Math.exp(-(a * a + b * b) / (2 * 0.4 * 0.4));
        targets[i] = clean + jitter();
      }
      return { task: "regression", rows: samples, featureNames: ["x1", "x2"], x, targets, targetCount: 1 };
    }
  }
}
