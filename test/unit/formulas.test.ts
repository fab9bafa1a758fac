/** Numbers and formulas as the lesson writes them: 0.2, not 0.2000; each loss with its terms. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatNumber } from "../../src/core/base/format";
import { Optimizer, type OptimizerSettings } from "../../src/core/nn/optimizers";
import { joinTerms, lossFormula, stepFormula, sumFormula } from "../../src/core/train/formulas";

describe("formatNumber", () => {
  it("up to 4 decimals, trailing zeros dropped, 4 significant digits below 1, exponents far from 1 with 3 significant digits, the minus sign −", () => {
    const cases: [number, string][] = [
      [0.2, "0.2"],
      [0.04, "0.04"],
      [0.2231435513142097, "0.2231"],
      [5.5, "5.5"],
      [340, "340"],
      [1.6094379124341003, "1.6094"],
      [-0.16, "−0.16"],
      [0.000123456, "0.0001235"],
      [0.0001, "0.0001"],
      [1.23456e-5, "1.23e−5"],
      [1.915e-174, "1.92e−174"],
      [1e308, "1e+308"],
      [-5.2213e173, "−5.22e+173"],
      [-1e-7, "−1e−7"],
      [2.5e6, "2.5e+6"],
      [123456.789, "123456.789"],
      [0.99999, "1"],
      [0.19999999999999998, "0.2"],
      [0, "0"],
      [-0, "0"],
      [Number.POSITIVE_INFINITY, "∞"],
      [Number.NEGATIVE_INFINITY, "−∞"],
      [Number.NaN, "NaN"],
    ];
    for (const [value, text] of cases) assert.equal(formatNumber(value), text, String(value));
  });
});

describe("formulas", () => {
  it("each loss in the lesson's style", () => {
    assert.equal(lossFormula("mae", [0.8, 0.2], [1, 0], 0.2), "MAE = (|0.8 − 1| + |0.2 − 0|) / 2 = 0.2");
    assert.equal(lossFormula("mae", [50, 40, 350, 66], [50, 29, 340, 67], 5.5), "MAE = (|50 − 50| + |40 − 29| + |350 − 340| + |66 − 67|) / 4 = 5.5");
    assert.equal(lossFormula("mae", [0.5], [-1], 1.5), "MAE = |0.5 − (−1)| = 1.5");
    assert.equal(lossFormula("mse", [0.8, 0.2], [0, 1], 0.64), "MSE = (0.8² + 0.8²) / 2 = 0.64");
    assert.equal(lossFormula("huber", [0.8, 3], [1, 1], 0.76), "Huber = (½·0.2² + (2 − ½)) / 2 = 0.76");
    assert.equal(lossFormula("crossEntropy", [0.8, 0.2], [0, 1], 1.6094379124341003), "CE = −ln 0.2 = 1.6094");
    assert.equal(lossFormula("binaryCrossEntropy", [0.8, 0.3], [1, 0], 0.29), "BCE = −(ln 0.8 + ln(1 − 0.3)) / 2 = 0.29");
  });

  it("long sums show their first three terms, …, and the last", () => {
    assert.equal(joinTerms(["a", "b", "c"]), "a + b + c");
    assert.equal(joinTerms(Array.from({ length: 10 }, (_, i) => `t${i}`)), "t0 + t1 + t2 + … + t9");
    const output = Array(10).fill(0.1);
    assert.equal(lossFormula("mae", output, Array(10).fill(0), 0.1), "MAE = (|0.1 − 0| + |0.1 − 0| + |0.1 − 0| + … + |0.1 − 0|) / 10 = 0.1");
  });

  it("a unit's weighted sum", () => {
    assert.equal(sumFormula([0.5, -0.3], [1, 2], 0.1, 0), "z = 0.5·1 + (−0.3)·2 + 0.1 = 0");
  });

  const settings = (type: OptimizerSettings["type"]): OptimizerSettings => ({
    type,
    learningRate: 0.1,
    momentum: 0.9,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    clipNorm: null,
  });

  it("each optimizer's step from its state", () => {
    const w = Float64Array.of(0.5);
    const sgd = new Optimizer({ ...settings("sgd"), momentum: 0 });
    assert.deepEqual(stepFormula("w", sgd.preview(w, 0, 0.2)), ["w ← w − lr·g = 0.5 − 0.1·0.2 = 0.48"]);
    const momentum = new Optimizer(settings("momentum"));
    momentum.beginStep();
    momentum.update(w, Float64Array.of(1)); // v = 1, w = 0.4
    assert.deepEqual(stepFormula("w", momentum.preview(w, 0, 0.2)), ["v ← μ·v + g = 0.9·1 + 0.2 = 1.1", "w ← w − lr·v = 0.4 − 0.1·1.1 = 0.29"]);
    const adam = new Optimizer(settings("adam"));
    assert.deepEqual(stepFormula("b", adam.preview(Float64Array.of(0.5), 0, 0.2)), [
      "m ← β₁·m + (1 − β₁)·g = 0.9·0 + 0.1·0.2 = 0.02",
      "v ← β₂·v + (1 − β₂)·g² = 0.999·0 + 0.001·0.2² = 4e−5",
      "m̂ = m / (1 − β₁^1) = 0.02 / (1 − 0.9^1) = 0.2",
      "v̂ = v / (1 − β₂^1) = 4e−5 / (1 − 0.999^1) = 0.04",
      "b ← b − lr·m̂ / (√v̂ + ε) = 0.5 − 0.1·0.2 / (√0.04 + 1e−8) = 0.4",
    ]);
  });
});

describe("Optimizer.preview", () => {
  for (const type of ["sgd", "momentum", "adam"] as const) {
    for (const momentum of type === "sgd" ? [0, 0.5] : [0.9]) {
      it(`${type}${type === "sgd" ? ` with momentum ${momentum}` : ""}: the step update() takes, without changing anything`, () => {
        const optimizer = new Optimizer({ type, learningRate: 0.05, momentum, beta1: 0.8, beta2: 0.99, epsilon: 1e-8, clipNorm: null });
        const params = Float64Array.of(0.3, -0.7, 1.1);
        for (let step = 0; step < 5; step++) {
          const grad = Float64Array.of(Math.sin(step + 1), -0.5 + step / 4, 0);
          const before = Array.from(params);
          const states = Array.from(params, (_, i) => optimizer.parameterState(params, i));
          const previews = Array.from(params, (_, i) => optimizer.preview(params, i, grad[i]));
          assert.deepEqual(Array.from(params), before, "preview changes no parameter");
          assert.deepEqual(
            Array.from(params, (_, i) => optimizer.parameterState(params, i)),
            states,
            "nor the optimizer's state",
          );
          optimizer.beginStep();
          optimizer.update(params, grad);
          previews.forEach((p, i) => {
            assert.equal(p.next, params[i], `step ${step + 1}, parameter ${i}`);
            assert.equal(p.rule, type === "sgd" && momentum > 0 ? "momentum" : type);
            const after = optimizer.parameterState(params, i);
            assert.equal(after.step, states[i].step + 1);
            if (p.rule === "momentum") assert.equal(p.nextVelocity, after.first);
            if (p.rule === "adam") assert.deepEqual([p.nextM, p.nextV, p.step], [after.first, after.second, after.step]);
          });
        }
      });
    }
  }
});
