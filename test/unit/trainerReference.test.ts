/**
 * The trainer's epoch figures against training written plainly (test/helpers/referenceTraining.ts,
 * which shares no code with src/core/nn or src/core/train): from the same initial weights and
 * rows in order, each epoch's loss, accuracy, validation loss and validation accuracy, and its
 * gradient statistics per layer.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Dataset, featureRow } from "../../src/core/data/dataset";
import { Trainer } from "../../src/core/train/trainer";
import { loadText } from "../helpers/load";
import { type RefEpoch, type RefTrainingRun, referenceEpochs } from "../helpers/referenceTraining";

/** What the reference needs from a trainer that has not stepped: its initial weights, rows in order and settings. */
function referenceRunOf(t: Trainer): RefTrainingRun {
  const { spec, trainData: train, validation } = t;
  const width = spec.sizes[spec.sizes.length - 1];
  const rowsOf = (d: Dataset) => ({
    x: Array.from({ length: d.rows }, (_, r) => Array.from(featureRow(d, r))),
    labels: d.labels ? Array.from(d.labels) : undefined,
    targets: d.targets ? Array.from({ length: d.rows }, (_, r) => Array.from(d.targets?.subarray(r * width, (r + 1) * width) ?? [])) : undefined,
  });
  const batchSize = spec.training.batchSize === "full" ? train.rows : spec.training.batchSize;
  assert.equal(spec.training.shuffle, false, "the reference takes the rows in order");
  return {
    initial: t.weights(),
    activations: spec.activations,
    loss: spec.loss,
    optimizer: spec.optimizer,
    ...rowsOf(train),
    validation: rowsOf(validation),
    tolerance: spec.metrics.tolerance,
    regularization: spec.regularization,
    batchSize,
    epochs: spec.training.epochs,
  };
}

/** Five epochs of 80 training rows in batches of 30, 30 and a partial 20, in order; 20 rows held out. */
const BATCHES = { epochs: 5, batchSize: 30, shuffle: false };
const spiral = (output: object, rest: object) =>
  JSON.stringify({ data: { source: "spiral", samples: 100 }, layers: [{ units: 2 }, { units: 8, activation: "tanh" }, output], training: BATCHES, ...rest });
/** Two regression targets; an output within 0.1 of its target counts as right. */
const regression = (rest: object) => {
  const x = Array.from({ length: 100 }, (_, i) => [Math.sin(i), Math.cos(1.7 * i)]);
  return JSON.stringify({
    data: { source: "inline", task: "regression", x, y: x.map(([a, b]) => [a * b, a + 0.5 * b]) },
    layers: [{ units: 2 }, { units: 8, activation: "tanh" }, { units: 2, activation: "linear" }],
    training: BATCHES,
    metrics: { tolerance: 0.1 },
    ...rest,
  });
};

describe("epoch metrics against training written plainly", () => {
  for (const [name, text] of [
    ["softmax classes by cross-entropy with adam", spiral({ units: 2, activation: "softmax" }, { optimizer: { type: "adam", learningRate: 0.02 } })],
    [
      "one sigmoid output by BCE with momentum",
      spiral({ units: 1, activation: "sigmoid" }, { loss: "binaryCrossEntropy", optimizer: { type: "momentum", learningRate: 0.1 } }),
    ],
    ["regression by MSE with sgd", regression({ loss: "mse", optimizer: { type: "sgd", learningRate: 0.2 } })],
    ["regression by huber with adam", regression({ loss: "huber", optimizer: { type: "adam", learningRate: 0.02 } })],
    [
      "softmax with momentum, L2 and clipping",
      spiral(
        { units: 2, activation: "softmax" },
        { optimizer: { type: "momentum", learningRate: 0.1, clipNorm: 0.05 }, regularization: { type: "l2", rate: 0.01 } },
      ),
    ],
    [
      "regression by MAE with adam and L1",
      regression({ loss: "mae", optimizer: { type: "adam", learningRate: 0.02 }, regularization: { type: "l1", rate: 0.005 } }),
    ],
  ] as const) {
    it(`loss and accuracy over the epoch's samples (each before its batch's update), validation after its last update, gradient statistics over its batches: ${name}`, async () => {
      const t = new Trainer(loadText(text));
      const run = referenceRunOf(t);
      const reference = referenceEpochs(run);
      const losses = (epochs: RefEpoch[]) => epochs.map((e) => e.loss);
      if (run.optimizer.clipNorm !== null)
        assert.notDeepEqual(losses(reference), losses(referenceEpochs({ ...run, optimizer: { ...run.optimizer, clipNorm: null } })), "the limit clips");
      if (run.regularization) assert.notDeepEqual(losses(reference), losses(referenceEpochs({ ...run, regularization: null })), "the penalty acts");
      for (const [epoch, expected] of reference.entries()) {
        const m = t.stepEpoch();
        assert.ok(m);
        const relative = Math.abs(m.loss - expected.loss) / expected.loss;
        assert.ok(relative < 1e-12, `epoch ${epoch + 1}: loss ${m.loss}, reference ${expected.loss}`);
        assert.equal(m.accuracy, expected.accuracy, `epoch ${epoch + 1}: accuracy`);
        // Validation after the epoch's last update, on the 20 rows held out.
        assert.ok(
          Math.abs((m.valLoss ?? Number.NaN) - (expected.valLoss ?? 0)) < 1e-12 * (expected.valLoss ?? 0),
          `epoch ${epoch + 1}: valLoss ${m.valLoss}, reference ${expected.valLoss}`,
        );
        assert.equal(m.valAccuracy, expected.valAccuracy, `epoch ${epoch + 1}: valAccuracy`);
        // Gradient statistics over the epoch's three batches, each batch's mean gradient as the reference's chain rule gives it.
        expected.gradients.forEach(({ weights, biases }, k) => {
          const g = m.gradients[k];
          const pairs = [
            ["meanAbs", g.meanAbs, weights.meanAbs],
            ["rms", g.rms, weights.rms],
            ["maxAbs", g.maxAbs, weights.maxAbs],
            ["biasMeanAbs", g.biasMeanAbs, biases.meanAbs],
            ["biasRms", g.biasRms, biases.rms],
            ["biasMaxAbs", g.biasMaxAbs, biases.maxAbs],
          ] as const;
          for (const [figure, ours, theirs] of pairs)
            assert.ok(Math.abs(ours - theirs) <= 1e-10 * theirs, `epoch ${epoch + 1}, layers[${k + 1}] ${figure}: ${ours}, reference ${theirs}`);
        });
      }
      for (const figure of ["accuracy", "valAccuracy"] as const)
        assert.ok(new Set(reference.map((e) => e[figure])).size > 1, `${figure} changes over the epochs, so the comparison covers it`);
      assert.ok(reference[4].loss < reference[0].loss, "the run learns, so the steps are compared too");
    });
  }
});
