/**
 * The readers' memory at the file limit: a CSV of about 200 MB that is one cell, whether a number
 * of two hundred million digits or a class label as long, is refused at the cell's place while
 * `nnspec check` stays within CSV_MULTIPLE times the file (the bytes themselves, once) plus
 * Node's own. Before, the number's digits were gathered into one string and the check ran out of
 * memory (4.4 GB, 72 s); measured now: 1.3× the file, 2 s. A weights file of 9 million
 * parameters (186 MB), or one whose number has 150 million digits, stays within WEIGHTS_MULTIPLE:
 * its bytes, its text and its numbers (measured 2.8× and 2.3×).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";

const CLI = resolve(import.meta.dirname, "..", "..", "dist", "cli.js");
/** Peak memory a reader may take, as a multiple of its file (docs/nnspec-format.md, "Limits"). */
const CSV_MULTIPLE = 1.5;
const WEIGHTS_MULTIPLE = 3;
/** Node itself, the bundle and the spec: what a check of an empty file takes, with room. */
const NODE_BYTES = 150e6;

const dir = mkdtempSync(join(tmpdir(), "nnspec-readers-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** `head`, then `count` copies of `byte`, then `tail`, written in 16 MB pieces. */
function writeHuge(path: string, head: string, byte: string, count: number, tail: string): void {
  const fd = openSync(path, "w");
  writeSync(fd, head);
  const piece = Buffer.alloc(16 * 1024 * 1024, byte);
  for (let left = count; left > 0; left -= piece.length) writeSync(fd, piece, 0, Math.min(left, piece.length));
  writeSync(fd, tail);
  closeSync(fd);
}

/** Runs `nnspec check` on `specJson`; its output and its peak resident memory. */
function check(specJson: object): { code: number | null; err: string; peakBytes: number } {
  const spec = join(dir, "s.nnspec.json");
  writeFileSync(spec, JSON.stringify(specJson));
  const probe = join(dir, "peak.cjs");
  writeFileSync(probe, `process.on("exit", () => process.stderr.write("\\npeak " + process.resourceUsage().maxRSS * 1024 + "\\n"));`);
  const r = spawnSync(process.execPath, ["--require", probe, CLI, "check", spec], { encoding: "utf8", maxBuffer: 1 << 24 });
  const peak = Number(/peak (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  return { code: r.status, err: r.stderr, peakBytes: peak };
}

describe("a CSV of one 200 MB cell", { concurrency: false }, () => {
  for (const [what, head, byte, tail, message] of [
    ["a number of 200 million digits", "a,b,kind\n1,", "7", ",x\n0,1,y\n", /big\.csv:2:3: error: .*column "b" is "7+…", too large for a number/],
    ["a class label as long", 'a,b,kind\n1,2,"', "x", '"\n0,1,y\n', /big\.csv:2:6: error: .*the class label in "kind" is longer than 1000 bytes/],
  ] as const) {
    it(`${what}: refused at the cell, within ${CSV_MULTIPLE}× the file plus Node's own`, () => {
      const csv = join(dir, "big.csv");
      writeHuge(csv, head, byte, 200_000_000, tail);
      const size = statSync(csv).size;
      const r = check({ data: { source: "csv", path: "big.csv", features: ["a", "b"], target: "kind" }, layers: [{ units: 2 }, { units: 2 }] });
      assert.equal(r.code, 1, r.err.slice(0, 2000));
      assert.match(r.err, message);
      assert.ok(r.peakBytes < CSV_MULTIPLE * size + NODE_BYTES, `peak ${(r.peakBytes / 1e6).toFixed(0)} MB for a ${(size / 1e6).toFixed(0)} MB file`);
      console.log(`  ${what}: peak ${(r.peakBytes / 1e6).toFixed(0)} MB for ${(size / 1e6).toFixed(0)} MB (${(r.peakBytes / size).toFixed(2)}×)`);
    });
  }
});

describe("a weights file near the file limit", { concurrency: false }, () => {
  it(`9 million parameters (about 190 MB): read within ${WEIGHTS_MULTIPLE}× the file plus Node's own`, () => {
    const sizes = [2, 3000, 3000, 2];
    const path = join(dir, "w.json");
    const fd = openSync(path, "w");
    writeSync(fd, '{"layers":[');
    for (let k = 0; k < 3; k++) {
      const row = `[${Array.from({ length: sizes[k + 1] }, (_, j) => String(Math.sin(j * 7.1 + k) / 3)).join(",")}]`;
      writeSync(fd, `${k ? "," : ""}{"weights":[`);
      for (let i = 0; i < sizes[k]; i++) writeSync(fd, i ? `,${row}` : row);
      writeSync(
        fd,
        `],"biases":[${Array(sizes[k + 1])
          .fill(0)
          .join(",")}]}`,
      );
    }
    writeSync(fd, "]}\n");
    closeSync(fd);
    const size = statSync(path).size;
    const r = check({ data: { source: "xor", samples: 8 }, layers: sizes.map((units) => ({ units })), init: "w.json" });
    assert.equal(r.code, 0, r.err.slice(0, 2000));
    assert.ok(r.peakBytes < WEIGHTS_MULTIPLE * size + NODE_BYTES, `peak ${(r.peakBytes / 1e6).toFixed(0)} MB for a ${(size / 1e6).toFixed(0)} MB file`);
    console.log(`  9M parameters: peak ${(r.peakBytes / 1e6).toFixed(0)} MB for ${(size / 1e6).toFixed(0)} MB (${(r.peakBytes / size).toFixed(2)}×)`);
  });

  it(`a number of 150 million digits: named at its entry, within ${WEIGHTS_MULTIPLE}× the file plus Node's own`, () => {
    const path = join(dir, "w.json");
    writeHuge(path, '{"layers":[{"weights":[[1,2],[3,', "7", 150_000_000, ']],"biases":[0,0]}]}\n');
    const size = statSync(path).size;
    const r = check({ data: { source: "xor", samples: 8 }, layers: [{ units: 2 }, { units: 2 }], init: "w.json" });
    assert.equal(r.code, 1);
    assert.match(r.err, /w\.json: layers\[0\]\.weights\[1\]\[1\]: a number too large for a double/);
    assert.ok(r.peakBytes < WEIGHTS_MULTIPLE * size + NODE_BYTES, `peak ${(r.peakBytes / 1e6).toFixed(0)} MB for a ${(size / 1e6).toFixed(0)} MB file`);
  });
});
