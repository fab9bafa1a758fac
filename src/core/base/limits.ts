/** Limits that keep a typo from freezing the machine (nnspec-format.md). */
export const LIMITS = {
  layers: 32,
  unitsPerLayer: 4096,
  parameters: 10_000_000,
  dataRows: 1_000_000,
  generatedSamplesMin: 4,
  generatedSamplesMax: 100_000,
  epochs: 1_000_000,
  /** Largest file a spec may name (a CSV, a weights file): checked before it is read. */
  fileBytes: 512 * 1024 * 1024,
  /** The learning rate must be above 0 and at most this (the schema's range; the panel's field too). */
  learningRateMax: 1000,
} as const;

/** A learning rate the spec allows: finite, above 0, at most LIMITS.learningRateMax. */
export function isAllowedLearningRate(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 && value <= LIMITS.learningRateMax;
}
