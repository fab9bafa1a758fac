/** The fixes findings carry: the spec edit a tool can apply when one is obvious. */
import type { SpecFix } from "../../base/diagnostics";
import { t } from "../../base/l10n";
import { type ActivationName, activationRecord, DEFAULT_HIDDEN_ACTIVATION } from "../../nn/activations";
import { ADAPTIVE_OPTIMIZER } from "../../nn/optimizers";
import type { FindingContext } from "./context";
import { round } from "./history";

export function learningRateFix(rate: number): SpecFix {
  const value = round(rate);
  return { title: t("Set the learning rate to {rate}", { rate: value }), path: ["optimizer", "learningRate"], value };
}

/** Adam at its usual learning rate, keeping any clipping. */
export function adamFix(context: FindingContext): SpecFix {
  const { id: type, learningRates } = ADAPTIVE_OPTIMIZER;
  const learningRate = learningRates.safer;
  const value = context.clipNorm === null ? { type, learningRate } : { type, learningRate, clipNorm: context.clipNorm };
  return { title: t("Use Adam with learning rate {rate}", { rate: learningRate }), path: ["optimizer"], value };
}

/** The activation to use in layer k when many of its units are dead (leakyRelu for relu). */
export function insteadOfDead(activation: ActivationName | undefined, k: number, layer: string): SpecFix | undefined {
  // Only a unit that can die is counted dead; a context that does not name the layer's activation means the default (relu).
  const instead = activationRecord(activation ?? DEFAULT_HIDDEN_ACTIVATION).insteadWhenDead;
  return instead && { title: t('Use "{activation}" in {layer}', { activation: instead, layer }), path: ["layers", k + 1, "activation"], value: instead };
}

export function clipFix(): SpecFix {
  return { title: t("Clip the gradient norm at {clip}", { clip: 1 }), path: ["optimizer", "clipNorm"], value: 1 };
}

export function initFix(init: string): SpecFix {
  return { title: t('Use "{init}" initialisation', { init }), path: ["init"], value: init };
}
