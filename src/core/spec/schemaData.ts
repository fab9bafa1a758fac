/**
 * The schema of a spec's "data" section: where the samples come from (a generated set, inline
 * numbers, a CSV file, images) and how they are split. Part of NNSPEC_SCHEMA (schema.ts).
 */
import { LIMITS } from "../base/limits";
import { CLASSIFICATION_SOURCES, REGRESSION_SOURCES } from "../data/generators";

export const IMAGE_SOURCES = ["digits", "idx", "imageFolder"] as const;
export const DATA_SOURCES = [...CLASSIFICATION_SOURCES, ...REGRESSION_SOURCES, "inline", "csv", ...IMAGE_SOURCES] as const;

export const integer = (minimum: number, maximum: number, description: string, examples: number[]) => ({
  type: "integer",
  minimum,
  maximum,
  description,
  examples,
});

/** An image's [height, width, channels], as an input layer or a CSV's pixel columns give it. */
export const IMAGE_SHAPE = {
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

export const DATA_SCHEMA = {
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
      enumDescriptions: ["0 to 255 becomes 0 to 1 (÷ 255).", "Centred on 0 with a standard deviation of 1, from the mean and spread of all the data's pixels."],
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
};
