/** A layer's gradient statistics for tests of the findings: weights and biases alike, RMS = mean |g|. */
import type { LayerGradientStats } from "../../src/core/train/metrics";

export function layerStats(
  layer: number,
  meanAbs: number,
  maxAbs: number,
  more: { deadShare?: number | null; saturatedShare?: number | null; updateRatio?: number | null } = {},
): LayerGradientStats {
  return {
    layer,
    meanAbs,
    maxAbs,
    rms: meanAbs,
    biasMeanAbs: meanAbs,
    biasMaxAbs: maxAbs,
    biasRms: meanAbs,
    deadShare: more.deadShare ?? null,
    saturatedShare: more.saturatedShare ?? null,
    updateRatio: more.updateRatio ?? null,
  };
}
