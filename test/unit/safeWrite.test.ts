/**
 * Nothing lost: every file NNSpec writes is whole or not written at all, whatever the disk says,
 * and never lands on a file it reads or through a link out of its folder. Each case asserts the
 * old file intact, no temporary file left, and the message. The full disk is a real one (a 1 MB
 * tmpfs) where the tests run as root, and a file system that takes only part of the bytes or
 * answers ENOSPC everywhere.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";
import { WriteError, type WriteFs, writeFilesSafely } from "../../src/core/base/safeWrite";
import { nodeWriteFs } from "../../src/node/nodeWriteFs";
import { runCli } from "../helpers/cli";
import { EXAMPLES_DIR } from "../helpers/examples";

const CLI = resolve(import.meta.dirname, "..", "..", "dist", "cli.js");
const folders: string[] = [];
const mounts: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "nnspec-write-"));
  folders.push(dir);
  return dir;
};
after(() => {
  for (const m of mounts) spawnSync("umount", [m]);
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** A 1 MB tmpfs, or null where this process may not mount one (not root, no mount). */
function smallDisk(): string | null {
  const dir = tempDir();
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir]);
  if (r.status !== 0) return null;
  mounts.push(dir);
  return dir;
}

/** A spec whose weights come to about 5 MB of JSON, in `dir`, with its data beside it. */
function bigSpec(dir: string): string {
  writeFileSync(join(dir, "d.csv"), "a,b,kind\n0,1,x\n1,0,y\n1,1,x\n0,0,y\n");
  const spec = join(dir, "big.nnspec.json");
  writeFileSync(
    spec,
    JSON.stringify({
      data: { source: "csv", path: "d.csv", features: ["a", "b"], target: "kind" },
      layers: [{ units: 2 }, { units: 500, activation: "tanh" }, { units: 500, activation: "tanh" }, { units: 2 }],
      training: { epochs: 1 },
    }),
  );
  return spec;
}

const hiddenTemps = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

describe("a full disk", () => {
  it("train --save-weights onto a full disk: exit 2, 'the disk is full', the old weights kept whole, no temporary file", async (t) => {
    const disk = smallDisk();
    if (!disk) return t.skip("mounting a tmpfs needs root; the simulated full disk below covers the writer");
    const work = tempDir();
    const spec = bigSpec(work);
    const old = `${JSON.stringify({ old: true })}\n`;
    writeFileSync(join(disk, "w.json"), old);
    const r = await runCli("train", spec, "--json", "--save-weights", join(disk, "w.json"));
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /the weights were not written: cannot write .*w\.json: the disk is full; free some space and try again \(the old file is kept\)$/);
    assert.equal(readFileSync(join(disk, "w.json"), "utf8"), old);
    assert.deepEqual(readdirSync(disk), ["w.json"]);
  });

  it("export onto a full disk: exit 2, the old train.py and data.json kept, no temporary file", async (t) => {
    const disk = smallDisk();
    if (!disk) return t.skip("mounting a tmpfs needs root; the simulated full disk below covers the writer");
    const work = tempDir();
    // 2 MB of data: its data.json cannot fit in 1 MB.
    const rows = Array.from({ length: 60_000 }, (_, i) => `${(i % 97) / 97},${(i % 89) / 89},${i % 2 ? "x" : "y"}`);
    writeFileSync(join(work, "d.csv"), `a,b,kind\n${rows.join("\n")}\n`);
    writeFileSync(
      join(work, "s.nnspec.json"),
      JSON.stringify({ data: { source: "csv", path: "d.csv", features: ["a", "b"], target: "kind" }, layers: [{ units: 2 }, { units: 2 }] }),
    );
    writeFileSync(join(disk, "train.py"), "old script");
    writeFileSync(join(disk, "data.json"), "old data");
    const r = await runCli("export", join(work, "s.nnspec.json"), "--pytorch", "-o", disk);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /the disk is full.*; nothing was written$/);
    assert.equal(readFileSync(join(disk, "train.py"), "utf8"), "old script");
    assert.equal(readFileSync(join(disk, "data.json"), "utf8"), "old data");
    assert.deepEqual(readdirSync(disk).sort(), ["data.json", "train.py"]);
  });

  /** Node's file system, but one whose disk takes only `room` bytes of a file, or says ENOSPC. */
  const fullDisk = (mode: "short" | "enospc", room = 10): WriteFs => ({
    ...nodeWriteFs,
    async writeNew(path, bytes, modeOf) {
      if (mode === "enospc") throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      await nodeWriteFs.writeNew(path, bytes.subarray(0, room), modeOf);
    },
  });

  for (const mode of ["short", "enospc"] as const) {
    it(`a disk that ${mode === "short" ? "takes only part of the bytes" : "answers ENOSPC"}: the old files kept, no temporary file, the reason`, async () => {
      const dir = tempDir();
      writeFileSync(join(dir, "a.json"), "old a");
      writeFileSync(join(dir, "b.json"), "old b");
      const write = writeFilesSafely(
        fullDisk(mode),
        [
          { target: join(dir, "a.json"), content: "new a, longer than ten bytes" },
          { target: join(dir, "b.json"), content: "new b, longer than ten bytes" },
        ],
        { inputs: [] },
      );
      await assert.rejects(write, (e: unknown) => {
        assert.ok(e instanceof WriteError && !e.refused);
        assert.match(
          e.message,
          mode === "short" ? /a\.json: only 10 of 28 bytes reached the disk \(is it full\?\); the old file is kept/ : /a\.json: the disk is full/,
        );
        return true;
      });
      assert.equal(readFileSync(join(dir, "a.json"), "utf8"), "old a");
      assert.equal(readFileSync(join(dir, "b.json"), "utf8"), "old b");
      assert.deepEqual(hiddenTemps(dir), []);
    });
  }
});

