/** Weights edited by hand: measured at once, and the same network as the CLI started from the exported weights. */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { traceSample } from "../../src/core/train/sampleTrace";
import { Trainer } from "../../src/core/train/trainer";
import { runCli } from "../helpers/cli";
import { readExample } from "../helpers/examples";
import { loadText } from "../helpers/load";

async function cli(...argv: string[]) {
  const r = await runCli(...argv);
  assert.equal(r.code, 0, r.err);
  return r.lines;
}

const SPEC = `{ "data": { "source": "moons", "samples": 80, "validationSplit": 0.25 },
  "layers": [{ "units": 2 }, { "units": 5, "activation": "relu" }, { "units": 2 }],
  "optimizer": { "type": "momentum", "learningRate": 0.1 }, "training": { "batchSize": "full", "shuffle": false } }`;

describe("editing a weight by hand", () => {
  it("plays the lesson's number-guessing game: guesses typed as the output biases give MAE 5.5 with 25%, MAE 1 with 0%", async () => {
    const trainer = new Trainer(
      loadText(readExample("number-guessing.nnspec.json"), { "number-guessing.weights.json": readExample("number-guessing.weights.json") }),
    );
    const guess = (biases: number[]) => {
      biases.forEach((b, j) => {
        trainer.setParameter({ layer: 1, from: "bias", to: j }, b);
      });
      return trainer.evaluateNow();
    };
    assert.deepEqual(guess([50, 40, 350, 66]), { train: { loss: 5.5, accuracy: 0.25 }, validation: null, confusion: null });
    const trace = traceSample(trainer.net, trainer.loss, trainer.trainData, 0);
    assert.equal(trace.formula, "MAE = (|50 − 50| + |40 − 29| + |350 − 340| + |66 − 67|) / 4 = 5.5");
    assert.deepEqual(guess([49, 28, 339, 66]).train, { loss: 1, accuracy: 0 });
  });

  it("gives the loss the CLI measures when started from the exported weights", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnspec-edit-"));
    const specPath = join(dir, "moons.nnspec.json");
    writeFileSync(specPath, SPEC);
    const trainer = new Trainer(loadText(SPEC));
    const untouched = trainer.evaluateNow();
    trainer.setParameter({ layer: 1, from: 1, to: 3 }, 2.5);
    trainer.setParameter({ layer: 2, from: "bias", to: 0 }, -0.75);
    const edited = trainer.evaluateNow();
    assert.notEqual(edited.train.loss, untouched.train.loss);

    // Export Weights, then `init` loads them back: the same losses, to the last bit.
    const exported = JSON.stringify(trainer.weights());
    const restarted = new Trainer(loadText(SPEC.replace(/\}\s*$/, ', "init": "edited.json" }'), { "edited.json": exported }));
    assert.deepEqual(restarted.evaluateNow(), edited);

    // The CLI from the exported file: epoch 1's loss is measured before its one full-batch update.
    const weightsPath = join(dir, "edited.json");
    writeFileSync(weightsPath, exported);
    const epoch1 = JSON.parse((await cli("train", specPath, "--init", weightsPath, "--epochs", "1", "--json"))[0]);
    assert.equal(epoch1.loss, edited.train.loss);
    // And the card of one sample, from the core and from `nnspec inspect`.
    const card = JSON.parse((await cli("inspect", specPath, "--init", weightsPath, "--sample", "11", "--json"))[0]);
    const original = loadText(SPEC);
    const trace = traceSample(trainer.net, trainer.loss, original.dataset, 11, original.rowOfSample);
    assert.equal(card.loss, trace.loss);
    assert.deepEqual(card.gradients, trace.gradients);
  });

  it("evaluateNow counts the confusion of the validation data, or of the training data when there is none", async () => {
    const withValidation = new Trainer(loadText(SPEC)).evaluateNow();
    assert.equal(withValidation.confusion?.of, "validation");
    assert.equal(
      withValidation.confusion?.counts.reduce((a, b) => a + b, 0),
      20,
    );
    const without = new Trainer(loadText(SPEC.replace('"validationSplit": 0.25', '"validationSplit": 0'))).evaluateNow();
    assert.equal(without.validation, null);
    assert.equal(without.confusion?.of, "training");
    assert.equal(
      without.confusion?.counts.reduce((a, b) => a + b, 0),
      80,
    );
  });

  it("refuses a value that is not a finite number, and a parameter that is not there", async () => {
    const trainer = new Trainer(loadText(SPEC));
    const before = JSON.stringify(trainer.weights());
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, "1" as unknown as number]) {
      assert.throws(() => trainer.setParameter({ layer: 1, from: 0, to: 0 }, bad), /finite number/);
    }
    assert.throws(() => trainer.setParameter({ layer: 3, from: 0, to: 0 }, 1), /layers 1 to 2/);
    assert.throws(() => trainer.setParameter({ layer: 1, from: 2, to: 0 }, 1), /units 0 to 1/);
    assert.throws(() => trainer.setParameter({ layer: 1, from: 0, to: 1.5 }, 1), /units 0 to 4/);
    assert.equal(JSON.stringify(trainer.weights()), before);
  });
});
