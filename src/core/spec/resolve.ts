/**
 * Fills every default and checks what involves several fields or the data: input units vs
 * feature count, softmax placement, output units vs classes or targets, loss vs output
 * activation, the parameter limit. Each problem names the field and says the fix.
 */

import { type Diagnostic, nameList } from "../base/diagnostics";
import type { SpecDocument } from "../base/document";
import { t } from "../base/l10n";
import { LIMITS } from "../base/limits";
import type { Dataset } from "../data/dataset";
import { activationRecord, DEFAULT_HIDDEN_ACTIVATION } from "../nn/activations";
import type { InitScheme } from "../nn/init";
import { INIT_SCHEMES } from "../nn/init";
import { lossMadeFor, lossRecord } from "../nn/losses";
import { DEFAULT_OPTIMIZER, optimizerRecord } from "../nn/optimizers";
import { likelyMistakes } from "./likelyMistakes";
import { defaultOutputActivation, suitableLosses } from "./lossRules";
import { checkRunMemory } from "./memory";
import { DEFAULTS, type EarlyStoppingSettings, type RawSpec, type ResolvedSpec } from "./types";

/** Problems that need only the layers: checked before the data is loaded. */
export function checkLayers(doc: SpecDocument, raw: RawSpec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const last = raw.layers.length - 1;
  raw.layers.forEach((layer, i) => {
    if (i === 0 && layer.activation !== undefined) {
      out.push(
        doc.diagnostic("warning", t("layers[0].activation is ignored: the first layer is the input, it only holds the features"), ["layers", 0, "activation"]),
      );
    }
    if (i > 0 && i < last && layer.activation !== undefined && activationRecord(layer.activation).outputOnly) {
      out.push(
        doc.diagnostic(
          "error",
          t("{field}: softmax is only allowed on the last layer (it turns outputs into class probabilities); use relu or tanh here", {
            field: `layers[${i}].activation`,
          }),
          ["layers", i, "activation"],
        ),
      );
    }
    if (layer.dropout !== undefined && layer.dropout > 0 && (i === 0 || i === last)) {
      const message =
        i === 0
          ? t("layers[0].dropout: the input layer holds the features and drops nothing; put dropout on a hidden layer")
          : t("{field}: dropout belongs on hidden layers; the output layer's values are the prediction itself. Remove it here or put it on a hidden layer", {
              field: `layers[${i}].dropout`,
            });
      out.push(doc.diagnostic("error", message, ["layers", i, "dropout"]));
    }
  });
  let parameters = 0;
  for (let i = 1; i < raw.layers.length; i++) parameters += (raw.layers[i - 1].units + 1) * raw.layers[i].units;
  if (parameters > LIMITS.parameters) {
    out.push(
      doc.diagnostic(
        "error",
        t("layers: {count} parameters is more than the limit of {limit}; use fewer or smaller layers", {
          count: parameters.toLocaleString("en"),
          limit: LIMITS.parameters.toLocaleString("en"),
        }),
        ["layers"],
      ),
    );
  }
  return out;
}

