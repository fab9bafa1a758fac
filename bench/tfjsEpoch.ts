/**
 * TensorFlow.js's side of the MNIST-sized epoch (bench/imageLoading.ts runs it in a process of
 * its own, as it runs `nnspec train`): the same IDX files read and unzipped, pixels ÷ 255 as
 * float32 tensors, and the same network (784 → 128 relu → 10 softmax, Adam 0.001, batch 64)
 * trained for one epoch by `model.fit` on the WebAssembly backend, the 10,000 test images as
 * validation data, as our trainer evaluates them after its epoch.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "./tfjsRunner";

/** Images as [n, 784] pixels ÷ 255 and labels one-hot, from a pair of gzipped IDX files (16- and 8-byte headers). */
function idxPair(dir: string, images: string, labels: string): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const pixels = gunzipSync(readFileSync(join(dir, images))).subarray(16);
  const classes = gunzipSync(readFileSync(join(dir, labels))).subarray(8);
  const x = tf.tensor2d(
    Float32Array.from(pixels, (v) => v / 255),
    [classes.length, 784],
  );
  const y = tf.oneHot(tf.tensor1d(Int32Array.from(classes), "int32"), 10).toFloat() as tf.Tensor2D;
  return { x, y };
}

export async function tfjsIdxEpochInChild(dir: string, files: readonly string[]): Promise<void> {
  await useBackend("wasm");
  const train = idxPair(dir, files[0], files[1]);
  const validation = idxPair(dir, files[2], files[3]);
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [784], units: 128, activation: "relu" }), tf.layers.dense({ units: 10, activation: "softmax" })],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const history = await model.fit(train.x, train.y, { epochs: 1, batchSize: 64, shuffle: true, validationData: [validation.x, validation.y], verbose: 0 });
  console.log(JSON.stringify({ valAccuracy: history.history.val_acc?.[0] ?? history.history.val_accuracy?.[0] }));
}
