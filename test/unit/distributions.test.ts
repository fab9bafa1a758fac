/** Percentiles, histograms and the trainer's sampled distributions, against hand counts. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { memoryFiles } from "../../src/core/base/files";
import { Network } from "../../src/core/nn/network";
import { loadSpec } from "../../src/core/spec/load";
import { DistributionRecorder, SERIES_LIMIT } from "../../src/core/train/distributions";
import { histogram, PERCENTILE_POINTS, percentilesOfSorted, sortedFinite } from "../../src/core/train/percentiles";
import { Trainer } from "../../src/core/train/trainer";

const close = (actual: number[], expected: number[]) => {
  for (const [i, v] of actual.entries()) assert.ok(Math.abs(v - expected[i]) < 1e-12, `[${i}] ${v} ≠ ${expected[i]} (${actual} vs ${expected})`);
};

describe("percentiles, interpolated linearly as numpy.percentile's default", () => {
  it("at rank p/100·(n − 1), between the two nearest values", () => {
    // numpy.percentile([1, 2, 3, 4, 5], [0, 25, 50, 100]) = [1, 2, 3, 5]; at 6.68: 1 + 0.2672.
    close(percentilesOfSorted([1, 2, 3, 4, 5], [0, 25, 50, 100, 6.68]), [1, 2, 3, 5, 1.2672]);
    // Uneven gaps: rank 1.5 of [0, 10, 30] is halfway from 10 to 30.
    close(percentilesOfSorted([0, 10, 30], [50, 75, 93.32]), [10, 20, 10 + 0.8664 * 20]);
  });

  it("TensorFlow's nine points: min, the normal distribution's ±1.5σ, ±1σ, ±0.5σ, the median and max", () => {
    assert.deepEqual([...PERCENTILE_POINTS], [0, 6.68, 15.87, 30.85, 50, 69.15, 84.13, 93.32, 100]);
    const ranks = Float64Array.from({ length: 10001 }, (_, i) => i);
    // Over 0…10000 the percentile p is 100·p: TensorBoard's basis points.
    close(percentilesOfSorted(ranks), [0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000]);
  });

  it("one value is every percentile; none gives NaN; non-finite values are left out before sorting", () => {
    close(percentilesOfSorted([7]), new Array(9).fill(7));
    assert.ok(percentilesOfSorted([]).every(Number.isNaN));
    assert.deepEqual([...sortedFinite(Float64Array.from([3, Number.NaN, -1, Number.POSITIVE_INFINITY, 2]))], [-1, 2, 3]);
  });
});

describe("histograms over a given range", () => {
  it("counts each value in its bin as a share of all values; max goes in the last bin", () => {
    // 0…10 in five bins of width 2: [0, 2) holds 0 and 1, [2, 4) holds 2 and 3, [8, 10] holds 10.
    assert.deepEqual(histogram([0, 1, 2, 3, 10], 0, 10, 5), [0.4, 0.4, 0, 0, 0.2]);
    assert.deepEqual(histogram([-1, -0.5, 0.5], -1, 1, 4), [1 / 3, 1 / 3, 0, 1 / 3]);
  });

  it("all in the middle bin when the range is a point; a NaN is missing mass, not an error", () => {
    assert.deepEqual(histogram([2, 2], 2, 2, 5), [0, 0, 1, 0, 0]);
    assert.deepEqual(histogram([0, Number.NaN], 0, 1, 2), [0.5, 0]);
  });
});

describe("the trainer's distributions", () => {
  // One input, two ReLU units computing relu(x) and relu(−x), one linear output a = h1 + 2·h2.
  const WEIGHTS = `{ "layers": [ { "weights": [[1, -1]], "biases": [0, 0] }, { "weights": [[1], [2]], "biases": [0] } ] }`;
  const spec = (extra = "") =>
    `{ "data": { "source": "inline", "task": "regression", "x": [[-1], [0.5], [2], [3]], "y": [1, 1, 1, 1], "validationSplit": 0 },
       "layers": [{ "units": 1 }, { "units": 2, "activation": "relu" }, { "units": 1, "activation": "linear" }], "loss": "mse",
       "optimizer": { "type": "sgd", "learningRate": 0.01 }, "init": "w.json", "training": { "epochs": 300, "batchSize": "full", "shuffle": false }${extra} }`;
  const trainer = (text = spec()) => {
    const result = loadSpec(text, memoryFiles({ "w.json": WEIGHTS }));
    assert.ok(result.loaded, JSON.stringify(result.diagnostics));
    return new Trainer(result.loaded);
  };

  it("are null before the first epoch ends, then those of the epoch's first samples, counted by hand", () => {
    const t = trainer();
    assert.equal(t.distributions(), null);
    t.stepEpoch();
    const d = t.distributions();
    assert.ok(d);
    assert.equal(d.epoch, 1);
    // Hidden activations, sample by sample: (relu(x), relu(−x)) = (0, 1), (0.5, 0), (2, 0), (3, 0).
    // Sorted [0, 0, 0, 0, 0.5, 1, 2, 3]: the median is halfway between 0 and 0.5.
    assert.equal(d.activations.counts[0], 8);
    close(d.activations.percentiles[0], percentilesOfSorted([0, 0, 0, 0, 0.5, 1, 2, 3]));
    assert.equal(d.activations.percentiles[0][4], 0.25);
    // Outputs a = h1 + 2·h2: 2, 0.5, 2, 3. Each sample's own δ = dL/da = 2·(a − 1): 2, −1, 2, 4.
    close(d.activations.percentiles[1], percentilesOfSorted([0.5, 2, 2, 3]));
    close(d.deltas.percentiles[1], percentilesOfSorted([-1, 2, 2, 4]));
    // The hidden δ = δ_out · w_out · relu'(z): unit 1 gets δ_out·1 where x > 0, unit 2 δ_out·2 where x < 0:
    // (0, 2·2), (−1, 0), (2, 0), (4, 0).
    close(d.deltas.percentiles[0], percentilesOfSorted([-1, 0, 0, 0, 0, 2, 4, 4]));
    // The batch's weight gradients, dL/dw = mean over samples of input × δ: layer 2's are
    // mean(h1·δ) = (0·2 + 0.5·(−1) + 2·2 + 3·4) / 4 and mean(h2·δ) = (1·2) / 4.
    close(d.weightGradients.percentiles[1], percentilesOfSorted([0.5, 15.5 / 4]));
  });

  it("share one range per kind across layers, and each layer's histogram covers its samples", () => {
    const t = trainer();
    t.stepEpoch();
    const d = t.distributions();
    assert.ok(d);
    // Activations run from 0 (hidden) to 3 (hidden and output): one range for both layers.
    assert.deepEqual([d.activations.min, d.activations.max], [0, 3]);
    assert.deepEqual([d.deltas.min, d.deltas.max], [-1, 4]);
    for (const kind of [d.activations, d.deltas, d.weightGradients]) {
      for (const shares of kind.shares) assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    }
    // Output activations 0.5, 2, 2, 3 over 0…3 in 30 bins of 0.1: bins 5, 20, 20 and the last.
    const out = d.activations.shares[1];
    assert.deepEqual(
      out.flatMap((s, b) => (s > 0 ? [[b, s]] : [])),
      [
        [5, 0.25],
        [20, 0.5],
        [29, 0.25],
      ],
    );
  });

  it("the percentiles over epochs keep at most SERIES_LIMIT epochs, evenly spaced to the latest", () => {
    const t = trainer();
    for (let e = 0; e < 300; e++) t.stepEpoch();
    const h = t.distributionHistory();
    // 128 epochs fill the series: every other one goes (stride 2: 2, 4, …, 128), then 130…256
    // fill it again: stride 4 (4, 8, …, 256), and 260…300 follow.
    assert.equal(SERIES_LIMIT, 128);
    assert.equal(h.stride, 4);
    assert.deepEqual(
      h.epochs,
      Array.from({ length: 75 }, (_, i) => 4 * (i + 1)),
    );
    for (const kind of [h.activations, h.deltas, h.weightGradients]) {
      assert.equal(kind.length, 2, "per layer");
      for (const layer of kind) {
        assert.equal(layer.length, h.epochs.length);
        for (const p of layer) assert.equal(p.length, 9);
      }
    }
    // The series' latest entry is the current distributions' percentiles (epoch 300's sample).
    const d = t.distributions();
    assert.equal(d?.epoch, 300);
    assert.deepEqual(h.activations[0][74], d?.activations.percentiles[0]);
  });
});

describe("the weight gradients sampled from a large layer", () => {
  it("are distinct weights evenly spread over the matrix, none taken twice", () => {
    // 300 inputs × 2 units: 600 weights, 256 sampled. Each gradient is its weight's index, so a
    // sample spread evenly over 0…599 has its percentiles at about 6 times their point; one that
    // takes the first weights twice has them too low.
    for (const inputs of [300, 310, 1000, 129]) {
      const net = new Network([inputs, 2], ["linear"]);
      net.gradWeights[0].forEach((_, i, g) => {
        g[i] = i;
      });
      const recorder = new DistributionRecorder(net);
      net.forward(1);
      recorder.beginEpoch(1);
      recorder.take(1);
      recorder.endEpoch();
      const sampled = recorder.current()?.weightGradients;
      assert.ok(sampled);
      assert.equal(sampled.counts[0], 256);
      const n = inputs * 2;
      sampled.percentiles[0].forEach((value, i) => {
        const p = PERCENTILE_POINTS[i];
        assert.ok(Math.abs(value - (p / 100) * n) < n / 50, `${inputs} inputs: percentile ${p} is ${value}, not about ${(p / 100) * n}`);
      });
    }
  });

  it("take every column when the sample's spacing is a multiple of the row's width", () => {
    // 256 inputs × 2 units, 512 weights, every second one sampled: each gradient is its column.
    const net = new Network([256, 2], ["linear"]);
    net.gradWeights[0].forEach((_, i, g) => {
      g[i] = i % 2;
    });
    const recorder = new DistributionRecorder(net);
    net.forward(1);
    recorder.beginEpoch(1);
    recorder.take(1);
    recorder.endEpoch();
    const [min, , , , , , , , max] = recorder.current()?.weightGradients.percentiles[0] ?? [];
    assert.deepEqual([min, max], [0, 1]);
  });
});
