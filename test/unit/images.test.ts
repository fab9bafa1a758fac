/**
 * Images as data: the IDX reader, the bundled digits, Fashion-MNIST as Debian ships it, a folder
 * of pictures, CSV pixel columns; each against pixels known in advance (made here, or read by
 * Python's own gzip and struct), and every bad input a located error.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { encode as encodePng } from "fast-png";
import { gzipSync } from "fflate";
import { encode as encodeJpeg } from "jpeg-js";
import { memoryFiles } from "../../src/core/base/files";
import { featureRow } from "../../src/core/data/dataset";
import { decodePicture, resizePicture } from "../../src/core/data/images/decode";
import { writeIdx } from "../../src/core/data/images/idx";
import { loadSpec } from "../../src/core/spec/load";
import { Trainer } from "../../src/core/train/trainer";
import { nodeFiles } from "../../src/node/nodeFiles";
import { runCli } from "../helpers/cli";
import { EXAMPLES_DIR } from "../helpers/examples";
import { lossesBothWays } from "../helpers/tfjsReference";

const FASHION = "/usr/share/datasets/fashion-mnist";
const layers = (shape: number[], classes: number) => [{ shape }, { units: 8, activation: "relu" }, { units: classes, activation: "softmax" }];

/** Four 2 × 3 images whose pixels say where they are (image i, pixel p: 10·i + p), labels 0 1 1 0. */
function tinyIdx(gzip: boolean) {
  const pixels = Uint8Array.from({ length: 4 * 6 }, (_, k) => 10 * Math.floor(k / 6) + (k % 6));
  const images = writeIdx([4, 2, 3], pixels);
  const labels = writeIdx([4], Uint8Array.from([0, 1, 1, 0]));
  return { images: gzip ? gzipSync(images) : images, labels: gzip ? gzipSync(labels) : labels };
}
const idxSpec = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ data: { source: "idx", images: "i.idx", labels: "l.idx", validationSplit: 0, ...extra }, layers: layers([2, 3, 1], 2) });

