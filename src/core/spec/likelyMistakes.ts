/**
 * Warnings for specs that run but are likely not what the user wants, each with its fix: a
 * regression loss on class probabilities, a learning rate or a penalty far too large, all-zero
 * weights, no hidden layer for data no line separates, a seed that repeats another's run.
 */
import type { Diagnostic } from "../base/diagnostics";
import type { SpecDocument } from "../base/document";
import { formatNumber } from "../base/format";
import { t } from "../base/l10n";
import { activationRecord } from "../nn/activations";
import { lossMadeFor, lossRecord } from "../nn/losses";
import { optimizerRecord } from "../nn/optimizers";
import type { RawSpec, ResolvedSpec } from "./types";

/** Generated data sets that no straight line separates. */
const NOT_LINEARLY_SEPARABLE = ["xor", "circle", "spiral", "moons"];

/** Warnings for specs that run but are likely not what the user wants, each with its fix. */
export function likelyMistakes(doc: SpecDocument, raw: RawSpec, spec: ResolvedSpec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const withFix = (d: Diagnostic, fix: Diagnostic["fix"]): Diagnostic => ({ ...d, fix });
  const output = spec.activations[spec.activations.length - 1];
  // A loss for any output (MAE, MSE, Huber) where a loss is made for this one (cross-entropy for softmax).
  const better = lossMadeFor(output)?.id;
  const forAnyOutput = lossRecord(spec.loss).suits.outputs === undefined;
  if (spec.task === "classification" && forAnyOutput && better !== undefined && raw.loss) {
    out.push(
      withFix(
        doc.diagnostic(
          "warning",
          t(
            "loss: {loss} on a {output} output learns slowly: when the network is confidently wrong the {output} saturates and the gradient all but vanishes. {better} is made for class probabilities (keep {loss} to compare them on purpose).",
            { loss: spec.loss, output, better },
          ),
          ["loss"],
        ),
        { title: t('Use "{loss}"', { loss: better }), path: ["loss"], value: better },
      ),
    );
  }
  const { type, learningRate } = spec.optimizer;
  const { risky, safer } = optimizerRecord(type).learningRates;
  if (learningRate > risky && raw.optimizer?.learningRate !== undefined) {
    out.push(
      withFix(
        doc.diagnostic(
          "warning",
          t("optimizer.learningRate: {rate} is large for {optimizer}; each step will likely overshoot and the loss diverge. Try {safer}.", {
            rate: learningRate,
            optimizer: type,
            safer: safer,
          }),
          ["optimizer", "learningRate"],
        ),
        {
          title: t("Set the learning rate to {rate}", { rate: safer }),
          path: ["optimizer", "learningRate"],
          value: safer,
        },
      ),
    );
  }
  const hidden = spec.activations.slice(0, -1);
  if (spec.init === "zeros" && hidden.length > 0) {
    const relu = hidden.some((a) => activationRecord(a).canDie);
    out.push(
      withFix(
        doc.diagnostic(
          "warning",
          relu
            ? t(
                "init: with every weight 0, all units of a layer compute the same value and get the same gradient, so they stay identical; ReLU units at 0 get no gradient at all. Start from random weights.",
              )
            : t(
                "init: with every weight 0, all units of a layer compute the same value and get the same gradient, so they stay identical. Start from random weights.",
              ),
          ["init"],
        ),
        { title: t('Use "{init}" initialisation', { init: relu ? "he" : "xavier" }), path: ["init"], value: relu ? "he" : "xavier" },
      ),
    );
  }
  if (hidden.length === 0 && NOT_LINEARLY_SEPARABLE.includes(spec.data.source)) {
    out.push(
      withFix(
        doc.diagnostic(
          "warning",
          t("layers: no straight line separates {source} data, and a network without hidden layers can only draw one. Add a hidden layer.", {
            source: spec.data.source,
          }),
          ["layers"],
        ),
        { title: t("Add a hidden layer of 8 tanh units"), path: ["layers", 1], value: { units: 8, activation: "tanh" }, insert: true },
      ),
    );
  }
  const reg = spec.regularization;
  if (reg && reg.rate > LARGEST_USUAL_PENALTY) {
    out.push(
      withFix(
        doc.diagnostic(
          "warning",
          t(
            "regularization.rate: {rate} makes the penalty outweigh the loss: every weight is pulled to 0 whatever the data says, so the network cannot fit it (rates of 0.0001 to 0.01 are usual). Try {usual}.",
            { rate: formatNumber(reg.rate), usual: USUAL_PENALTY },
          ),
          ["regularization", "rate"],
        ),
        { title: t("Set the rate to {rate}", { rate: USUAL_PENALTY }), path: ["regularization", "rate"], value: USUAL_PENALTY },
      ),
    );
  }
  for (const [path, seed] of [
    [["data", "seed"], raw.data?.seed],
    [["training", "seed"], raw.training?.seed],
  ] as const) {
    if (typeof seed !== "number" || (seed >= 0 && seed < 2 ** 32)) continue;
    const same = sameRunSeed(seed);
    out.push(
      withFix(
        doc.diagnostic(
          "warning",
          t(
            "{field}: {seed} gives exactly the run of seed {same}: seeds count from 0 to 4294967295 (2³² − 1) and larger or negative ones wrap around; write {same}, or another seed in that range for another run",
            { field: path.join("."), seed: Number.isSafeInteger(seed) ? String(seed) : formatNumber(seed), same },
          ),
          [...path],
        ),
        { title: t("Set the seed to {seed}", { seed: same }), path: [...path], value: same },
      ),
    );
  }
  return out;
}

/** Above this a penalty's pull on every weight outweighs any loss's gradient. */
const LARGEST_USUAL_PENALTY = 1;
const USUAL_PENALTY = 0.001;

/** The seed in 0 … 2³² − 1 whose stream `seed` gives: the generator takes a seed's low 32 bits (src/core/base/rng.ts). */
export function sameRunSeed(seed: number): number {
  return (seed | 0) >>> 0;
}
