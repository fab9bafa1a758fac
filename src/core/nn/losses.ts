/**
 * The losses, one record each (losses/*.ts), and the few operations every room asks of them.
 * Conventions (nnspec-format.md, "Semantics that tests rely on"): MAE, MSE, Huber and binary
 * cross-entropy are means over samples and output units, as in the lesson's worked examples
 * (prediction [0.8, 0.2], target [1, 0]: MAE 0.2, MSE 0.04); cross-entropy is the mean over
 * samples of −Σ t·ln p. Adding a loss is writing a LossRecord and passing it to registerLoss.
 */
import type { Task } from "../base/task";
import type { ActivationName, ActivationRecord } from "./activations";
import { BINARY_CROSS_ENTROPY } from "./losses/binaryCrossEntropy";
import { CROSS_ENTROPY } from "./losses/crossEntropy";
import { HUBER } from "./losses/huber";
import type { LossRecord } from "./losses/lossRecord";
import { MAE } from "./losses/mae";
import { MSE } from "./losses/mse";

export { logSumExp } from "./losses/crossEntropy";
export { HUBER_DELTA } from "./losses/huber";
export type { FusedOutput, LossRecord } from "./losses/lossRecord";

/** The losses NNSpec comes with, in the order lists show them. */
const BUILT_IN = [MAE, MSE, CROSS_ENTROPY, BINARY_CROSS_ENTROPY, HUBER] as const;
/** The built-in losses' ids (the schema file lists these; a registered loss is accepted too). */
export const LOSSES: readonly string[] = BUILT_IN.map((r) => r.id);
/** A loss's id: one of the built-in ones, or one registered since (isLoss tells). */
export type LossName = string;

/** The loss a spec gets when its output has no loss made for it: any output, any target. */
export const DEFAULT_LOSS: LossName = MSE.id;

const records = new Map<string, LossRecord>(BUILT_IN.map((r) => [r.id, r]));

/** The ids of every loss, built-in first, then as registered. */
export function lossNames(): LossName[] {
  return [...records.keys()];
}

/** Whether `name` is a loss's id. */
export function isLoss(name: unknown): name is LossName {
  return typeof name === "string" && records.has(name);
}

/** The record of a loss; throws for a name that is none (the spec's checks catch those first). */
export function lossRecord(name: LossName): LossRecord {
  const record = records.get(name);
  if (!record) throw new Error(`no loss is called ${JSON.stringify(name)}`);
  return record;
}

/** Adds a loss; every room (spec checks, training, the card, the export) knows it from then on. */
export function registerLoss(record: LossRecord): void {
  if (records.has(record.id)) throw new Error(`a loss called ${JSON.stringify(record.id)} exists already`);
  records.set(record.id, record);
}

/** Whether `loss` can train a `task` whose output layer is `output`. */
export function lossSuits(loss: LossName, task: Task, output: ActivationName): boolean {
  const { tasks, outputs } = lossRecord(loss).suits;
  return tasks.includes(task) && (outputs === undefined || outputs.includes(output));
}

/** The loss made for an output activation (its fused pairing: softmax → cross-entropy), if any. */
export function lossMadeFor(output: ActivationName): LossRecord | undefined {
  for (const r of records.values()) if (r.fused?.activation === output) return r;
  return undefined;
}

/** Whether `loss` after `output` is differentiated as one expression, δ = p − t. */
export function fusedWith(loss: LossName, output: ActivationName): boolean {
  return lossRecord(loss).fused?.activation === output;
}

/** The loss of one row (sample), given its logits z, outputs a and targets t at `offset`. */
export function rowLoss(loss: LossName, z: Float64Array, a: Float64Array, t: Float64Array, offset: number, width: number): number {
  return lossRecord(loss).value(z, a, t, offset, width);
}

/**
 * Writes into `delta` the derivative of (scale × this row's loss) with respect to the output
 * layer's total input z, for one row. `scale` is 1/batchSize, so that summing over the batch
 * gives the gradient of the batch's mean loss. A loss with its paired activation uses the fused
 * form (p − t); every other pairing chains ∂L/∂a through the activation's derivative. The caller
 * looks both records up once per batch, not once per row.
 */
export function rowOutputDelta(
  record: LossRecord,
  activation: ActivationRecord,
  z: Float64Array,
  a: Float64Array,
  t: Float64Array,
  offset: number,
  width: number,
  scale: number,
  delta: Float64Array,
): void {
  if (record.fused?.activation === activation.id) {
    record.fused.rowDelta(a, t, offset, width, scale, delta);
    return;
  }
  // scale · ∂L/∂a for this row, into delta.
  if (record.rowSlopes) record.rowSlopes(a, t, offset, width, scale, delta);
  else for (let j = 0; j < width; j++) delta[offset + j] = scale * record.outputSlope(a[offset + j], t[offset + j], width);
  // Chain through the activation: ∂L/∂z = ∂L/∂a · ∂a/∂z.
  activation.chainRow(z, a, delta, offset, width);
}

/** ∂L/∂a_j for one output unit of one row, before the output activation's derivative. */
export function outputSlope(loss: LossName, a: number, t: number, width: number): number {
  return lossRecord(loss).outputSlope(a, t, width);
}
