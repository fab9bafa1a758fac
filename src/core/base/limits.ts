/**
 * Limits that keep a typo or a hostile file from freezing the machine or running it out of
 * memory: each bounds the time or the memory of some step (docs/nnspec-format.md, "Limits").
 */
export const LIMITS = {
  layers: 32,
  unitsPerLayer: 4096,
  parameters: 10_000_000,
  dataRows: 1_000_000,
  generatedSamplesMin: 4,
  generatedSamplesMax: 100_000,
  epochs: 1_000_000,
  /** The learning rate must be above 0 and at most this (the schema's range; the panel's field too). */
  learningRateMax: 1000,
  /**
   * A spec's text, in characters. Parsing keeps a tree of about 80 bytes a character (positions
   * for every diagnostic) and parses about 1 MB a second, so this bounds the checker's heap to
   * about 160 MB and its time to a few seconds; large data
   * belongs in a CSV file, which is read straight into numbers.
   */
  specCharacters: 2_000_000,
  /** Any file a spec names (a CSV, a weights file), in bytes, checked before it is read. */
  fileBytes: 256_000_000,
  /** Arrays and objects inside each other in a spec or weights file; the format needs 5. */
  nestingDepth: 32,
  /**
   * The typed arrays a training run holds (data, batch buffers, parameters with optimizer
   * state), in bytes. They live outside the JavaScript heap, so no heap limit catches them.
   */
  runMemoryBytes: 2_000_000_000,
  /**
   * Old-generation heap of every worker the extension starts (a training run, the spec
   * checker), in MB: a runaway spec or file ends that worker with a message, never the host's
   * process. The checker's largest input (a 256 MB CSV) peaks at about 1.3× its size.
   */
  workerHeapMb: 2048,
  /** Diagnostics listed per file; the rest are counted in one last "and N more". */
  diagnosticsPerFile: 100,
} as const;

/** A learning rate the spec allows: finite, above 0, at most LIMITS.learningRateMax. */
export function isAllowedLearningRate(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 && value <= LIMITS.learningRateMax;
}

/**
 * Rows evaluated at once when measuring a whole data set (validation, the loss before training):
 * the network's batch buffers hold at least this many, which the memory estimate counts too.
 */
export const EVALUATION_CHUNK = 512;
