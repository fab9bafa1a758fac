/** Each unit's picture over the input plane, checked against the same units written out by hand. */
import assert from "node:assert/strict";
import { it } from "node:test";
import { noFiles } from "../../src/core/base/files";
import { Network } from "../../src/core/nn/network";
import { loadSpec } from "../../src/core/spec/load";
import { neuronMaps } from "../../src/core/train/neuronMaps";
import { Trainer } from "../../src/core/train/trainer";

it("gives the inputs, each hidden unit and the output at every grid cell", () => {
  // Hidden unit 0 is relu(x), unit 1 is relu(−y); the output is relu(x) + 2·relu(−y) + 0.5.
  const net = new Network([2, 2, 1], ["relu", "linear"]);
  net.weights[0].set([1, 0, 0, -1]); // [in][out]: x → unit 0, y → unit 1 with weight −1
  net.biases[0].set([0, 0]);
  net.weights[1].set([1, 2]);
  net.biases[1].set([0.5]);
  const extent = { xMin: -1, xMax: 2, yMin: -2, yMax: 1 };
  const maps = neuronMaps(net, extent, 4, (k) => (k === 1 ? [1, 0] : k === 0 ? [0, 1] : [0]));
  assert.equal(maps.resolution, 4);
  assert.deepEqual(
    maps.layers.map((l) => l.length),
    [2 * 16, 2 * 16, 16],
  );
  const relu = (v: number) => Math.max(0, v);
  for (let cell = 0; cell < 16; cell++) {
    const x = -1 + (cell % 4); // columns at −1, 0, 1, 2
    const y = -2 + Math.floor(cell / 4); // rows at −2, −1, 0, 1
    assert.equal(maps.layers[0][cell], x);
    assert.equal(maps.layers[0][16 + cell], y);
    // Units in the order asked for: unit 1 first.
    assert.equal(maps.layers[1][cell], relu(-y));
    assert.equal(maps.layers[1][16 + cell], relu(x));
    assert.equal(maps.layers[2][cell], relu(x) + 2 * relu(-y) + 0.5);
  }
});

it("training gets them only for two inputs, and they leave training's results unchanged", () => {
  const spec = (source: string, units: number) =>
    `{ "data": { "source": "${source}" }, "layers": [{ "units": ${units} }, { "units": 4, "activation": "tanh" }, { "units": ${source === "plane" ? 1 : 2} }], "training": { "epochs": 5 } }`;
  const train = (text: string, withMaps: boolean) => {
    const loaded = loadSpec(text, noFiles()).loaded;
    assert.ok(loaded);
    const trainer = new Trainer(loaded);
    let maps = null;
    while (!trainer.finished) {
      trainer.stepEpoch();
      if (withMaps) maps = trainer.neuronMaps(8, (k) => Array.from({ length: loaded.spec.sizes[k] }, (_, i) => i));
    }
    return { loss: trainer.history.at(-1)?.loss, maps };
  };
  const plain = train(spec("xor", 2), false);
  const mapped = train(spec("xor", 2), true);
  assert.equal(mapped.loss, plain.loss);
  assert.ok(mapped.maps);
  assert.deepEqual(
    mapped.maps.layers.map((l) => l.length),
    [2 * 64, 4 * 64, 2 * 64],
  );
  const threeInputs = loadSpec(
    `{ "data": { "source": "inline", "x": [[0, 1, 2], [1, 2, 3]], "y": [0, 1] }, "layers": [{ "units": 3 }, { "units": 2, "activation": "softmax" }] }`,
    noFiles(),
  ).loaded;
  assert.ok(threeInputs);
  assert.equal(
    new Trainer(threeInputs).neuronMaps(8, () => [0]),
    null,
  );
});
