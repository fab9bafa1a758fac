/** `nnspec export`, run in-process: the files it writes, its exit codes, and what it refuses to do. */
import assert from "node:assert/strict";
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { main } from "../../src/cli/main";
import { EXAMPLES_DIR } from "../helpers/examples";

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
    false,
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const tempDir = () => mkdtempSync(join(tmpdir(), "nnspec-export-"));
const example = (name: string) => join(EXAMPLES_DIR, name);

describe("nnspec export --pytorch", () => {
  it("writes train.py and data.json into DIR, says how to run it, leaves no temporary file", async () => {
    const dir = tempDir();
    const r = await run("export", example("fruit.nnspec.json"), "--pytorch", "-o", dir);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(readdirSync(dir).sort(), ["data.json", "train.py"]);
    assert.match(r.out, /^wrote .*train\.py and .*data\.json \(120 training and 30 validation samples, 200 epochs\)$/m);
    assert.match(r.out, new RegExp(`run it with: python3 ${join(dir, "train.py")}`));
    assert.equal(r.err, "");
    const data = JSON.parse(readFileSync(join(dir, "data.json"), "utf8"));
    assert.deepEqual(data.classes, ["apple", "lemon", "orange"]);
    assert.match(readFileSync(join(dir, "train.py"), "utf8"), /Exported from fruit\.nnspec\.json by "nnspec export --pytorch"/);
  });

  it("exporting again replaces the files", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "train.py"), "old");
    assert.equal((await run("export", example("xor.nnspec.json"), "--pytorch", "-o", dir)).code, 0);
    assert.match(readFileSync(join(dir, "train.py"), "utf8"), /^#!\/usr\/bin\/env python3/);
  });

  it("--device, --dtype and --dataloader set the script's defaults, with a warning that the numbers will differ", async () => {
    const dir = tempDir();
    const r = await run("export", example("xor.nnspec.json"), "--pytorch", "-o", dir, "--device", "cuda", "--dtype", "float32", "--dataloader");
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /^nnspec: warning: with device cuda, dtype float32, PyTorch's DataLoader, the script's numbers will differ from NNSpec's/);
    const script = readFileSync(join(dir, "train.py"), "utf8");
    assert.match(script, /default="cuda"/);
    assert.match(script, /default="float32"/);
  });
});