describe("no output lands on an input or outside its folder", () => {
  it("train --save-weights onto the spec's own training data: refused before training, the CSV intact", async () => {
    const dir = tempDir();
    copyFileSync(join(EXAMPLES_DIR, "fruit.nnspec.json"), join(dir, "fruit.nnspec.json"));
    mkdirSync(join(dir, "data"));
    copyFileSync(join(EXAMPLES_DIR, "data", "fruit.csv"), join(dir, "data", "fruit.csv"));
    const csv = readFileSync(join(dir, "data", "fruit.csv"), "utf8");
    const r = await runCli("train", join(dir, "fruit.nnspec.json"), "--save-weights", join(dir, "data", "fruit.csv"));
    assert.equal(r.code, 2);
    assert.match(r.err, /fruit\.csv is a file the spec reads \(its data or its initial weights\); choose another file name$/);
    assert.equal(r.out, "", "no training happened");
    assert.equal(readFileSync(join(dir, "data", "fruit.csv"), "utf8"), csv);
  });

  it("train --save-weights onto its --init weights, even through a link: refused", async () => {
    const dir = tempDir();
    const saved = join(dir, "w.json");
    assert.equal((await runCli("train", join(EXAMPLES_DIR, "xor.nnspec.json"), "--epochs", "2", "--json", "--save-weights", saved)).code, 0);
    symlinkSync(saved, join(dir, "link.json"));
    const before = readFileSync(saved, "utf8");
    const r = await runCli("train", join(EXAMPLES_DIR, "xor.nnspec.json"), "--epochs", "2", "--init", saved, "--save-weights", join(dir, "link.json"));
    assert.equal(r.code, 2);
    assert.match(r.err, /link\.json is a file the spec reads/);
    assert.equal(readFileSync(saved, "utf8"), before);
  });

  it("export where DIR/train.py is a link to a file outside DIR: refused, the outside file untouched", async () => {
    const dir = tempDir();
    const outside = join(tempDir(), "precious.py");
    writeFileSync(outside, "precious");
    symlinkSync(outside, join(dir, "train.py"));
    const r = await runCli("export", join(EXAMPLES_DIR, "xor.nnspec.json"), "--pytorch", "-o", dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /train\.py is a link to .*precious\.py, outside .*, the folder NNSpec was told to write to; export into another folder$/);
    assert.equal(readFileSync(outside, "utf8"), "precious");
    assert.deepEqual(readdirSync(dir).sort(), ["train.py"]);
  });

  it("a link inside the folder is written through, and stays a link", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "real.json"), "old");
    symlinkSync("real.json", join(dir, "w.json"));
    const r = await runCli("train", join(EXAMPLES_DIR, "xor.nnspec.json"), "--epochs", "1", "--json", "--save-weights", join(dir, "w.json"));
    assert.equal(r.code, 0, r.err);
    assert.equal(readlinkSync(join(dir, "w.json")), "real.json");
    assert.ok(JSON.parse(readFileSync(join(dir, "real.json"), "utf8")).layers);
    assert.deepEqual(hiddenTemps(dir), []);
  });
});

describe("a write cut short by a signal", () => {
  it("SIGINT or SIGTERM while the weights are being written leaves no temporary file", async () => {
    const work = tempDir();
    const spec = bigSpec(work);
    let caught = 0;
    for (let attempt = 0; attempt < 6 && caught < 2; attempt++) {
      const out = tempDir();
      const child = spawn(process.execPath, [CLI, "train", spec, "--json", "--save-weights", join(out, "w.json")], { stdio: "ignore" });
      const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
      let sent = false;
      // Poll for the temporary file and signal the moment it exists.
      const deadline = Date.now() + 60_000;
      while (!sent && child.exitCode === null && Date.now() < deadline) {
        if (hiddenTemps(out).length > 0) {
          child.kill(caught % 2 === 0 ? "SIGINT" : "SIGTERM");
          sent = true;
        } else await new Promise((r) => setImmediate(r));
      }
      const code = await exited;
      if (!sent || code === 0) continue; // the write finished before the signal landed
      caught++;
      assert.ok(code === 130 || code === 143, `exit ${code}`);
      assert.deepEqual(readdirSync(out), [], "neither a temporary file nor half the weights");
    }
    assert.ok(caught >= 1, "the signal never landed during a write");
  });
});
