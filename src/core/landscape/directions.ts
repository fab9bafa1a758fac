/**
 * The two directions a loss landscape's plane is spanned by (Li et al. 2018, "Visualizing the
 * Loss Landscape of Neural Nets"), and where a path of weights lies on that plane.
 *
 * - Random, normalised filter by filter: each direction is Gaussian, then for every unit the
 *   part of the direction that holds the unit's incoming weights is scaled to the norm of those
 *   weights, so a step of 1 along it changes every unit by as much as its own weights are large
 *   (a layer of large weights and one of small ones move alike). Biases get 0, as Li et al. set
 *   them: a unit's bias has no row of weights to be scaled to, and the plane is about the weights.
 * - The path's principal directions: the two unit vectors that explain most of the path's
 *   weights, measured from the current point (the plane passes through it), so the path drawn
 *   on the plane is as close to the real one as any plane's can be.
 */
import { Rng } from "../base/rng";
import type { Network } from "../nn/network";
import { dot } from "./parameterVector";

export interface PlaneDirections {
  d1: Float64Array;
  d2: Float64Array;
  /** Path directions: the share of the path's spread (its squared distance from the current point) each explains. */
  explained: [number, number] | null;
}

/** Two Gaussian directions, each unit's incoming weights scaled to the norm of that unit's weights; biases 0. */
export function randomDirections(net: Network, seed: number): PlaneDirections {
  const rng = new Rng(seed);
  const make = () => {
    const d = new Float64Array(net.parameterCount);
    let at = 0;
    for (let k = 0; k < net.layerCount; k++) {
      const inDim = net.sizes[k];
      const outDim = net.sizes[k + 1];
      const w = net.weights[k];
      for (let i = 0; i < w.length; i++) d[at + i] = rng.normal();
      for (let j = 0; j < outDim; j++) {
        let wNorm = 0;
        let dNorm = 0;
        for (let i = 0; i < inDim; i++) {
          wNorm += w[i * outDim + j] ** 2;
          dNorm += d[at + i * outDim + j] ** 2;
        }
        const scale = dNorm > 0 ? Math.sqrt(wNorm / dNorm) : 0;
        for (let i = 0; i < inDim; i++) d[at + i * outDim + j] *= scale;
      }
      at += w.length + outDim; // the biases stay 0
    }
    return d;
  };
  return { d1: make(), d2: make(), explained: null };
}

/**
 * The first two principal directions of `path` about `center`: the top two eigenvectors of
 * Σ (wᵢ − center)(wᵢ − center)ᵀ, found through the small Gram matrix of the path's points
 * (points × points, not parameters × parameters). Null when the path does not leave the center
 * in two independent directions (fewer than two epochs, or a straight line: then a random
 * second direction is the honest choice, and the caller says so).
 */
export function pathDirections(path: readonly Float64Array[], center: Float64Array): PlaneDirections | null {
  const rows = path.map((w) => w.map((v, i) => v - center[i]));
  const n = rows.length;
  if (n < 2) return null;
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) gram[i * n + j] = gram[j * n + i] = dot(rows[i], rows[j]);
  const { values, vectors } = symmetricEigen(gram, n);
  const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a]);
  const total = values.reduce((s, v) => s + Math.max(0, v), 0);
  if (!(total > 0) || !(values[order[1]] > 1e-12 * total)) return null;
  const direction = (e: number) => {
    const d = new Float64Array(center.length);
    for (let i = 0; i < n; i++) {
      const c = vectors[i * n + e];
      const r = rows[i];
      for (let p = 0; p < d.length; p++) d[p] += c * r[p];
    }
    const norm = Math.sqrt(dot(d, d));
    return d.map((v) => v / norm);
  };
  return { d1: direction(order[0]), d2: direction(order[1]), explained: [values[order[0]] / total, values[order[1]] / total] };
}

/**
 * (α, β) of each point's closest point on the plane center + α·d1 + β·d2 (least squares, so it
 * holds for directions that are not orthogonal, as random ones are not quite).
 */
export function projectOntoPlane(points: readonly Float64Array[], center: Float64Array, d1: Float64Array, d2: Float64Array): { alpha: number; beta: number }[] {
  const a = dot(d1, d1);
  const b = dot(d1, d2);
  const c = dot(d2, d2);
  const det = a * c - b * b;
  return points.map((w) => {
    let p = 0;
    let q = 0;
    for (let i = 0; i < w.length; i++) {
      const x = w[i] - center[i];
      p += x * d1[i];
      q += x * d2[i];
    }
    return det > 0 ? { alpha: (c * p - b * q) / det, beta: (a * q - b * p) / det } : { alpha: 0, beta: 0 };
  });
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, row-major n × n) of a symmetric matrix,
 * by cyclic Jacobi rotations: the path has at most a few hundred points, and Jacobi is exact
 * to rounding for the repeated and zero eigenvalues a path in a plane has.
 */
function symmetricEigen(matrix: Float64Array, n: number): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    let diagonal = 0;
    for (let i = 0; i < n; i++) {
      diagonal += a[i * n + i] ** 2;
      for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    }
    if (off <= 1e-30 * diagonal || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cos = 1 / Math.sqrt(t * t + 1);
        const sin = t * cos;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = cos * akp - sin * akq;
          a[k * n + q] = sin * akp + cos * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = cos * apk - sin * aqk;
          a[q * n + k] = sin * apk + cos * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = cos * vkp - sin * vkq;
          v[k * n + q] = sin * vkp + cos * vkq;
        }
      }
    }
  }
  return { values: Array.from({ length: n }, (_, i) => a[i * n + i]), vectors: v };
}
