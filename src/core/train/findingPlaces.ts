/**
 * Findings as diagnostics on the spec, so the editor shows each on the field it is about: a
 * layer's on that layer, a finding about the whole run on the field its fix sets, or else on the
 * field its advice names.
 */
import type { Diagnostic, JsonPath } from "../base/diagnostics";
import type { SpecPlaces } from "../spec/places";
import type { Finding, FindingId } from "./findings";

/** Where a finding about the whole run with no fix is shown: the field its advice is about. */
const RUN_FINDING_FIELDS: Partial<Record<FindingId, JsonPath>> = {
  chance: ["optimizer"],
  bouncing: ["optimizer", "learningRate"],
  converged: ["loss"],
  initialLoss: ["init"],
  overfitting: ["training", "epochs"],
  flatPlace: ["training", "seed"],
};

export function findingPath(finding: Finding): JsonPath {
  if (finding.layer !== null) return ["layers", finding.layer];
  return finding.fix?.path ?? RUN_FINDING_FIELDS[finding.id] ?? [];
}

export function findingDiagnostics(findings: readonly Finding[], places: SpecPlaces): Diagnostic[] {
  return findings.map((f) => ({ ...places.diagnostic("information", f.message, findingPath(f)), fix: f.fix }));
}