export function resolveSpec(doc: SpecDocument, raw: RawSpec, data: Dataset): { spec?: ResolvedSpec; diagnostics: Diagnostic[] } {
  const out: Diagnostic[] = [];
  const last = raw.layers.length - 1;
  const sizes = raw.layers.map((l) => l.units);
  const outputUnits = sizes[last];
  const output = raw.layers[last].activation ?? defaultOutputActivation(data.task, outputUnits);
  const activations = raw.layers.slice(1).map((l, i) => (i + 1 === last ? output : (l.activation ?? DEFAULT_HIDDEN_ACTIVATION)));
  const loss = raw.loss ?? suitableLosses(data.task, output, outputUnits)[0];

  // Input units vs the data's features, and an input shape vs the images'.
  const features = data.featureNames.length;
  const shape = raw.layers[0].shape;
  if (shape && data.pixels && shape.join() !== data.pixels.shape.join()) {
    out.push(
      doc.diagnostic(
        "error",
        t('layers[0].shape: {shape}, but the images are {images}; set "shape": [{fix}]', {
          shape: shape.join(" × "),
          images: data.pixels.shape.join(" × "),
          fix: data.pixels.shape.join(", "),
        }),
        ["layers", 0, "shape"],
      ),
    );
  } else if (sizes[0] !== features) {
    out.push(
      doc.diagnostic(
        "error",
        t('layers[0].units: the input layer has {units} but the data has {features} ({names}); set "units": {count}', {
          units: sizes[0] === 1 ? t("1 unit") : t("{count} units", { count: sizes[0] }),
          features: features === 1 ? t("1 feature") : t("{count} features", { count: features }),
          names: nameList(data.featureNames),
          count: features,
        }),
        ["layers", 0, "units"],
      ),
    );
  }

  // Output units vs classes or targets.
  const outputPath = ["layers", last, "units"];
  if (data.task === "classification") {
    const classes = data.classNames?.length ?? 0;
    if (classes === 1 && data.classListComplete) {
      // Neither output size fits one class: say what is missing instead of sending the user between units 1 and 2.
      out.push(
        doc.diagnostic(
          "error",
          t(
            'data: every sample has the same class ("{name}"), and a classifier needs samples of at least two classes to learn to tell them apart; add samples of another class',
            {
              name: data.classNames?.[0] ?? "",
            },
          ),
          ["data"],
        ),
      );
    } else if (outputUnits === 1) {
      if (classes > 2)
        out.push(
          doc.diagnostic(
            "error",
            t('{field}: the data has {classes} classes; set "units": {classes} with softmax', { field: `layers[${last}].units`, classes }),
            outputPath,
          ),
        );
      else if (output !== defaultOutputActivation("classification", 1)) {
        out.push(
          doc.diagnostic(
            "error",
            t('{field}: a single output for two classes needs "sigmoid" (the probability of class 1), or use "units": 2 with softmax', {
              field: `layers[${last}].activation`,
            }),
            ["layers", last],
          ),
        );
      }
    } else if (classes < outputUnits && !data.classListComplete) {
      // Class indices: a class may simply not occur in a small data set; name the rest.
      data.classNames = Array.from({ length: outputUnits }, (_, i) => data.classNames?.[i] ?? t("class {index}", { index: i }));
    } else if (outputUnits !== classes) {
      out.push(
        doc.diagnostic(
          "error",
          t('{field}: the output layer has {units} units but the data has {classes} classes ({names}); set "units": {classes}, one per class', {
            field: `layers[${last}].units`,
            units: outputUnits,
            classes,
            names: nameList(data.classNames ?? []),
          }),
          outputPath,
        ),
      );
    }
  } else {
    if (outputUnits !== data.targetCount) {
      out.push(
        doc.diagnostic(
          "error",
          data.targetCount === 1
            ? t('{field}: the data has 1 target value per sample; set "units": 1', { field: `layers[${last}].units` })
            : t('{field}: the data has {count} target values per sample; set "units": {count}', { field: `layers[${last}].units`, count: data.targetCount }),
          outputPath,
        ),
      );
    }
    if (activationRecord(output).outputOnly) {
      out.push(
        doc.diagnostic(
          "error",
          t('{field}: softmax outputs probabilities, but this is regression (numbers to predict); use "linear"', { field: `layers[${last}].activation` }),
          ["layers", last, "activation"],
        ),
      );
    }
  }

  // Loss vs output activation.
  const lossPath = raw.loss ? ["loss"] : ["layers", last];
  const needed = lossRecord(loss).suits.outputs;
  if (needed && !needed.includes(output)) {
    // The loss made for the output the spec has, if any: binaryCrossEntropy for a sigmoid.
    const other = lossMadeFor(output)?.id;
    const args = { loss, needed: needed[0], other: other ?? "" };
    const message = other
      ? t(
          'loss: {loss} needs a {needed} output layer (its outputs are the probabilities it scores); set the last layer\'s "activation": "{needed}", or use "{other}"',
          args,
        )
      : t('loss: {loss} needs a {needed} output layer (its outputs are the probabilities it scores); set the last layer\'s "activation": "{needed}"', args);
    out.push(doc.diagnostic("error", message, lossPath));
  }
  if (!lossRecord(loss).suits.tasks.includes(data.task)) {
    const losses = suitableLosses(data.task, output, outputUnits)
      .map((l) => `"${l}"`)
      .join(", ");
    const message =
      data.task === "regression"
        ? t("loss: {loss} is for classification, but this data is regression; use one of {losses}", { loss, losses })
        : t("loss: {loss} is for regression, but this data is classification; use one of {losses}", { loss, losses });
    out.push(doc.diagnostic("error", message, lossPath));
  }

  const dataSection = raw.data ?? {};
  const optimizerType = raw.optimizer?.type ?? DEFAULT_OPTIMIZER;
  const init = raw.init ?? "xavier";
  const spec: ResolvedSpec = {
    name: raw.name ?? t("Untitled network"),
    task: data.task,
    data: {
      source: dataSection.source ?? "spiral",
      samples: data.rows,
      noise: dataSection.noise ?? DEFAULTS.noise,
      validationSplit: dataSection.validationSplit ?? DEFAULTS.validationSplit,
      seed: dataSection.seed ?? DEFAULTS.dataSeed,
    },
    sizes,
    activations,
    // The input layer and the output layer never drop (checkLayers says so); 0 there.
    dropout: raw.layers.slice(1).map((l, i) => (i + 1 === last ? 0 : (l.dropout ?? 0))),
    loss,
    optimizer: {
      type: optimizerType,
      learningRate: raw.optimizer?.learningRate ?? DEFAULTS.learningRate,
      momentum: raw.optimizer?.momentum ?? (optimizerRecord(optimizerType).takesMomentum ? DEFAULTS.momentum : 0),
      beta1: raw.optimizer?.beta1 ?? DEFAULTS.beta1,
      beta2: raw.optimizer?.beta2 ?? DEFAULTS.beta2,
      epsilon: raw.optimizer?.epsilon ?? DEFAULTS.epsilon,
      clipNorm: raw.optimizer?.clipNorm ?? null,
    },
    training: {
      epochs: raw.training?.epochs ?? DEFAULTS.epochs,
      batchSize: raw.training?.batchSize ?? DEFAULTS.batchSize,
      shuffle: raw.training?.shuffle ?? true,
      seed: raw.training?.seed ?? DEFAULTS.trainingSeed,
      earlyStopping: earlyStoppingSettings(raw),
    },
    init: (INIT_SCHEMES as readonly string[]).includes(init) ? (init as InitScheme) : { path: init },
    regularization: raw.regularization ?? null,
    metrics: { tolerance: raw.metrics?.tolerance ?? DEFAULTS.tolerance },
  };
  if (!out.some((d) => d.severity === "error")) {
    for (const d of likelyMistakes(doc, raw, spec)) out.push(d);
    const memory = checkRunMemory(doc, spec, data);
    if (memory) out.push(memory);
  }
  return { spec: out.some((d) => d.severity === "error") ? undefined : spec, diagnostics: out };
}

function earlyStoppingSettings(raw: RawSpec): EarlyStoppingSettings | null {
  const given = raw.training?.earlyStopping;
  if (!given) return null;
  return { patience: given.patience, minDelta: given.minDelta ?? 0, restoreBest: given.restoreBest ?? true };
}

/** Early stopping watches the validation loss: without validation samples it has nothing to watch. */
export function checkEarlyStoppingData(doc: SpecDocument, spec: ResolvedSpec, validationRows: number): Diagnostic | null {
  if (!spec.training.earlyStopping || validationRows > 0) return null;
  return doc.diagnostic(
    "error",
    t(
      "training.earlyStopping watches the validation loss, but there are no validation samples; set data.validationSplit above 0 (e.g. 0.2) or remove earlyStopping",
    ),
    ["training", "earlyStopping"],
  );
}