describe("nnspec export refuses, before writing anything", () => {
  for (const [why, argv, pattern] of [
    ["no format", ["--output", "/tmp"], /export needs a format: --pytorch or --onnx/],
    ["no folder", ["--pytorch"], /export needs -o DIR/],
    ["an unknown option", ["--pytorch", "-o", "/tmp", "--tflite"], /Unknown option '--tflite'/],
    ["an unknown dtype", ["--pytorch", "-o", "/tmp", "--dtype", "float16"], /dtype: "float16" is not one of float64, float32/],
    ["an unknown device", ["--pytorch", "-o", "/tmp", "--device", "gpu"], /device: "gpu" is not a device PyTorch knows/],
  ] as const) {
    it(`${why}: exit code 2`, async () => {
      const r = await run("export", example("xor.nnspec.json"), ...argv);
      assert.equal(r.code, 2);
      assert.match(r.err, pattern);
      assert.doesNotMatch(r.err, /\n\s+at /);
    });
  }

  it("a missing folder is made when its parent exists; a missing parent is exit code 2, naming it, and nothing is made", async () => {
    const dir = join(tempDir(), "missing");
    const made = await run("export", example("xor.nnspec.json"), "--pytorch", "-o", dir);
    assert.equal(made.code, 0, made.err);
    assert.deepEqual(readdirSync(dir).sort(), ["data.json", "train.py"]);
    const deeper = join(tempDir(), "a", "b");
    const r = await run("export", example("xor.nnspec.json"), "--pytorch", "-o", deeper);
    assert.equal(r.code, 2);
    assert.equal(r.err, `nnspec: cannot write to ${deeper}: its folder ${join(deeper, "..")} does not exist either; create it first (mkdir -p ${deeper})`);
    assert.deepEqual(readdirSync(join(deeper, "..", "..")), []);
  });

  it("a file where the folder should be: exit code 2", async () => {
    const file = join(tempDir(), "file");
    writeFileSync(file, "x");
    const r = await run("export", example("xor.nnspec.json"), "--pytorch", "-o", file);
    assert.equal(r.code, 2);
    assert.match(r.err, /it is a file, not a folder/);
  });

  it("a spec with errors: its problems and exit code 1, nothing written", async () => {
    const dir = tempDir();
    const spec = join(dir, "bad.nnspec.json");
    writeFileSync(spec, `{ "layers": [{ "units": 2 }, { "units": 2, "activation": "relux" }] }`);
    const r = await run("export", spec, "--pytorch", "-o", dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /bad\.nnspec\.json:1:\d+: error: layers\[1\]\.activation: "relux" is not a valid activation/);
    assert.deepEqual(readdirSync(dir), ["bad.nnspec.json"]);
  });

  it("an unreadable spec: exit code 2", async () => {
    const r = await run("export", "/nonexistent/x.nnspec.json", "--pytorch", "-o", tempDir());
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read .*no such file/);
  });

  it("a file the spec reads (its init weights) in the way: exit code 2, and it stays as it was", async () => {
    const dir = tempDir();
    copyFileSync(example("dog-cat.weights.json"), join(dir, "data.json"));
    const spec = readFileSync(example("dog-cat.nnspec.json"), "utf8").replace('"dog-cat.weights.json"', '"data.json"');
    writeFileSync(join(dir, "dog.nnspec.json"), spec);
    const r = await run("export", join(dir, "dog.nnspec.json"), "--pytorch", "-o", dir);
    assert.equal(r.code, 2);
    assert.equal(
      r.err.split("\n").pop(),
      `nnspec: ${join(dir, "data.json")} is a file the spec reads (its data or its initial weights); export into another folder`,
    );
    assert.equal(readFileSync(join(dir, "data.json"), "utf8"), readFileSync(example("dog-cat.weights.json"), "utf8"));
    assert.deepEqual(readdirSync(dir).sort(), ["data.json", "dog.nnspec.json"]);
  });

  it("the spec itself in the way: exit code 2", async () => {
    const dir = tempDir();
    copyFileSync(example("xor.nnspec.json"), join(dir, "train.py"));
    const r = await run("export", join(dir, "train.py"), "--pytorch", "-o", dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /train\.py is the spec itself; export into another folder/);
    assert.equal(readFileSync(join(dir, "train.py"), "utf8"), readFileSync(example("xor.nnspec.json"), "utf8"));
  });

  it("a file that cannot be written (a folder where data.json goes): exit code 2, no file changed and no temporary file left", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "train.py"), "old");
    // The data file's place taken by a folder: train.py, written first, must not change either.
    mkdirSync(join(dir, "data.json"));
    const r = await run("export", example("xor.nnspec.json"), "--pytorch", "-o", dir);
    assert.equal(r.code, 2);
    assert.equal(r.err.trim(), `nnspec: ${join(dir, "data.json")} is a folder; export into another folder`);
    assert.deepEqual(readdirSync(dir).sort(), ["data.json", "train.py"]);
    assert.equal(readFileSync(join(dir, "train.py"), "utf8"), "old");
  });

  it("a link planted where a temporary file might go is never written through", async () => {
    const dir = tempDir();
    const victim = join(tempDir(), "victim.txt");
    writeFileSync(victim, "precious");
    // The names a temporary file of this process could have had.
    for (const name of ["train.py", "data.json"]) symlinkSync(victim, join(dir, `.${name}.${process.pid}.tmp`));
    const r = await run("export", example("xor.nnspec.json"), "--pytorch", "-o", dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(readFileSync(victim, "utf8"), "precious");
    assert.ok(!lstatSync(join(dir, "train.py")).isSymbolicLink());
  });
});
