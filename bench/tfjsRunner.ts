/**
 * TensorFlow.js on the same network and data: dense layers as variables, batches split into
 * tensors once beforehand, and optimizer.minimize per batch. This is the leanest loop
 * TensorFlow.js offers (no fit() callbacks, no per-step slicing, see ARCHITECTURE.md "Speed
 * facts"), so the comparison is with TensorFlow.js at its best.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { BenchCase } from "./cases";

export async function useBackend(name: "cpu" | "wasm"): Promise<void> {
  if (name === "wasm") {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    // The .wasm files ship inside the package, beside its entry point; point at them so
    // nothing is fetched.
    const entry = createRequire(join(process.cwd(), "package.json")).resolve("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(`${dirname(entry)}/`);
  }
  await tf.setBackend(name);
  await tf.ready();
}

/** Trains `c` for whole epochs until at least `seconds` have passed; returns examples per second. */
export async function tfjsExamplesPerSecond(c: BenchCase, seconds: number): Promise<number> {
  const { sizes, activations } = c;
  const vars = sizes.slice(1).map((out, k) => {
    const limit = Math.sqrt(6 / (sizes[k] + out));
    return { w: tf.variable(tf.randomUniform([sizes[k], out], -limit, limit, "float32", 1)), b: tf.variable(tf.zeros([out])) };
  });
  const rows = c.trainRows;
  const f = sizes[0];
  const classes = sizes[sizes.length - 1];
  const batches: { x: tf.Tensor2D; y: tf.Tensor2D }[] = [];
  for (let start = 0; start < rows; start += c.batchSize) {
    const n = Math.min(c.batchSize, rows - start);
    const x = tf.tensor2d(Float32Array.from(c.x.subarray(start * f, (start + n) * f)), [n, f]);
    const y = tf.oneHot(tf.tensor1d(Array.from(c.labels.subarray(start, start + n)), "int32"), classes).toFloat() as tf.Tensor2D;
    batches.push({ x, y });
  }
  const optimizer = tf.train.sgd(c.learningRate);
  const params = vars.flatMap((v) => [v.w, v.b]);
  const epoch = () => {
    for (const batch of batches) {
      const cost = optimizer.minimize(
        () => {
          let a: tf.Tensor2D = batch.x;
          vars.forEach((v, k) => {
            const z = tf.add(tf.matMul(a, v.w), v.b) as tf.Tensor2D;
            a = k === vars.length - 1 ? z : activations[k] === "relu" ? tf.relu(z) : tf.tanh(z);
          });
          return tf.losses.softmaxCrossEntropy(batch.y, a) as tf.Scalar;
        },
        true,
        params,
      );
      // Reading the loss is what a training loop that reports it must do; it also waits for the step.
      cost?.dataSync();
      cost?.dispose();
    }
  };
  epoch(); // warm-up: kernels compiled, memory allocated
  const started = performance.now();
  let epochs = 0;
  while (performance.now() - started < seconds * 1000) {
    epoch();
    epochs++;
  }
  const elapsed = (performance.now() - started) / 1000;
  for (const b of batches) {
    b.x.dispose();
    b.y.dispose();
  }
  for (const p of params) p.dispose();
  optimizer.dispose();
  return (epochs * rows) / elapsed;
}
