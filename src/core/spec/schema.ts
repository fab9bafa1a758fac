/**
 * The JSON Schema of a .nnspec.json file: the single source of its validation (ajv, in
 * schemaValidation.ts) and of schemas/nnspec.schema.json, which editors use for completion and hover
 * (`npm run schema` writes it; a test checks the two are in sync).
 *
 * Descriptions are written for learners: they say what an option does, not only its type.
 * Checks that involve several fields or the data (input units vs feature count, softmax
 * placement, loss vs output activation) live in resolve.ts, since a schema cannot say them
 * with a useful message.
 */

import { LIMITS } from "../base/limits";
import { CLASSIFICATION_SOURCES, REGRESSION_SOURCES } from "../data/generators";
import { ACTIVATIONS, type ActivationName, activationRecord } from "../nn/activations";
import { INIT_SCHEMES } from "../nn/init";
import { DEFAULT_LOSS, LOSSES, lossRecord } from "../nn/losses";
import { DEFAULT_OPTIMIZER, OPTIMIZERS, optimizerRecord } from "../nn/optimizers";

export const IMAGE_SOURCES = ["digits", "idx", "imageFolder"] as const;
export const DATA_SOURCES = [...CLASSIFICATION_SOURCES, ...REGRESSION_SOURCES, "inline", "csv", ...IMAGE_SOURCES] as const;

/** Each activation's and each loss's description, from its record (the hover, Switch Loss's detail). */
export const ACTIVATION_DESCRIPTIONS = Object.fromEntries(ACTIVATIONS.map((a) => [a, activationRecord(a).description])) as Record<ActivationName, string>;
export const LOSS_DESCRIPTIONS = Object.fromEntries(LOSSES.map((l) => [l, lossRecord(l).description])) as Record<string, string>;

const integer = (minimum: number, maximum: number, description: string, examples: number[]) => ({
  type: "integer",
  minimum,
  maximum,
  description,
  examples,
});

/** An image's [height, width, channels], as an input layer or a CSV's pixel columns give it. */
const IMAGE_SHAPE = {
  type: "array",
  items: [integer(1, LIMITS.unitsPerLayer, "Height in pixels.", [28]), integer(1, LIMITS.unitsPerLayer, "Width in pixels.", [28]), { enum: [1, 3] }],
  minItems: 3,
  maxItems: 3,
  additionalItems: false,
  description:
    "An image's [height, width, channels]: 1 channel for grey, 3 for colour. Its pixels are the inputs, row by row, channels last (28 × 28 × 1 = 784).",
  examples: [[28, 28, 1]],
};
const IDX_FILE = (what: string, example: string) => ({
  type: "string",
  minLength: 1,
  description: `idx only: ${what}, an IDX file (MNIST's format, gzipped or not) relative to this spec's folder.`,
  examples: [example],
});

