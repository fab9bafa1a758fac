/**
 * What a finding is: the kinds there are and what each carries. Apart from findings.ts (which
 * decides when each is raised and what it says) so that an epoch's record (metrics.ts) can hold
 * its findings without the two importing each other.
 */
import type { SpecFix } from "../base/diagnostics";

/** Every finding's id; the docs (nnspec-format.md, "Findings") say what triggers each. */
export const FINDING_IDS = [
  "chance",
  "initialLoss",
  "bouncing",
  "converged",
  "vanishing",
  "exploding",
  "dead",
  "saturated",
  "updateRatio",
  "overfitting",
  "flatPlace",
] as const;
export type FindingId = (typeof FINDING_IDS)[number];

export interface Finding {
  id: FindingId;
  /** The spec's index of the layer it is about (1 = the first after the input); null for the whole run. */
  layer: number | null;
  message: string;
  /** A change to the spec that is the obvious thing to try, when there is one. */
  fix?: SpecFix;
}
