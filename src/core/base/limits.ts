/** Limits that keep a typo from freezing the machine (nnspec-format.md). */
export const LIMITS = {
  layers: 32,
  unitsPerLayer: 4096,
  parameters: 10_000_000,
  dataRows: 1_000_000,
  generatedSamplesMin: 4,
  generatedSamplesMax: 100_000,
  epochs: 1_000_000,
} as const;