export const NNSPEC_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://nnspec.dev/schemas/nnspec.schema.json",
  title: "NNSpec network specification",
  description: "A small neural network, its data and how it trains. Every field but `layers` has a default.",
  type: "object",
  additionalProperties: false,
  required: ["layers"],
  properties: {
    $schema: { type: "string", description: "The JSON Schema this file follows.", examples: ["../schemas/nnspec.schema.json"] },
    name: { type: "string", maxLength: 200, description: "Shown in the training panel's title.", examples: ["Spiral, two classes"] },
    data: {
      type: "object",
      additionalProperties: false,
      description:
        "Where the training data comes from: a generated 2-D data set, numbers written inline, a CSV file, or images (the handwritten digits that ship with NNSpec, MNIST's IDX files, or a folder of pictures).",
      properties: {
        source: {
          enum: DATA_SOURCES,
          default: "spiral",
          description:
            "Generated classification (two classes, red and blue points): circle, xor, gaussian, spiral, moons, linear. Generated regression: plane, gaussianHill. Or inline (x and y here), csv (a file), digits (10,000 handwritten MNIST digits that ship with NNSpec), idx (MNIST's own files: images and labels) or imageFolder (a folder with one subfolder of PNG or JPEG pictures per class).",
        },
        samples: integer(
          LIMITS.generatedSamplesMin,
          LIMITS.generatedSamplesMax,
          "How many points to generate (generated sources), or how many of the bundled digits to use (digits: up to 10,000, all by default).",
          [400, 1000],
        ),
        noise: {
          type: "number",
          minimum: 0,
          maximum: 1,
          default: 0.1,
          description: "0 = clean data, 1 = classes heavily overlapping (generated sources only).",
          examples: [0, 0.1, 0.3],
        },
        validationSplit: {
          type: "number",
          minimum: 0,
          maximum: 0.9,
          default: 0.2,
          description:
            "Share of the samples held out to measure how well the network generalises (overfitting shows as a gap between training and validation loss).",
          examples: [0.2, 0],
        },
        seed: { type: "integer", default: 1, description: "Seed for generating the data and choosing the validation samples.", examples: [1, 42] },
        task: {
          enum: ["classification", "regression"],
          description: "inline and csv only: whether y holds class labels or numbers to predict.",
          examples: ["classification"],
        },
        x: {
          type: "array",
          maxItems: LIMITS.dataRows,
          items: { type: "array", items: { type: "number" }, minItems: 1 },
          description: "inline only: one row of input features per sample.",
          examples: [
            [
              [0, 0],
              [0, 1],
              [1, 0],
              [1, 1],
            ],
          ],
        },
        y: {
          type: "array",
          maxItems: LIMITS.dataRows,
          items: { anyOf: [{ type: "number" }, { type: "array", items: { type: "number" }, minItems: 1 }] },
          description: "inline only: per sample, a class index (classification) or a number or array of numbers (regression).",
          examples: [[0, 1, 1, 0]],
        },
        path: { type: "string", minLength: 1, description: "csv only: the CSV file, relative to this spec's folder.", examples: ["data/fruit.csv"] },
        features: {
          type: "array",
          items: { type: "string" },
          minItems: 1,
          uniqueItems: true,
          description: "csv only: the names of the columns that are the network's inputs.",
          examples: [["sweetness", "acidity"]],
        },
        target: { type: "string", description: "csv only: the name of the column to predict.", examples: ["label"] },
        pixels: {
          type: "object",
          additionalProperties: false,
          required: ["prefix", "shape"],
          description:
            'csv only, instead of features: the columns prefix0, prefix1, … hold one image a row (Kaggle\'s "label,pixel0,…,pixel783"), with values 0 to 255.',
          properties: {
            prefix: { type: "string", minLength: 1, description: "The pixel columns' names before their number.", examples: ["pixel"] },
            shape: IMAGE_SHAPE,
          },
        },
        images: IDX_FILE("the images", "train-images-idx3-ubyte.gz"),
        labels: IDX_FILE("their labels, one class index per image", "train-labels-idx1-ubyte.gz"),
        validationImages: IDX_FILE("images held out for validation (instead of validationSplit)", "t10k-images-idx3-ubyte.gz"),
        validationLabels: IDX_FILE("the validation images' labels", "t10k-labels-idx1-ubyte.gz"),
        size: {
          type: "array",
          items: [integer(1, LIMITS.unitsPerLayer, "Height in pixels.", [32]), integer(1, LIMITS.unitsPerLayer, "Width in pixels.", [32])],
          minItems: 2,
          maxItems: 2,
          additionalItems: false,
          description: "imageFolder only: every picture is resized to [height, width] pixels.",
          examples: [[32, 32]],
        },
        channels: { enum: [1, 3], default: 1, description: "imageFolder only: 1 (grey) or 3 (colour: red, green, blue).", examples: [1, 3] },
        scale: {
          enum: ["unit", "standardize"],
          default: "unit",
          description:
            "Images: how a pixel's 0 to 255 becomes the network's input. unit: ÷ 255, so 0 to 1. standardize: then minus the mean of all pixels, ÷ their standard deviation.",
          enumDescriptions: [
            "0 to 255 becomes 0 to 1 (÷ 255).",
            "Centred on 0 with a standard deviation of 1, from the mean and spread of all the data's pixels.",
          ],
        },
        classNames: {
          type: "array",
          items: { type: "string", minLength: 1, maxLength: 100 },
          minItems: 2,
          maxItems: LIMITS.unitsPerLayer,
          uniqueItems: true,
          description:
            "Classification: a name for each class, class 0 first, shown in the training panel, the confusion matrix and the CLI. For generated data (instead of red and blue), inline data and CSV labels that are class indices.",
          examples: [["dog", "cat"]],
        },
      },
    },
    layers: {
      type: "array",
      minItems: 2,
      maxItems: LIMITS.layers,
      description: "The layers from input to output. The first is the input layer: its units equal the number of features in the data.",
      items: {
        type: "object",
        additionalProperties: false,
        properties: {
          units: integer(1, LIMITS.unitsPerLayer, "How many neurons this layer has (for the input layer: how many features).", [2, 8, 16]),
          shape: { ...IMAGE_SHAPE, description: `The input layer only, for images, instead of units: ${IMAGE_SHAPE.description}` },
          activation: {
            enum: ACTIVATIONS,
            description:
              "The function applied to each neuron's weighted sum. Default: relu for hidden layers; softmax, sigmoid or linear for the output depending on the task.",
            enumDescriptions: ACTIVATIONS.map((a) => ACTIVATION_DESCRIPTIONS[a]),
          },
        },
      },
    },
    loss: {
      enum: LOSSES,
      description:
        "What the network minimises. Default: crossEntropy for a softmax output, binaryCrossEntropy for a single sigmoid output, mse for regression.",
      examples: [...LOSSES.filter((l) => lossRecord(l).fused).slice(0, 1), DEFAULT_LOSS],
      enumDescriptions: LOSSES.map((l) => LOSS_DESCRIPTIONS[l]),
    },
    optimizer: {
      type: "object",
      additionalProperties: false,
      description: "How the weights are changed from their gradients.",
      properties: {
        type: {
          enum: OPTIMIZERS,
          default: DEFAULT_OPTIMIZER,
          description: OPTIMIZERS.map((o) => `${o}: ${optimizerRecord(o).description}`).join(" "),
        },
        learningRate: {
          type: "number",
          exclusiveMinimum: 0,
          maximum: LIMITS.learningRateMax,
          default: 0.03,
          description:
            "How large each step is: with sgd a weight moves by learningRate × its gradient, with adam by up to about learningRate. Too small learns slowly; too large overshoots and the loss diverges.",
          examples: [0.03, 0.01],
        },
        momentum: {
          type: "number",
          minimum: 0,
          maximum: 1,
          description: "Share of the previous step kept in the next one (momentum, and sgd when given). Default 0.9 for momentum.",
          examples: [0.9],
        },
        beta1: { type: "number", minimum: 0, exclusiveMaximum: 1, default: 0.9, description: "Adam: decay of the running mean of gradients.", examples: [0.9] },
        beta2: {
          type: "number",
          minimum: 0,
          exclusiveMaximum: 1,
          default: 0.999,
          description: "Adam: decay of the running mean of squared gradients.",
          examples: [0.999],
        },
        epsilon: {
          type: "number",
          exclusiveMinimum: 0,
          maximum: 1,
          default: 1e-8,
          description:
            "Adam: added to the denominator to avoid dividing by zero (at most 1: a larger one makes every step much smaller than the learning rate).",
          examples: [1e-8],
        },
        clipNorm: {
          type: "number",
          exclusiveMinimum: 0,
          description:
            "Gradient clipping, as PyTorch's clip_grad_norm_: when the L2 norm of all weight and bias gradients of a batch together exceeds this, they are scaled down to it before the step. Caps the steps that exploding gradients would make. Absent: no clipping.",
          examples: [1, 5],
        },
      },
    },
    training: {
      type: "object",
      additionalProperties: false,
      description: "How long and in what portions the network trains.",
      properties: {
        epochs: integer(1, LIMITS.epochs, "How many times the network sees the whole training set.", [100, 500]),
        batchSize: {
          anyOf: [
            { type: "integer", minimum: 1 },
            { const: "full", description: "The whole training set in one batch (plain gradient descent)." },
          ],
          default: 32,
          description: 'Samples per weight update. Small batches update often but noisily; "full" uses the whole training set.',
          examples: [16, 32, "full"],
        },
        shuffle: { type: "boolean", default: true, description: "Shuffle the training samples before each epoch.", examples: [true] },
        seed: {
          type: "integer",
          default: 0,
          description: "Seed for weight initialisation and shuffling: the same seed gives the same run.",
          examples: [0, 42],
        },
      },
    },
    init: {
      anyOf: [
        { enum: INIT_SCHEMES },
        { type: "string", pattern: "\\.json$", description: "A weights JSON file, relative to this spec, to start from given weights." },
      ],
      default: "xavier",
      description: "Initial weights: xavier (Glorot uniform), he (He normal, for ReLU), uniform (±0.5), zeros, or the path of a weights JSON file.",
      examples: ["xavier", "he", "start.weights.json"],
    },
    regularization: {
      type: "object",
      additionalProperties: false,
      required: ["type", "rate"],
      description: "A penalty on large weights that fights overfitting: l2 adds rate·Σw² to the loss, l1 adds rate·Σ|w|.",
      examples: [{ type: "l2", rate: 0.001 }],
      properties: {
        type: { enum: ["l1", "l2"] },
        rate: { type: "number", minimum: 0, description: "Strength of the penalty.", examples: [0.001] },
      },
    },
    metrics: {
      type: "object",
      additionalProperties: false,
      properties: {
        tolerance: {
          type: "number",
          exclusiveMinimum: 0,
          default: 0.5,
          description:
            "Regression only: an output counts as correct when within this distance of its target; accuracy counts each output of each sample on its own.",
          examples: [0.5, 0.1],
        },
      },
    },
  },
} as const;
