/**
 * Fills every default and checks what involves several fields or the data: input units vs
 * feature count, softmax placement, output units vs classes or targets, loss vs output
 * activation, the parameter limit. Each problem names the field and says the fix.
 */
import type { Dataset } from "../data/dataset";
import type { ActivationName } from "../nn/activations";
import type { InitScheme } from "../nn/init";
import { INIT_SCHEMES } from "../nn/init";
import type { LossName } from "../nn/losses";
import type { Diagnostic } from "./diagnostics";
import type { SpecDocument } from "./document";
import { LIMITS } from "./limits";
import { DEFAULTS, type RawSpec, type ResolvedSpec } from "./types";

/** Problems that need only the layers: checked before the data is loaded. */
export function checkLayers(doc: SpecDocument, raw: RawSpec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const last = raw.layers.length - 1;
  raw.layers.forEach((layer, i) => {
    if (i === 0 && layer.activation !== undefined) {
      out.push(
        doc.diagnostic("warning", "layers[0].activation is ignored: the first layer is the input, it only holds the features", ["layers", 0, "activation"]),
      );
    }
    if (i > 0 && i < last && layer.activation === "softmax") {
      out.push(
        doc.diagnostic(
          "error",
          `layers[${i}].activation: softmax is only allowed on the last layer (it turns outputs into class probabilities); use relu or tanh here`,
          ["layers", i, "activation"],
        ),
      );
    }
  });
  let parameters = 0;
  for (let i = 1; i < raw.layers.length; i++) parameters += (raw.layers[i - 1].units + 1) * raw.layers[i].units;
  if (parameters > LIMITS.parameters) {
    out.push(
      doc.diagnostic(
        "error",
        `layers: ${parameters.toLocaleString("en")} parameters is more than the limit of ${LIMITS.parameters.toLocaleString("en")}; use fewer or smaller layers`,
        ["layers"],
      ),
    );
  }
  return out;
}

function defaultOutputActivation(data: Dataset, units: number): ActivationName {
  if (data.task === "regression") return "linear";
  return units === 1 ? "sigmoid" : "softmax";
}

function defaultLoss(data: Dataset, output: ActivationName): LossName {
  if (data.task === "classification") {
    if (output === "softmax") return "crossEntropy";
    if (output === "sigmoid") return "binaryCrossEntropy";
  }
  return "mse";
}

export function resolveSpec(doc: SpecDocument, raw: RawSpec, data: Dataset): { spec?: ResolvedSpec; diagnostics: Diagnostic[] } {
  const out: Diagnostic[] = [];
  const last = raw.layers.length - 1;
  const sizes = raw.layers.map((l) => l.units);
  const outputUnits = sizes[last];
  const output = raw.layers[last].activation ?? defaultOutputActivation(data, outputUnits);
  const activations = raw.layers.slice(1).map((l, i) => (i + 1 === last ? output : (l.activation ?? "relu")));
  const loss = raw.loss ?? defaultLoss(data, output);

  // Input units vs the data's features.
  const features = data.featureNames.length;
  if (sizes[0] !== features) {
    out.push(
      doc.diagnostic(
        "error",
        `layers[0].units: the input layer has ${sizes[0]} unit${sizes[0] === 1 ? "" : "s"} but the data has ${features} feature${features === 1 ? "" : "s"} (${data.featureNames.join(", ")}); set "units": ${features}`,
        ["layers", 0, "units"],
      ),
    );
  }

  // Output units vs classes or targets.
  const outputPath = ["layers", last, "units"];
  if (data.task === "classification") {
    const classes = data.classNames?.length ?? 0;
    if (outputUnits === 1) {
      if (classes > 2)
        out.push(doc.diagnostic("error", `layers[${last}].units: the data has ${classes} classes; set "units": ${classes} with softmax`, outputPath));
      else if (output !== "sigmoid") {
        out.push(
          doc.diagnostic(
            "error",
            `layers[${last}].activation: a single output for two classes needs "sigmoid" (the probability of class 1), or use "units": 2 with softmax`,
            ["layers", last],
          ),
        );
      }
    } else if (classes < outputUnits && !data.classListComplete) {
      // Class indices: a class may simply not occur in a small data set; name the rest.
      data.classNames = Array.from({ length: outputUnits }, (_, i) => data.classNames?.[i] ?? `class ${i}`);
    } else if (outputUnits !== classes) {
      out.push(
        doc.diagnostic(
          "error",
          `layers[${last}].units: the output layer has ${outputUnits} units but the data has ${classes} classes (${data.classNames?.join(", ")}); set "units": ${classes}, one per class`,
          outputPath,
        ),
      );
    }
  } else {
    if (outputUnits !== data.targetCount) {
      out.push(
        doc.diagnostic(
          "error",
          `layers[${last}].units: the data has ${data.targetCount} target value${data.targetCount === 1 ? "" : "s"} per sample; set "units": ${data.targetCount}`,
          outputPath,
        ),
      );
    }
    if (output === "softmax") {
      out.push(
        doc.diagnostic("error", `layers[${last}].activation: softmax outputs probabilities, but this is regression (numbers to predict); use "linear"`, [
          "layers",
          last,
          "activation",
        ]),
      );
    }
  }

  // Loss vs output activation.
  const lossPath = raw.loss ? ["loss"] : ["layers", last];
  if (loss === "crossEntropy" && output !== "softmax") {
    out.push(
      doc.diagnostic(
        "error",
        `loss: crossEntropy needs a softmax output layer (its outputs are probabilities); set the last layer's "activation": "softmax"${output === "sigmoid" ? ', or use "binaryCrossEntropy"' : ""}`,
        lossPath,
      ),
    );
  }
  if (loss === "binaryCrossEntropy" && output !== "sigmoid") {
    out.push(
      doc.diagnostic(
        "error",
        `loss: binaryCrossEntropy needs sigmoid outputs; set the last layer's "activation": "sigmoid"${output === "softmax" ? ', or use "crossEntropy"' : ""}`,
        lossPath,
      ),
    );
  }
  if ((loss === "crossEntropy" || loss === "binaryCrossEntropy") && data.task === "regression") {
    out.push(doc.diagnostic("error", `loss: ${loss} is for classification, but this data is regression; use "mse", "mae" or "huber"`, lossPath));
  }

  const dataSection = raw.data ?? {};
  const optimizerType = raw.optimizer?.type ?? "sgd";
  const init = raw.init ?? "xavier";
  const spec: ResolvedSpec = {
    name: raw.name ?? "Untitled network",
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
    loss,
    optimizer: {
      type: optimizerType,
      learningRate: raw.optimizer?.learningRate ?? DEFAULTS.learningRate,
      momentum: raw.optimizer?.momentum ?? (optimizerType === "momentum" ? DEFAULTS.momentum : 0),
      beta1: raw.optimizer?.beta1 ?? DEFAULTS.beta1,
      beta2: raw.optimizer?.beta2 ?? DEFAULTS.beta2,
      epsilon: raw.optimizer?.epsilon ?? DEFAULTS.epsilon,
    },
    training: {
      epochs: raw.training?.epochs ?? DEFAULTS.epochs,
      batchSize: raw.training?.batchSize ?? DEFAULTS.batchSize,
      shuffle: raw.training?.shuffle ?? true,
      seed: raw.training?.seed ?? DEFAULTS.trainingSeed,
    },
    init: (INIT_SCHEMES as readonly string[]).includes(init) ? (init as InitScheme) : { path: init },
    regularization: raw.regularization ?? null,
    metrics: { tolerance: raw.metrics?.tolerance ?? DEFAULTS.tolerance },
  };
  if (!out.some((d) => d.severity === "error")) out.push(...likelyMistakes(doc, raw, spec));
  return { spec: out.some((d) => d.severity === "error") ? undefined : spec, diagnostics: out };
}

