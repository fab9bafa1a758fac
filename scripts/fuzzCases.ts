/**
 * Hostile inputs for the spec loader, one per case number (seeded, so a failing case can be
 * rerun by its number): deep nesting, huge and odd numbers, huge class indices, huge strings,
 * byte-order marks, "__proto__" everywhere, random CSV bytes, CSV cells of every hard kind (numbers
 * of thousands of digits, labels that are not UTF-8, too long or in two Unicode forms), and files
 * that are symbolic links or FIFOs; pictures and IDX files cut, flipped or with headers that lie. Used by test/unit/fuzz.test.ts and `npm run fuzz`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode as encodePng } from "fast-png";
import { gzipSync } from "fflate";
import { encode as encodeJpeg } from "jpeg-js";
import { memoryFiles, type SpecFiles } from "../src/core/base/files";
import { Rng } from "../src/core/base/rng";
import { writeIdx } from "../src/core/data/images/idx";
import { nodeFiles } from "../src/node/nodeFiles";

export const KINDS = [
  "deepNesting",
  "hugeNumbers",
  "classIndices",
  "hugeStrings",
  "boms",
  "protoPaths",
  "randomCsv",
  "csvCells",
  "imageFiles",
  "linksAndFifos",
] as const;
export type Kind = (typeof KINDS)[number];

export interface FuzzCase {
  kind: Kind;
  text: string;
  /** The files the spec may name; `cleanup` removes any made on disk. */
  files: SpecFiles;
  cleanup: () => void;
  /** Input size in bytes, for the time budget. */
  bytes: number;
}

const BOM = "\uFEFF";
const ODD_NUMBERS = [
  "1e308",
  "1e400",
  "-1e400",
  "9007199254740993",
  "4294967296",
  "2147483648",
  "-0",
  "5e-324",
  "1e-400",
  "0",
  "-1",
  "1.5",
  "1e6",
  "123456789012345678901234567890",
];
const ODD_NAMES = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "", " ", "a", "kind", "..", "../x", "\u0000"];