describe("IDX files", () => {
  for (const gzip of [false, true]) {
    it(`${gzip ? "gzipped" : "plain"}: each pixel where it was written, ÷ 255, one byte each in memory`, () => {
      const { images, labels } = tinyIdx(gzip);
      const r = loadSpec(idxSpec(), memoryFiles({ "i.idx": images, "l.idx": labels }));
      assert.ok(r.loaded, JSON.stringify(r.diagnostics));
      const d = r.loaded.dataset;
      assert.ok(d.x instanceof Uint8Array);
      assert.deepEqual(d.pixels?.shape, [2, 3, 1]);
      assert.deepEqual(
        Array.from(featureRow(d, r.loaded.rowOfSample[2])),
        [20, 21, 22, 23, 24, 25].map((b) => b * (1 / 255)),
      );
      assert.deepEqual(Array.from(d.labels ?? []), [0, 1, 1, 0]);
      assert.deepEqual(r.loaded.spec.sizes[0], 6, "the input shape [2, 3, 1] is 6 units");
    });
  }

  it("every bad file is an error at its field: truncated, wrong magic, another type, counts that disagree, extra bytes, empty, a bad gzip", () => {
    const { images, labels } = tinyIdx(false);
    const cases: [string, Uint8Array, Uint8Array, RegExp, string][] = [
      [
        "truncated",
        images.subarray(0, images.length - 5),
        labels,
        /data\.images: i\.idx: the IDX file is cut short: its header promises 4 × 2 × 3 = 24 values, and it holds 19/,
        "images",
      ],
      [
        "wrong magic",
        Uint8Array.from([0x50, 0x4b, 3, 4, ...images.subarray(4)]),
        labels,
        /data\.images: i\.idx: not an IDX file: .*starts with 50 4b 03 04/,
        "images",
      ],
      [
        "floats",
        Uint8Array.from([0, 0, 0x0d, ...images.subarray(3)]),
        labels,
        /an IDX file of floats \(type 0x0d\); NNSpec reads IDX files of unsigned bytes/,
        "images",
      ],
      ["images as labels", images, images, /data\.labels: l\.idx: an IDX file of 3 dimensions, where 1 are expected/, "labels"],
      [
        "count mismatch",
        images,
        writeIdx([3], Uint8Array.from([0, 1, 1])),
        /data\.labels: holds 3 labels, but data\.images holds 4 images; give one label per image/,
        "labels",
      ],
      ["extra bytes", Uint8Array.from([...images, 1, 2]), labels, /has 2 bytes after its 4 × 2 × 3 values/, "images"],
      ["0 bytes", new Uint8Array(0), labels, /not an IDX file: .*starts with nothing \(the file is empty\)/, "images"],
      ["bad gzip", Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3]), labels, /starts as a gzip file but cannot be unzipped/, "images"],
    ];
    for (const [what, i, l, message, field] of cases) {
      const r = loadSpec(idxSpec(), memoryFiles({ "i.idx": i, "l.idx": l }));
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      assert.equal(errors.length, 1, `${what}: ${JSON.stringify(errors.map((e) => e.message))}`);
      assert.match(errors[0].message, message, what);
      assert.deepEqual(errors[0].path, ["data", field], what);
    }
  });

  it("the input layer's shape against the images': both numbers named", () => {
    const { images, labels } = tinyIdx(false);
    const text = JSON.stringify({ data: { source: "idx", images: "i.idx", labels: "l.idx" }, layers: layers([3, 2, 1], 2) });
    const [e] = loadSpec(text, memoryFiles({ "i.idx": images, "l.idx": labels })).diagnostics.filter((d) => d.severity === "error");
    assert.match(e.message, /^layers\[0\]\.shape: 3 × 2 × 1, but the images are 2 × 3 × 1; set "shape": \[2, 3, 1\]/);
    const units = JSON.stringify({ data: { source: "idx", images: "i.idx", labels: "l.idx" }, layers: [{ units: 5, shape: [2, 3, 1] }, { units: 2 }] });
    assert.match(loadSpec(units, memoryFiles({})).diagnostics[0].message, /^layers\[0\]\.units: 5, but its shape 2 × 3 × 1 makes 6 inputs/);
  });

  it("Fashion-MNIST as Debian ships it: the first training label is 9 (ankle boot) and its pixels are Python's", () => {
    const text = JSON.stringify({
      data: {
        source: "idx",
        images: "train-images-idx3-ubyte.gz",
        labels: "train-labels-idx1-ubyte.gz",
        validationImages: "t10k-images-idx3-ubyte.gz",
        validationLabels: "t10k-labels-idx1-ubyte.gz",
        classNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
      },
      layers: layers([28, 28, 1], 10),
    });
    const r = loadSpec(text, nodeFiles(join(FASHION, "fashion.nnspec.json")));
    assert.ok(r.loaded, JSON.stringify(r.diagnostics));
    const { train, validation, dataset } = r.loaded;
    assert.deepEqual([train.rows, validation.rows], [60_000, 10_000], "the t10k files are the validation data");
    assert.deepEqual(Array.from(train.labels?.subarray(0, 10) ?? []), [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    assert.equal(train.classNames?.[9], "Ankle boot");
    assert.equal(validation.labels?.[0], 9);
    const bytes = (dataset.x as Uint8Array).subarray(0, 784);
    // Read by /usr/bin/python3 with gzip and struct: the sum, the lit pixels, row 14.
    assert.equal(
      bytes.reduce((a, b) => a + b, 0),
      76247,
    );
    assert.equal(bytes.filter((b) => b > 0).length, 433);
    assert.deepEqual(
      Array.from(bytes.subarray(14 * 28, 15 * 28)),
      [0, 0, 1, 4, 6, 7, 2, 0, 0, 0, 0, 0, 237, 226, 217, 223, 222, 219, 222, 221, 216, 223, 229, 215, 218, 255, 77, 0],
    );
  });
});

describe("the digits that ship with NNSpec (examples/digits.nnspec.json reaches 95%: examples.test.ts)", () => {
  it("balanced in any first N (the digits in turn), and samples past 10,000 refused", () => {
    const spec = (samples: number) => JSON.stringify({ data: { source: "digits", samples, validationSplit: 0 }, layers: layers([28, 28, 1], 10) });
    const r = loadSpec(spec(100), nodeFiles(join(EXAMPLES_DIR, "x.nnspec.json")));
    assert.ok(r.loaded, JSON.stringify(r.diagnostics));
    const counts = new Array(10).fill(0);
    for (const l of r.loaded.dataset.labels ?? []) counts[l]++;
    assert.deepEqual(counts, new Array(10).fill(10));
    const tooMany = loadSpec(spec(20_000), nodeFiles(join(EXAMPLES_DIR, "x.nnspec.json"))).diagnostics;
    assert.match(tooMany[0].message, /^data\.samples: 20,000 is more than the 10,000 digits that ship with NNSpec/);
  });
});

