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
import { ACTIVATIONS, activationRecord } from "../nn/activations";
import { INIT_SCHEMES } from "../nn/init";
import { DEFAULT_LOSS, LOSSES, lossRecord } from "../nn/losses";
import { DEFAULT_OPTIMIZER, OPTIMIZERS, optimizerRecord } from "../nn/optimizers";

import { DATA_SCHEMA, IMAGE_SHAPE, integer } from "./schemaData";

export { DATA_SOURCES, IMAGE_SOURCES } from "./schemaData";

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
    data: DATA_SCHEMA,
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
            enumDescriptions: ACTIVATIONS.map((a) => activationRecord(a).description),
          },
          dropout: {
            type: "number",
            minimum: 0,
            exclusiveMaximum: 1,
            description:
              "Hidden layers only: while training, each of this layer's outputs is set to 0 with this probability and the others are scaled by 1/(1 − dropout), so the next layer cannot rely on any one unit (it fights overfitting). Validation, the sample card and the loss landscape use every unit. Absent or 0: no dropout.",
            examples: [0.2, 0.5],
          },
        },
      },
    },
    loss: {
      enum: LOSSES,
      description:
        "What the network minimises. Default: crossEntropy for a softmax output, binaryCrossEntropy for a single sigmoid output, mse for regression.",
      examples: [...LOSSES.filter((l) => lossRecord(l).fused).slice(0, 1), DEFAULT_LOSS],
      enumDescriptions: LOSSES.map((l) => lossRecord(l).description),
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
          description: "Seed for weight initialisation, shuffling and dropout: the same seed gives the same run.",
          examples: [0, 42],
        },
        earlyStopping: {
          type: "object",
          additionalProperties: false,
          required: ["patience"],
          description:
            "Stop training once the validation loss has not improved for `patience` epochs, before it climbs further (overfitting). Needs validation data.",
          examples: [{ patience: 10, restoreBest: true }],
          properties: {
            patience: integer(1, LIMITS.epochs, "How many epochs without a lower validation loss to wait before stopping.", [10, 20]),
            minDelta: {
              type: "number",
              minimum: 0,
              default: 0,
              description: "How much lower than the best so far a validation loss must be to count as an improvement. Default 0: any decrease.",
              examples: [0, 0.001],
            },
            restoreBest: {
              type: "boolean",
              default: true,
              description: "At the end, put back the weights of the epoch with the lowest validation loss instead of keeping the last epoch's.",
              examples: [true],
            },
          },
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
