/**
 * "Compare Loss Functions" trains the same spec once with each suitable loss: for the comparison
 * to be fair, every run must start from the same weights and see the same batches in the same
 * order, so that only the loss differs.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { it } from "node:test";
import { loadSpec } from "../../src/core/spec/load";
import { suitableLosses } from "../../src/core/spec/lossRules";
import { Trainer } from "../../src/core/train/trainer";
import { withLoss } from "../../src/extension/lossChoice";
import { nodeFiles } from "../../src/node/nodeFiles";
import { EXAMPLES_DIR, readExample } from "../helpers/examples";

function loaded(text: string, file: string) {
  const result = loadSpec(text, nodeFiles(join(EXAMPLES_DIR, file)));
  assert.ok(result.loaded, JSON.stringify(result.diagnostics));
  return result.loaded;
}

/** The initial weights and, batch by batch for two epochs, the input rows each batch trained on. */
function firstSteps(text: string, file: string) {
  const trainer = new Trainer(loaded(text, file));
  const weights = trainer.weights();
  const batches: number[][] = [];
  const f = trainer.net.inputSize;
  const { batchSize } = trainer.spec.training;
  const size = batchSize === "full" ? trainer.trainData.rows : batchSize;
  for (let b = 0; b < 2 * trainer.batchesPerEpoch; b++) {
    const rows = Math.min(size, trainer.trainData.rows - trainer.batchInEpoch * size);
    trainer.stepBatch();
    batches.push(Array.from(trainer.net.inputBuffer(rows).subarray(0, rows * f)));
  }
  return { weights, batches, losses: trainer.history.map((m) => m.loss) };
}

for (const file of ["spiral.nnspec.json", "circle.nnspec.json", "gaussian-hill.nnspec.json"]) {
  it(`${file}: every loss of the comparison starts from the same weights and sees the same shuffled batches`, () => {
    const text = readExample(file);
    const { spec } = loaded(text, file);
    const losses = suitableLosses(spec.task, spec.activations[spec.activations.length - 1], spec.sizes[spec.sizes.length - 1]);
    assert.ok(losses.length >= 3, losses.join());
    const runs = losses.map((loss) => firstSteps(withLoss(text, loss), file));
    for (const [i, run] of runs.entries()) {
      assert.deepEqual(run.weights, runs[0].weights, `${losses[i]}: initial weights`);
      assert.deepEqual(run.batches, runs[0].batches, `${losses[i]}: batches`);
    }
    // The batches are shuffled (not simply the data in order), and the losses do differ.
    assert.notDeepEqual(runs[0].batches[0], runs[0].batches[runs[0].batches.length / 2]);
    assert.equal(new Set(runs.map((r) => r.losses[0])).size, losses.length);
  });
}