describe("CSV pixel columns", () => {
  it("the same pixels as IDX and as Kaggle's label,pixel0,… CSV train to identical epochs", () => {
    const { images, labels } = tinyIdx(false);
    const pixels = images.subarray(16);
    const rows = [0, 1, 2, 3].map((i) => [[0, 1, 1, 0][i], ...pixels.subarray(i * 6, i * 6 + 6)].join(","));
    const csv = `label,${Array.from({ length: 6 }, (_, i) => `pixel${i}`).join(",")}\n${rows.join("\n")}\n`;
    const training = { epochs: 5, batchSize: 2, seed: 4 };
    const fromIdx = JSON.stringify({ data: { source: "idx", images: "i.idx", labels: "l.idx", validationSplit: 0 }, layers: layers([2, 3, 1], 2), training });
    const fromCsv = JSON.stringify({
      data: { source: "csv", path: "d.csv", target: "label", pixels: { prefix: "pixel", shape: [2, 3, 1] }, validationSplit: 0 },
      layers: layers([2, 3, 1], 2),
      training,
    });
    const files = memoryFiles({ "i.idx": images, "l.idx": labels, "d.csv": csv });
    const run = (text: string) => {
      const r = loadSpec(text, files);
      assert.ok(r.loaded, JSON.stringify(r.diagnostics));
      const trainer = new Trainer(r.loaded);
      while (!trainer.finished) trainer.stepEpoch();
      return trainer.history.map((m) => [m.loss, m.accuracy]);
    };
    assert.deepEqual(run(fromCsv), run(fromIdx));
  });

  it("a pixel outside 0…255 is named with its sample and column", () => {
    const csv = "label,p0,p1\n0,3,300\n1,2,1\n";
    const text = JSON.stringify({
      data: { source: "csv", path: "d.csv", target: "label", pixels: { prefix: "p", shape: [1, 2, 1] } },
      layers: layers([1, 2, 1], 2),
    });
    const [e] = loadSpec(text, memoryFiles({ "d.csv": csv })).diagnostics;
    assert.match(e.message, /^data\.pixels: sample 0 has 300 in column p1; pixel values must be whole numbers from 0 to 255/);
  });
});

describe("a folder of pictures", () => {
  /** A folder of class subfolders on disk, each picture given as a file's bytes. */
  function folder(pictures: Record<string, Uint8Array | string>): string {
    const root = mkdtempSync(join(tmpdir(), "nnspec-images-"));
    for (const [path, bytes] of Object.entries(pictures)) {
      mkdirSync(join(root, "pics", path, ".."), { recursive: true });
      writeFileSync(join(root, "pics", path), bytes);
    }
    return root;
  }
  const png = (width: number, height: number, data: number[], channels = 1) => encodePng({ width, height, data: Uint8Array.from(data), channels, depth: 8 });
  const spec = (extra: Record<string, unknown> = {}, shape = [2, 2, 1]) =>
    JSON.stringify({ data: { source: "imageFolder", path: "pics", validationSplit: 0, ...extra }, layers: layers(shape, 2) });
  const load = (root: string, text: string) => loadSpec(text, nodeFiles(join(root, "s.nnspec.json")));

  it("classes from the sorted folder names, PNG and JPEG pixels as written, a colour PNG as its luma", () => {
    const root = folder({
      "dog/a.png": png(2, 2, [0, 64, 128, 255]),
      "cat/b.png": png(2, 2, [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255], 3),
      "cat/.DS_Store": "not a picture, passed over",
    });
    const r = load(root, spec());
    assert.ok(r.loaded, JSON.stringify(r.diagnostics));
    const d = r.loaded.dataset;
    assert.deepEqual(d.classNames, ["cat", "dog"]);
    const byClass = (k: number) =>
      Array.from((d.x as Uint8Array).subarray(r.loaded?.rowOfSample[k] === undefined ? 0 : r.loaded.rowOfSample[k] * 4).subarray(0, 4));
    // cat/b.png: red, green, blue, white → 0.299·255, 0.587·255, 0.114·255, 255 (BT.601 luma).
    assert.deepEqual(byClass(0), [76, 150, 29, 255]);
    assert.deepEqual(byClass(1), [0, 64, 128, 255]);
    const jpegRoot = folder({
      "a/x.jpg": encodeJpeg({ width: 8, height: 8, data: new Uint8Array(8 * 8 * 4).fill(200) }, 100).data,
      "b/y.png": png(8, 8, new Array(64).fill(10)),
    });
    const j = load(jpegRoot, spec({ size: [2, 2] }));
    assert.ok(j.loaded, JSON.stringify(j.diagnostics));
    for (const v of (j.loaded.dataset.x as Uint8Array).subarray(j.loaded.rowOfSample[0] * 4, j.loaded.rowOfSample[0] * 4 + 4))
      assert.ok(Math.abs(v - 200) <= 2, `JPEG grey ${v}`);
  });

  it("a PNG whose header claims 100,000 × 100,000 pixels is refused before it is unzipped", () => {
    const bomb = Uint8Array.from(png(2, 2, [1, 2, 3, 4]));
    new DataView(bomb.buffer).setUint32(16, 100_000);
    new DataView(bomb.buffer).setUint32(20, 100_000);
    assert.throws(() => decodePicture(bomb), /a picture of 100000 × 100000 pixels, more than NNSpec decodes \(40 megapixels\)/);
  });

  it("resizing averages the area each new pixel covers", () => {
    const p = decodePicture(png(4, 2, [0, 100, 200, 40, 20, 80, 0, 0]));
    assert.deepEqual(Array.from(resizePicture(p, 1, 2, 1)), [50, 60]);
    assert.deepEqual(Array.from(resizePicture(p, 2, 4, 3)), [0, 0, 0, 100, 100, 100, 200, 200, 200, 40, 40, 40, 20, 20, 20, 80, 80, 80, 0, 0, 0, 0, 0, 0]);
  });

  it("a file that is not a picture, a 0-byte file, mixed sizes: each an error naming the file; an empty class folder a warning", () => {
    const root = folder({
      "a/one.png": png(2, 2, [1, 2, 3, 4]),
      "a/notes.txt": "hello",
      "a/empty.png": new Uint8Array(0),
      "b/big.png": png(3, 3, new Array(9).fill(5)),
      "b/ok.png": png(2, 2, [9, 9, 9, 9]),
    });
    mkdirSync(join(root, "pics", "c"));
    const messages = load(root, spec()).diagnostics.map((d) => `${d.severity}: ${d.message}`);
    assert.ok(
      messages.some((m) => /^error: data\.path: a\/notes\.txt: not a PNG or JPEG picture \(it starts with 68 65 6c 6c\)/.test(m)),
      messages.join("\n"),
    );
    assert.ok(
      messages.some((m) => /^error: data\.path: a\/empty\.png: the file is empty \(0 bytes\)/.test(m)),
      messages.join("\n"),
    );
    assert.ok(
      messages.some((m) => /^error: data\.path: b\/big\.png is 3 × 3 pixels, the first picture 2 × 2; set "size"/.test(m)),
      messages.join("\n"),
    );
    assert.ok(
      messages.some((m) => /^warning: data\.path: the class folder "c" has no pictures/.test(m)),
      messages.join("\n"),
    );
  });
});