/** Learning rates above these usually make the loss diverge on data of about unit scale. */
const RISKY_LEARNING_RATE = { sgd: 5, momentum: 5, adam: 0.5 } as const;
const SAFER_LEARNING_RATE = { sgd: 0.1, momentum: 0.1, adam: 0.01 } as const;
/** Generated data sets that no straight line separates. */
const NOT_LINEARLY_SEPARABLE = ["xor", "circle", "spiral", "moons"];

/** Warnings for specs that run but are likely not what the user wants, each with its fix. */
function likelyMistakes(doc: SpecDocument, raw: RawSpec, spec: ResolvedSpec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const withFix = (d: Diagnostic, fix: Diagnostic["fix"]): Diagnostic => ({ ...d, fix });
  const output = spec.activations[spec.activations.length - 1];
  const regressionLoss = spec.loss === "mae" || spec.loss === "mse" || spec.loss === "huber";
  if (spec.task === "classification" && regressionLoss && (output === "softmax" || output === "sigmoid") && raw.loss) {
    const better = output === "softmax" ? "crossEntropy" : "binaryCrossEntropy";
    out.push(
      withFix(
        doc.diagnostic(
          "warning",
          `loss: ${spec.loss} on a ${output} output learns slowly: when the network is confidently wrong the ${output} saturates and the gradient all but vanishes. ${better} is made for class probabilities (keep ${spec.loss} to compare them on purpose).`,
          ["loss"],
        ),
        { title: `Use "${better}"`, path: ["loss"], value: better },
      ),
    );
  }
  const { type, learningRate } = spec.optimizer;
  if (learningRate > RISKY_LEARNING_RATE[type] && raw.optimizer?.learningRate !== undefined) {
    out.push(
      withFix(
        doc.diagnostic(
          "warning",
          `optimizer.learningRate: ${learningRate} is large for ${type}; each step will likely overshoot and the loss diverge. Try ${SAFER_LEARNING_RATE[type]}.`,
          ["optimizer", "learningRate"],
        ),
        { title: `Set the learning rate to ${SAFER_LEARNING_RATE[type]}`, path: ["optimizer", "learningRate"], value: SAFER_LEARNING_RATE[type] },
      ),
    );
  }
  const hidden = spec.activations.slice(0, -1);
  if (spec.init === "zeros" && hidden.length > 0) {
    const relu = hidden.includes("relu");
    out.push(
      withFix(
        doc.diagnostic(
          "warning",
          `init: with every weight 0, all units of a layer compute the same value and get the same gradient, so they stay identical${relu ? "; ReLU units at 0 get no gradient at all" : ""}. Start from random weights.`,
          ["init"],
        ),
        { title: `Use "${relu ? "he" : "xavier"}" initialisation`, path: ["init"], value: relu ? "he" : "xavier" },
      ),
    );
  }
  if (hidden.length === 0 && NOT_LINEARLY_SEPARABLE.includes(spec.data.source)) {
    out.push(
      withFix(
        doc.diagnostic(
          "warning",
          `layers: no straight line separates ${spec.data.source} data, and a network without hidden layers can only draw one. Add a hidden layer.`,
          ["layers"],
        ),
        { title: "Add a hidden layer of 8 tanh units", path: ["layers", 1], value: { units: 8, activation: "tanh" }, insert: true },
      ),
    );
  }
  return out;
}
