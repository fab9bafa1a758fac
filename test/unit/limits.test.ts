/**
 * Bounded time and memory for every input the format allows, and files confined for real: one
 * test per defect found, each failing before its fix. Large inputs are built in a temporary
 * folder (sparse where they can be) and deleted.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { groupByFile } from "../../src/core/base/diagnostics";
import { memoryFiles, noFiles } from "../../src/core/base/files";
import { LIMITS } from "../../src/core/base/limits";
import { writeFilesSafely } from "../../src/core/base/safeWrite";
import { loadSpec } from "../../src/core/spec/load";
import { Trainer } from "../../src/core/train/trainer";
import { FILE_TYPE, refusal, resolveInside } from "../../src/extension/fileRules";
import { nodeFiles, readConfinedFile } from "../../src/node/nodeFiles";
import { nodeWriteFs } from "../../src/node/nodeWriteFs";
import { runCli } from "../helpers/cli";
import { EXAMPLES_DIR } from "../helpers/examples";

const folders: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "nnspec-limits-"));
  folders.push(dir);
  return dir;
};
after(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const errors = (text: string, files = noFiles()) => loadSpec(text, files).diagnostics.filter((d) => d.severity === "error");
const inline = (x: unknown[], y: unknown[], layers = [{ units: 1 }, { units: 2 }]) => JSON.stringify({ data: { source: "inline", x, y }, layers });
const csvSpec = `{ "data": { "source": "csv", "path": "d.csv", "features": ["a", "b"], "target": "kind" }, "layers": [{ "units": 2 }, { "units": 2 }] }`;

const cli = runCli;

describe("diagnostics stay few and short", () => {
  it("the Problems panel's grouping keeps at most 100 a file, the last saying how many more", async () => {
    const items = Array.from({ length: 50_000 }, (_, i) => ({ file: i % 2 ? "d.csv" : undefined, message: `m${i}` }));
    const groups = groupByFile(items, 100, (first, hidden) => ({ ...first, message: `+${hidden}` }));
    assert.deepEqual(
      [...groups.values()].map((g) => [g.length, g[98].message, g[99].message]),
      [
        [100, "m196", "+24901"],
        [100, "m197", "+24901"],
      ],
    );
  });

  it("30,000 rows of the wrong width give 100 diagnostics, not 30,000", async () => {
    const x = [[1, 2], ...Array.from({ length: 30_000 }, () => [1])];
    const found = errors(inline(x, new Array(x.length).fill(0)));
    assert.equal(found.length, 100);
    assert.match(found[99].message, /… and 29,901 more problems/);
    assert.equal(found[99].more, 29_901);
  });

  it("130,000 problems do not overflow the stack (no push(...) of a long list)", async () => {
    const x = [[1, 2], ...Array.from({ length: 130_000 }, () => [1])];
    const found = loadSpec(inline(x, new Array(x.length).fill(0)), noFiles()).diagnostics;
    assert.ok(!found.some((d) => d.message.includes("internal error")), found[0]?.message);
  });

  it("16,000 string labels: one capped list, the anyOf filter by lookup", async () => {
    const found = errors(inline(new Array(16_000).fill([1]), new Array(16_000).fill("cat")));
    assert.ok(found.length <= 100, `${found.length} diagnostics`);
    assert.match(found[0].message, /data\.y\[0\]: each y must be a number/);
  });

  it("a typo'd class index is one short error at its place, not ten million class names", async () => {
    const text = inline([[1], [2]], [0, 10_000_000]);
    const [d, ...rest] = errors(text);
    assert.equal(rest.length, 0);
    assert.equal(text.slice(d.offset, d.offset + d.length), "10000000");
    assert.match(d.message, /^data\.y\[1\]: class index 10000000 is more than an output layer can have/);
    assert.ok(d.message.length < 300);
  });

  it("a 1.5 MB string value is quoted as an excerpt", async () => {
    const text = `{ "layers": [{ "units": 2 }, { "units": 2, "activation": "${"r".repeat(1_500_000)}" }] }`;
    const [d] = errors(text);
    assert.ok(d.message.length < 300, `${d.message.length} characters`);
  });
});

describe("input the format allows, within time and memory", () => {
  it("125,000 integer class labels inline (no spread over the data)", async () => {
    const n = 125_000;
    const result = loadSpec(
      inline(
        new Array(n).fill([1]),
        Array.from({ length: n }, (_, i) => i % 2),
      ),
      noFiles(),
    );
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.loaded?.dataset.rows, n);
  });

  it("class labels past 2³¹ are an error, never wrapped to class 0", async () => {
    const [d] = errors(inline([[1], [2]], [0, 4294967296]));
    assert.match(d.message, /class index 4294967296/);
  });

  it("100,000 nested [ is a located syntax error", async () => {
    const text = `{ "layers": ${"[".repeat(100_000)}`;
    const [d] = errors(text);
    assert.equal(d.offset, 12 + 31, "the 32nd [ inside the object");
    assert.match(d.message, /more than 32 arrays and objects inside each other/);
  });

  it("a spec past the size limit is one error, before parsing", async () => {
    const [d] = errors(`{ "name": "${"a".repeat(2_000_000)}" }`);
    assert.equal(d.line, 1);
    assert.match(d.message, /more than the limit of 2,000,000; put large data in a CSV file/);
  });

  it("a byte-order mark before a spec or a weights file is no syntax error", async () => {
    const weights = `\uFEFF{ "layers": [{ "weights": [[1, 2], [3, 4]], "biases": [5, 6] }] }`;
    const result = loadSpec(
      `\uFEFF{ "data": { "source": "linear" }, "layers": [{ "units": 2 }, { "units": 2 }], "init": "w.json" }`,
      memoryFiles({ "w.json": weights }),
    );
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.loaded?.initialWeights?.layers[0].biases, [5, 6]);
  });

  it("a weights file past the spec's text limit loads as plain JSON; a broken one is one error naming the file", async () => {
    const sizes = [2, 700, 700, 2];
    const layers = sizes.slice(1).map((out, k) => ({
      weights: Array.from({ length: sizes[k] }, (_, i) => Array.from({ length: out }, (_, j) => ((i * 7 + j) % 13) / 13 - 0.5)),
      biases: new Array(out).fill(0.1),
    }));
    const text = JSON.stringify({ layers });
    assert.ok(text.length > 2_000_000, `${text.length} characters`);
    const spec = JSON.stringify({ data: { source: "xor" }, layers: sizes.map((units) => ({ units })), init: "w.json" });
    const loaded = loadSpec(spec, memoryFiles({ "w.json": text }));
    assert.deepEqual(
      loaded.diagnostics.filter((d) => d.severity === "error"),
      [],
    );
    assert.equal(loaded.loaded?.initialWeights?.layers[1].weights[699][699], layers[1].weights[699][699]);
    const [broken] = errors(spec, memoryFiles({ "w.json": `${text.slice(0, -2)},}` }));
    assert.equal(broken.file, "w.json");
    assert.match(broken.message, /^w\.json: not valid JSON .*must be plain JSON/);
  });

  it('a "__proto__" key is an unknown field, not the spec\'s prototype', () => {
    const text = `{ "__proto__": { "layers": [] }, "layers": [{ "units": 2 }, { "units": 2 }] }`;
    const [d] = errors(text);
    assert.equal(text.slice(d.offset, d.offset + d.length), '"__proto__"');
    assert.match(d.message, /unknown field "__proto__"/);
  });

  it("a run needing 8 GB of batch buffers is refused before training, saying what to lower", async () => {
    const text = JSON.stringify({
      data: { source: "circle", samples: 100_000 },
      layers: [{ units: 2 }, { units: 4096 }, { units: 2 }],
      training: { batchSize: "full" },
    });
    const [d] = errors(text);
    assert.equal(text.slice(d.offset, d.offset + d.length), '"full"');
    assert.match(d.message, /needs about 7\.9 GB of memory, more than the limit of 2\.0 GB.*Lower training\.batchSize to 20,288 or less/);
  });

  it("divergence from unscaled data or a huge L2 rate says so, not only the learning rate", async () => {
    const run = (spec: object) => {
      const trainer = new Trainer(loadSpec(JSON.stringify(spec), noFiles()).loaded as NonNullable<ReturnType<typeof loadSpec>["loaded"]>);
      while (!trainer.finished) trainer.stepEpoch();
      return trainer.failure?.message ?? "";
    };
    const x = Array.from({ length: 20 }, (_, i) => [i * 1e6]);
    const scaled = run({
      data: { source: "inline", x, y: x.map(([v]) => v), validationSplit: 0 },
      layers: [{ units: 1 }, { units: 1 }],
      training: { epochs: 50 },
    });
    assert.match(scaled, /The data reaches 1\.9e\+7 in size.*scale each feature/);
    const l2 = run({
      data: { source: "xor" },
      layers: [{ units: 2 }, { units: 4 }, { units: 2 }],
      regularization: { type: "l2", rate: 1000 },
      training: { epochs: 50 },
    });
    assert.match(l2, /from L2 regularization alone, past zero; lower regularization\.rate/);
  });
});

describe("files are confined for real", () => {
  const folderWith = (csv = "a,b,kind\n1,2,x\n3,4,y\n") => {
    const root = tempDir();
    const dir = join(root, "specs");
    mkdirSync(dir);
    writeFileSync(join(root, "secret.csv"), "a,b,kind\nSECRET,2,x\n");
    writeFileSync(join(dir, "d.csv"), csv);
    return { root, dir, files: nodeFiles(join(dir, "s.nnspec.json")) };
  };

  it("a symbolic link to a file outside the folder is refused, and the file's contents never shown", async () => {
    const { root, dir, files } = folderWith();
    rmSync(join(dir, "d.csv"));
    symlinkSync(join(root, "secret.csv"), join(dir, "d.csv"));
    const found = errors(csvSpec, files);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /^data\.path: .*d\.csv leads to .*secret\.csv, outside the folder/);
    assert.doesNotMatch(found[0].message, /SECRET/);
  });

  it("a link to a device and a FIFO are refused at once, by both readers", async () => {
    const { dir, files } = folderWith();
    const fifo = join(dir, "fifo.csv");
    execFileSync("mkfifo", [fifo]);
    assert.throws(() => files.read(fifo), /is not a regular file/);
    await assert.rejects(readConfinedFile(fifo, dir), /is not a regular file/);
    // The spec's message gives its advice once.
    rmSync(join(dir, "d.csv"));
    execFileSync("mkfifo", [join(dir, "d.csv")]);
    const [problem] = errors(csvSpec, files);
    assert.match(
      problem.message,
      /^data\.path: .*d\.csv is not a regular file \(a device, pipe or socket\); give a CSV file's path relative to the spec's folder$/,
    );
    symlinkSync("/dev/zero", join(dir, "zero.csv"));
    assert.throws(() => nodeFiles(join(dir, "s.nnspec.json"), "/").read(join(dir, "zero.csv")), /is not a regular file/);
  });

  it("a file over the size limit is refused before it is read", async () => {
    const { dir, files } = folderWith();
    truncateSync(join(dir, "d.csv"), 300_000_000); // sparse: no disk used
    assert.throws(() => files.read(join(dir, "d.csv")), /has 300,000,000 bytes, more than the limit of 256,000,000/);
    await assert.rejects(readConfinedFile(join(dir, "d.csv"), dir), /more than the limit/);
  });

  it('a file named "..data.csv" is inside the folder', async () => {
    const { dir, files } = folderWith();
    writeFileSync(join(dir, "..data.csv"), "a,b,kind\n1,2,x\n3,4,y\n");
    assert.deepEqual(errors(csvSpec.replace("d.csv", "..data.csv"), files), []);
    assert.deepEqual(readFileSync(join(dir, "..data.csv")).length > 0, true);
  });

  it("the host's reader gives the same bytes and the same refusals as the CLI's", async () => {
    const { root, dir } = folderWith();
    assert.equal(new TextDecoder().decode(await readConfinedFile(join(dir, "d.csv"), dir)), "a,b,kind\n1,2,x\n3,4,y\n");
    await assert.rejects(readConfinedFile(join(root, "secret.csv"), dir), /outside the folder/);
    await assert.rejects(readConfinedFile(join(dir, "none.csv"), dir), /does not exist/);
  });
});

describe("the files a spec may name in remote and virtual workspaces and untitled specs (fileRules)", () => {
  const errorOf = (r: { path: string } | { error: string }) => ("error" in r ? r.error : `resolved to ${r.path}`);
  it("an untitled spec may name no file (only one made from an example, scoped to the examples)", async () => {
    assert.match(errorOf(resolveInside("/", "d.csv", null)), /save the spec in a folder first/);
  });

  it("a relative path inside the workspace folder resolves; absolute paths and ../ out of it do not", async () => {
    assert.deepEqual(resolveInside("/w/specs", "data/d.csv", "/w"), { path: "/w/specs/data/d.csv" });
    assert.deepEqual(resolveInside("/w/specs", "../d.csv", "/w"), { path: "/w/d.csv" });
    assert.deepEqual(resolveInside("/w", "..data.csv", "/w"), { path: "/w/..data.csv" });
    assert.match(errorOf(resolveInside("/w/specs", "../../etc/passwd", "/w")), /is outside \/w, the folder a spec may read files from; copy the file into it/);
    assert.match(errorOf(resolveInside("/w", "/etc/passwd", "/w")), /absolute path/);
    assert.match(errorOf(resolveInside("/w", "C:\\data\\d.csv", "/w")), /absolute path/);
    assert.deepEqual(resolveInside("/w", "data\\d.csv", "/w"), { path: "/w/data/d.csv" }, "Windows separators written in a spec");
  });

  it("only regular files no larger than the limit are read: links, folders, devices and huge files are refused", async () => {
    assert.equal(refusal("d.csv", { type: FILE_TYPE.file, size: 10 }), null);
    assert.match(refusal("d.csv", { type: FILE_TYPE.file | FILE_TYPE.symbolicLink, size: 10 }) ?? "", /symbolic link/);
    assert.match(refusal("d", { type: FILE_TYPE.directory, size: 0 }) ?? "", /a folder, not a file/);
    assert.match(refusal("d", { type: FILE_TYPE.unknown, size: 0 }) ?? "", /not a regular file/);
    assert.match(refusal("d.csv", { type: FILE_TYPE.file, size: LIMITS.fileBytes + 1 }) ?? "", /more than the limit/);
  });
});

describe("the CLI writes safely", () => {
  const xor = join(EXAMPLES_DIR, "xor.nnspec.json");
  const specCopy = () => {
    const dir = tempDir();
    const spec = join(dir, "xor.nnspec.json");
    writeFileSync(spec, readFileSync(xor));
    return { dir, spec };
  };

  it("refuses to write the weights over the spec itself", async () => {
    const { spec } = specCopy();
    const before = readFileSync(spec, "utf8");
    const r = await cli("train", spec, "--epochs", "1", "--save-weights", spec);
    assert.equal(r.code, 2);
    assert.match(r.err, /is the spec itself/);
    assert.equal(readFileSync(spec, "utf8"), before);
  });

  it("a missing folder, a read-only file, a FIFO and an empty name are refused before training", async () => {
    const { dir, spec } = specCopy();
    const readOnly = join(dir, "ro.json");
    writeFileSync(readOnly, "keep");
    chmodSync(readOnly, 0o444);
    const fifo = join(dir, "fifo.json");
    execFileSync("mkfifo", [fifo]);
    for (const [target, why] of [
      [join(dir, "missing", "w.json"), /the folder .*missing does not exist/],
      [readOnly, /is read-only/],
      [fifo, /is not a regular file/],
      ["", /the file name is empty/],
    ] as const) {
      const r = await cli("train", spec, "--epochs", "1", "--save-weights", target);
      assert.equal(r.code, 2, target);
      assert.match(r.err, why);
      assert.equal(r.out, "", "no training happened");
    }
    assert.equal(readFileSync(readOnly, "utf8"), "keep");
  });

  it("writes through an unpredictable temporary name: a link planted at the old one is not followed", async () => {
    const { dir, spec } = specCopy();
    const victim = join(dir, "victim.txt");
    writeFileSync(victim, "untouched");
    symlinkSync(victim, join(dir, `.w.json.${process.pid}.tmp`));
    assert.equal((await cli("train", spec, "--epochs", "1", "--json", "--save-weights", join(dir, "w.json"))).code, 0);
    assert.equal(readFileSync(victim, "utf8"), "untouched");
    assert.ok(JSON.parse(readFileSync(join(dir, "w.json"), "utf8")).layers);
    assert.deepEqual(readdirSync(dir).sort(), [`.w.json.${process.pid}.tmp`, "victim.txt", "w.json", "xor.nnspec.json"].sort());
  });

  it("several files are written all or none: a failure on the second leaves the first unchanged and no temporary file", async () => {
    const { dir } = specCopy();
    writeFileSync(join(dir, "a.txt"), "old");
    await assert.rejects(
      writeFilesSafely(
        nodeWriteFs,
        [
          { target: join(dir, "a.txt"), content: "new" },
          { target: join(dir, "missing", "b.txt"), content: "new" },
        ],
        { inputs: [] },
      ),
      /the folder .*missing does not exist/,
    );
    assert.equal(readFileSync(join(dir, "a.txt"), "utf8"), "old");
    assert.deepEqual(readdirSync(dir).sort(), ["a.txt", "xor.nnspec.json"]);
  });

  it("10,000 nested [ in a spec file: a located error, exit 1", async () => {
    const { dir } = specCopy();
    const spec = join(dir, "deep.nnspec.json");
    writeFileSync(spec, "[".repeat(10_000));
    const r = await cli("check", spec);
    assert.equal(r.code, 1);
    assert.match(r.err, /deep\.nnspec\.json:1:33: error: syntax error: more than 32 arrays and objects/);
  });
});

describe("every worker has a memory limit", () => {
  it("each `new Worker(` in src/ sets resourceLimits (a runaway input ends the worker, not the extension host)", () => {
    const src = join(import.meta.dirname, "..", "..", "src");
    // A browser's Worker takes no heap limit (src/web/workerStart.ts): there the spec checker's
    // memory estimate (core/spec/memory.ts) refuses a spec too large before a run starts.
    const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && !f.startsWith("web/"));
    let workers = 0;
    for (const file of files) {
      const text = readFileSync(join(src, file), "utf8");
      for (const m of text.matchAll(/new Worker\(/g)) {
        workers++;
        const call = text.slice(m.index, m.index + 400);
        assert.match(call, /resourceLimits: \{ maxOldGenerationSizeMb: LIMITS\.workerHeapMb \}/, `${file}: a Worker without resourceLimits`);
      }
    }
    assert.ok(workers >= 1, `found ${workers} workers`); // every worker starts in extension/workerStart.ts
  });
});