describe("the CLI on images", () => {
  it("inspect --sample N draws the picture above the card: 28 rows of 56 characters, the digit in block characters", async () => {
    const r = await runCli("inspect", join(EXAMPLES_DIR, "digits.nnspec.json"), "--sample", "3");
    assert.equal(r.code, 0, r.err);
    const box = r.lines.slice(1, 29);
    assert.equal(box.length, 28);
    for (const line of box) assert.match(line, /^ {2}│[ ░▒▓█]{56}│$/);
    assert.match(box.join(""), /█/, "the digit is drawn");
    assert.equal(box[0], `  │${" ".repeat(56)}│`, "MNIST's top row is blank");
    assert.equal(r.lines[30], "  28 × 28 pixels, 0 = blank, 255 = █");
    assert.match(r.lines[31], /^Handwritten digits \(MNIST\): sample 3 of 10000, class 3$/);
  });

  it("check and train work on an image folder; a spec of numbers draws no picture", async () => {
    const check = await runCli("check", join(EXAMPLES_DIR, "shapes.nnspec.json"));
    assert.equal(check.code, 0, check.err);
    const card = await runCli("inspect", join(EXAMPLES_DIR, "xor.nnspec.json"), "--sample", "0");
    assert.doesNotMatch(card.out, /[┌█]/);
  });
});

describe("an image spec against TensorFlow.js", () => {
  it("200 bundled digits through 784 → 16 relu → 10 softmax, full batch: the same loss every epoch within 1e-4", async () => {
    const text = JSON.stringify({
      data: { source: "digits", samples: 200, validationSplit: 0 },
      layers: [{ shape: [28, 28, 1] }, { units: 16, activation: "relu" }, { units: 10, activation: "softmax" }],
      loss: "crossEntropy",
      optimizer: { type: "adam", learningRate: 0.01 },
      training: { epochs: 15, batchSize: "full", shuffle: false, seed: 5 },
      init: "he",
    });
    const r = loadSpec(text, nodeFiles(join(EXAMPLES_DIR, "digits.nnspec.json")));
    assert.ok(r.loaded, JSON.stringify(r.diagnostics));
    const { ours, reference } = await lossesBothWays(r.loaded);
    assert.ok(ours[14] < ours[0] / 2, "the run learns, so the comparison covers real steps");
    ours.forEach((loss, epoch) => {
      const relative = Math.abs(loss - reference[epoch]) / Math.abs(reference[epoch]);
      assert.ok(relative < 1e-4, `epoch ${epoch + 1}: ours ${loss}, TensorFlow.js ${reference[epoch]}`);
    });
  });
});
