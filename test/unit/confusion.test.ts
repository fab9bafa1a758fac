/** The confusion matrix, checked against labels and predictions counted one sample at a time. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { it } from "node:test";
import { noFiles } from "../../src/core/base/files";
import { type Dataset, featureRow } from "../../src/core/data/dataset";
import { loadSpec } from "../../src/core/spec/load";
import { addToConfusion, predictedClass } from "../../src/core/train/confusion";
import { countCorrect } from "../../src/core/train/metrics";
import { Trainer } from "../../src/core/train/trainer";
import { nodeFiles } from "../../src/node/nodeFiles";
import { EXAMPLES_DIR, readExample } from "../helpers/examples";
import { toReference } from "../helpers/gradcheck";
import { forwardFrom } from "../helpers/reference";

function trained(text: string, epochs: number, files = noFiles()): Trainer {
  const loaded = loadSpec(text, files).loaded;
  assert.ok(loaded);
  const trainer = new Trainer(loaded);
  for (let e = 0; e < epochs; e++) trainer.stepEpoch();
  return trainer;
}

/** Each sample through the readable reference alone (test/helpers/reference.ts); its class from the data set's labels, not the targets. */
function countOneByOne(trainer: Trainer, data: Dataset): number[] {
  const width = trainer.net.outputSize;
  const classes = width === 1 ? 2 : width;
  const counts = new Array(classes * classes).fill(0);
  const net = toReference(trainer.net);
  for (let r = 0; r < data.rows; r++) {
    const out = forwardFrom(net, 0, Array.from(featureRow(data, r))).a[net.weights.length - 1];
    const predicted = width === 1 ? Number(out[0] > 0.5) : out.indexOf(Math.max(...out));
    counts[(data.labels?.[r] ?? -1) * classes + predicted]++;
  }
  return counts;
}

it("counts the validation set after the epoch, agreeing with the validation accuracy", () => {
  const fruit = trained(readExample("fruit.nnspec.json"), 3, nodeFiles(join(EXAMPLES_DIR, "fruit.nnspec.json")));
  const confusion = fruit.confusion();
  assert.ok(confusion);
  assert.equal(confusion.of, "validation");
  assert.equal(confusion.classes, fruit.trainData.classNames?.length);
  assert.deepEqual(confusion.counts, countOneByOne(fruit, fruit.validation));
  const diagonal = confusion.counts.filter((_, i) => i % (confusion.classes + 1) === 0).reduce((a, b) => a + b, 0);
  assert.equal(diagonal / fruit.validation.rows, fruit.history.at(-1)?.valAccuracy);
});

it("one sigmoid output has two classes", () => {
  const circle = trained(readExample("circle.nnspec.json"), 2);
  const confusion = circle.confusion();
  assert.equal(confusion?.classes, 2);
  assert.deepEqual(confusion?.counts, countOneByOne(circle, circle.validation));
});

it("without validation data, counts the training samples during the epoch, as training accuracy is", () => {
  const dogCat = trained(readExample("dog-cat.nnspec.json"), 1, nodeFiles(join(EXAMPLES_DIR, "dog-cat.nnspec.json")));
  const confusion = dogCat.confusion();
  assert.ok(confusion);
  assert.equal(confusion.of, "training");
  assert.equal(
    confusion.counts.reduce((a, b) => a + b, 0),
    dogCat.trainData.rows,
  );
  const diagonal = confusion.counts.filter((_, i) => i % (confusion.classes + 1) === 0).reduce((a, b) => a + b, 0);
  assert.equal(diagonal / dogCat.trainData.rows, dogCat.history.at(-1)?.accuracy);
});

it("is null before the first epoch ends, and for regression", () => {
  assert.equal(trained(readExample("xor.nnspec.json"), 0).confusion(), null);
  assert.equal(trained(readExample("gaussian-hill.nnspec.json"), 1).confusion(), null);
});

it("one rule for the predicted class: p = 0.5 of one sigmoid output is class 0, and the first of equal outputs wins, for accuracy as for the confusion matrix and the boundary", () => {
  assert.equal(predictedClass([0.5], 0, 1), 0);
  assert.equal(predictedClass([0.5000001], 0, 1), 1);
  assert.equal(predictedClass([0.3, 0.35, 0.35], 0, 3), 1);
  // Accuracy counts exactly that: a sigmoid output of 0.5 is right for class 0 and wrong for class 1.
  assert.equal(countCorrect(new Float64Array([0.5, 0.5]), new Float64Array([0, 1]), 0, 2, 1, false, 0), 1);
  // Two equal softmax outputs: class 0 is predicted, so only the sample of class 0 is right.
  const tied = new Float64Array([0.5, 0.5, 0.5, 0.5]);
  assert.equal(countCorrect(tied, new Float64Array([1, 0, 0, 1]), 0, 2, 2, false, 0), 1);
  const counts = new Float64Array(4);
  addToConfusion(counts, tied, new Float64Array([1, 0, 0, 1]), 2, 2);
  assert.deepEqual(Array.from(counts), [1, 0, 1, 0], "both predicted as class 0");
});