/** Case `index` of the fuzz run `seed`, at most about `maxBytes` of input. */
export function fuzzCase(seed: number, index: number, maxBytes: number): FuzzCase {
  const rng = new Rng((seed * 1_000_003 + index) | 0);
  const kind = KINDS[index % KINDS.length];
  const pick = <T>(list: readonly T[]): T => list[rng.int(list.length)];
  // Most cases are small; one in 50 is as large as allowed.
  const size = () => (rng.int(50) === 0 ? maxBytes : 1 + rng.int(Math.min(maxBytes, 2000)));
  const none = () => {};
  const inMemory = (text: string, files: Record<string, string | Uint8Array> = {}): FuzzCase => ({
    kind,
    text,
    files: memoryFiles(files),
    cleanup: none,
    bytes: text.length + Object.values(files).reduce((n, f) => n + f.length, 0),
  });
  const layers = (input = 2) => `[{ "units": ${input} }, { "units": 3 }, { "units": 2 }]`;
  const csvSpec = (features = '["a", "b"]', target = '"kind"', path = '"d.csv"') =>
    `{ "data": { "source": "csv", "path": ${path}, "features": ${features}, "target": ${target} }, "layers": ${layers()} }`;

  switch (kind) {
    case "deepNesting": {
      const depth = rng.int(2) ? 1 + rng.int(64) : size();
      const open = pick(["[", '{"a":', "[{", '{"layers":[']);
      const body = open.repeat(Math.ceil(depth / open.length));
      const where = pick(["root", "layers", "x", "init"]);
      if (where === "root") return inMemory(body);
      if (where === "init") return inMemory(`{ "layers": ${layers()}, "init": "w.json" }`, { "w.json": `{ "layers": ${body} }` });
      if (where === "x") return inMemory(`{ "data": { "source": "inline", "x": ${body} }, "layers": ${layers()} }`);
      return inMemory(`{ "layers": ${body} }`);
    }
    case "hugeNumbers": {
      const n = () => pick(ODD_NUMBERS);
      const field = pick(["units", "epochs", "batchSize", "learningRate", "samples", "x", "y", "noise", "seed", "rate"]);
      if (field === "x" || field === "y") {
        const rows = Array.from({ length: 2 + rng.int(5) }, () => `[${n()}, ${n()}]`).join(", ");
        const ys = Array.from({ length: 2 + rng.int(5) }, () => n()).join(", ");
        return inMemory(`{ "data": { "source": "inline", "x": [${rows}], "y": [${ys}] }, "layers": ${layers()} }`);
      }
      if (field === "units") return inMemory(`{ "layers": [{ "units": ${n()} }, { "units": ${n()} }] }`);
      if (field === "rate") return inMemory(`{ "layers": ${layers()}, "regularization": { "type": "l2", "rate": ${n()} } }`);
      if (field === "samples" || field === "noise" || field === "seed")
        return inMemory(`{ "data": { "source": "spiral", "${field}": ${n()} }, "layers": ${layers()} }`);
      const section = field === "learningRate" ? "optimizer" : "training";
      return inMemory(`{ "layers": ${layers()}, "${section}": { "${field}": ${n()} } }`);
    }
    case "classIndices": {
      const rows = 2 + rng.int(Math.max(1, Math.min(200_000, size() / 4)));
      const big = pick(["4095", "4096", "10000000", "4294967296", "9007199254740993", "1e20", "2147483648"]);
      const labels = Array.from({ length: rows }, (_, i) => (i === rows - 1 ? big : String(i % 3)));
      if (rng.int(2))
        return inMemory(
          `{ "data": { "source": "inline", "x": [${labels.map(() => "[0]").join(",")}], "y": [${labels.join(",")}] }, "layers": [{ "units": 1 }, { "units": 3, "activation": "softmax" }] }`,
        );
      return inMemory(csvSpec(), { "d.csv": `a,b,kind\n${labels.map((l) => `1,2,${l}`).join("\n")}\n` });
    }
    case "hugeStrings": {
      const long = pick(["r", "é", "😀", '"', "\\", ",", "\n"]).repeat(size());
      const json = JSON.stringify(long);
      const where = pick(["name", "activation", "path", "key", "feature", "cell", "header", "init"]);
      if (where === "name") return inMemory(`{ "name": ${json}, "layers": ${layers()} }`);
      if (where === "activation") return inMemory(`{ "layers": [{ "units": 2 }, { "units": 2, "activation": ${json} }] }`);
      if (where === "path") return inMemory(csvSpec(undefined, undefined, json));
      if (where === "key") return inMemory(`{ ${json}: 1, "layers": ${layers()} }`);
      if (where === "feature") return inMemory(csvSpec(`[${json}, "b"]`), { "d.csv": "a,b,kind\n1,2,x\n" });
      if (where === "init") return inMemory(`{ "layers": ${layers()}, "init": ${json} }`);
      const csv = where === "cell" ? `a,b,kind\n1,"${long.replaceAll('"', '""')}",x\n` : `a,${long},kind\n1,2,x\n`;
      return inMemory(csvSpec(), { "d.csv": csv });
    }
    case "boms": {
      const spec = pick([csvSpec(), `{ "data": { "source": "linear" }, "layers": [{ "units": 2 }, { "units": 2 }], "init": "w.json" }`]);
      const twice = rng.int(4) === 0;
      return inMemory((rng.int(2) ? BOM : "") + (twice ? BOM : "") + spec, {
        "d.csv": `${rng.int(2) ? BOM : ""}a,b,kind\n1,2,x\n3,4,y\n`,
        "w.json": `${rng.int(2) ? BOM : ""}{ "layers": [{ "weights": [[1, 2], [3, 4]], "biases": [5, 6] }] }`,
      });
    }
    case "protoPaths": {
      const name = () => JSON.stringify(pick(ODD_NAMES));
      const where = pick(["key", "dataKey", "feature", "target", "path", "header", "init", "layerKey"]);
      const csv = `${pick(ODD_NAMES).replaceAll(",", "")},b,${pick(ODD_NAMES).replaceAll(",", "")}\n1,2,x\n`;
      if (where === "key") return inMemory(`{ ${name()}: { "layers": [] }, "layers": ${layers()} }`);
      if (where === "dataKey") return inMemory(`{ "data": { ${name()}: 1, "source": "xor" }, "layers": ${layers()} }`);
      if (where === "layerKey") return inMemory(`{ "layers": [{ "units": 2, ${name()}: {} }, { "units": 2 }] }`);
      if (where === "init") return inMemory(`{ "layers": ${layers()}, "init": ${name()} }`, { __proto__: "{}", constructor: "{}" });
      if (where === "path") return inMemory(csvSpec(undefined, undefined, name()), { __proto__: csv, constructor: csv, "..": csv });
      if (where === "feature") return inMemory(csvSpec(`[${name()}, "b"]`), { "d.csv": csv });
      if (where === "target") return inMemory(csvSpec(undefined, name()), { "d.csv": csv });
      return inMemory(csvSpec(), { "d.csv": csv });
    }
    case "randomCsv": {
      const alphabet = [0x2c, 0x22, 0x0a, 0x0d, 0x20, 0x2e, 0x2d, 0x65, 0x30, 0x31, 0x39, 0x61, 0x62, 0x78, 0xef, 0xbb, 0xbf, 0xff, 0xc3, 0x00];
      const n = size();
      const body = new Uint8Array(n);
      for (let i = 0; i < n; i++) body[i] = alphabet[rng.int(alphabet.length)];
      const header = new TextEncoder().encode(pick(["a,b,kind\n", "a,b,kind\r\n", '"a","b","kind"\n', ""]));
      const bytes = new Uint8Array(header.length + n);
      bytes.set(header);
      bytes.set(body, header.length);
      return inMemory(csvSpec(), { "d.csv": bytes });
    }
    case "csvCells": {
      // Rows of cells each of a hard kind, up to the case's size: what a reader must bound.
      const encoder = new TextEncoder();
      const chunk = Array.from({ length: 97 }, () => String(rng.int(10))).join("");
      const digits = (n: number) => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n);
      const number = () =>
        pick([
          () => digits(1 + rng.int(size())),
          () => `${digits(1 + rng.int(50))}.${digits(rng.int(size()))}e${pick(["", "-", "+"])}${digits(1 + rng.int(12))}`,
          () => `0.${"0".repeat(rng.int(size()))}1`,
          () => `"${digits(1 + rng.int(30))}"`,
          () => pick(ODD_NUMBERS),
        ])();
      const label = (): Uint8Array =>
        pick([
          () => encoder.encode(pick(["cat", "dog", "caf\u00e9", "cafe\u0301", "\u202ex", "\u200by", "x"])),
          () => new Uint8Array([0x63, pick([0xff, 0xfe, 0xc3, 0xe2, 0x80]), 0x74]),
          () => encoder.encode(`"${"w".repeat(rng.int(size()))}"`),
          () => encoder.encode("l".repeat(rng.int(3000))),
        ])();
      const parts: Uint8Array[] = [encoder.encode("a,b,kind\n")];
      let total = 0;
      const budget = size();
      for (let row = 0; row < 2 || (total < budget && row < 10_000); row++) {
        const line = [encoder.encode(`${number()},${number()},`), label(), encoder.encode(pick(["\n", "\r\n", "\r"]))];
        for (const p of line) total += p.length;
        parts.push(...line);
      }
      const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        bytes.set(p, at);
        at += p.length;
      }
      return inMemory(csvSpec(), { "d.csv": bytes });
    }
    case "imageFiles": {
      // Pictures and IDX files made whole, then cut, flipped or given a header that lies.
      const side = 1 + rng.int(24);
      const pixels = Uint8Array.from({ length: side * side * 3 }, () => rng.int(256));
      const picture = pick([
        () => encodePng({ width: side, height: side, data: pixels, channels: 3, depth: 8 }),
        () => new Uint8Array(encodeJpeg({ width: side, height: side, data: new Uint8Array(side * side * 4).fill(rng.int(256)) }, 50).data),
        () => writeIdx([2, side, side], pixels.subarray(0, 2 * side * side)),
      ])();
      const bytes = Uint8Array.from(picture);
      const damage = pick(["none", "cut", "flip", "lie", "random", "empty"]);
      if (damage === "flip") for (let k = 0; k < 1 + rng.int(8); k++) bytes[rng.int(bytes.length)] ^= 1 << rng.int(8);
      if (damage === "lie" && bytes.length > 24) new DataView(bytes.buffer).setUint32(pick([4, 8, 16, 20]), pick([0, 1, 65535, 2 ** 31, 2 ** 32 - 1]));
      const file =
        damage === "cut"
          ? bytes.subarray(0, rng.int(bytes.length))
          : damage === "random"
            ? Uint8Array.from({ length: rng.int(size()) }, () => rng.int(256))
            : damage === "empty"
              ? new Uint8Array(0)
              : bytes;
      const labels = writeIdx([2], Uint8Array.from([0, 1]));
      const folder = JSON.stringify({ data: { source: "imageFolder", path: "pics", size: [4, 4] }, layers: [{ shape: [4, 4, 1] }, { units: 2 }] });
      const idx = JSON.stringify({ data: { source: "idx", images: "i.idx", labels: "l.idx" }, layers: [{ units: 2 }, { units: 2 }] });
      return rng.int(2)
        ? inMemory(folder, { "pics/a/x.png": file, "pics/b/y.png": encodePng({ width: 2, height: 2, data: new Uint8Array(4), channels: 1, depth: 8 }) })
        : inMemory(idx, { "i.idx": rng.int(2) ? gzipSync(file) : file, "l.idx": labels });
    }
    case "linksAndFifos": {
      const root = mkdtempSync(join(tmpdir(), "nnspec-fuzz-"));
      const dir = join(root, "specs");
      mkdirSync(dir);
      const allowed = rng.int(4) === 0 ? "/" : dir;
      // Only a file outside the allowed folder is marked: its contents must never show.
      writeFileSync(join(root, "outside.csv"), allowed === dir ? "a,b,kind\nOUTSIDE,2,x\n" : "a,b,kind\n1,2,x\n3,4,y\n");
      const target = join(dir, "d.csv");
      const what = pick(["outside", "zero", "fifo", "folder", "loop", "dangling", "chain", "regular"]);
      if (what === "outside") symlinkSync(join(root, "outside.csv"), target);
      else if (what === "zero") symlinkSync("/dev/zero", target);
      else if (what === "fifo") execFileSync("mkfifo", [target]);
      else if (what === "folder") mkdirSync(target);
      else if (what === "loop") symlinkSync(target, target);
      else if (what === "dangling") symlinkSync(join(root, "none.csv"), target);
      else if (what === "chain") {
        writeFileSync(join(dir, "real.csv"), "a,b,kind\n1,2,x\n3,4,y\n");
        symlinkSync(join(dir, "real.csv"), join(dir, "link.csv"));
        symlinkSync(join(dir, "link.csv"), target);
      } else writeFileSync(target, "a,b,kind\n1,2,x\n3,4,y\n");
      const path = pick(['"d.csv"', '"./d.csv"', '"../specs/d.csv"', '"../outside.csv"', '"/dev/zero"']);
      return {
        kind,
        text: csvSpec(undefined, undefined, path),
        files: nodeFiles(join(dir, "s.nnspec.json"), allowed),
        cleanup: () => rmSync(root, { recursive: true, force: true }),
        bytes: 200,
      };
    }
  }
}
