/** The CSV reader: bytes straight into numbers, RFC 4180 quoting, and located problems. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { readCsv } from "../../src/core/data/csv";
import { parseNumber } from "../../src/core/data/csvBytes";

const bytes = (s: string) => new TextEncoder().encode(s);
const read = (
  text: string | Uint8Array,
  extra: { features?: string[]; target?: string; task?: "classification" | "regression"; probabilityOutput?: boolean } = {},
) =>
  readCsv({
    bytes: typeof text === "string" ? bytes(text) : text,
    file: "d.csv",
    features: extra.features ?? ["a", "b"],
    target: extra.target ?? "kind",
    task: extra.task,
    probabilityOutput: extra.probabilityOutput ?? true,
  });
const only = (r: ReturnType<typeof read>) => {
  assert.equal(r.diagnostics.length, 1, JSON.stringify(r.diagnostics.map((d) => d.message)));
  return r.diagnostics[0];
};

describe("numbers from bytes", () => {
  const parse = (s: string) => {
    const b = bytes(s);
    return parseNumber(b, 0, b.length);
  };

  it("agrees with Number() on every double written out, to the last bit", () =>
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => Object.is(parse(String(d)), d) || (d === 0 && parse(String(d)) === 0)),
      { numRuns: 20_000 },
    ));

  it("agrees with Number() on decimal text of any length and exponent", () => {
    const decimal = fc
      .tuple(fc.constantFrom("", "-", "+"), fc.stringMatching(/^\d{0,25}$/), fc.stringMatching(/^(\.\d{0,25})?$/), fc.stringMatching(/^([eE][+-]?\d{1,3})?$/))
      .map(([sign, whole, fraction, exponent]) => sign + whole + fraction + exponent)
      .filter((s) => /\d/.test(s.replace(/[eE].*/, "")));
    fc.assert(
      fc.property(decimal, (s) => Object.is(parse(s), Number(s))),
      { numRuns: 20_000 },
    );
  });

  it("agrees with Number() on numbers of hundreds to thousands of digits (read from at most 769 of them)", () => {
    // The exact decimal halfway between d (in [1, 2), last bit even) and the next double:
    // d + 2^-53 = (d·2^53 + 1) · 5^53 · 10^-53.
    const halfway = (d: number) => `${(BigInt(d * 2 ** 53) + 1n) * 5n ** 53n}e-53`;
    const long = fc
      .tuple(
        fc.constantFrom("", "-"),
        fc.stringMatching(/^[0-9]{0,900}$/),
        fc.stringMatching(/^(\.[0-9]{0,1500})?$/),
        fc.stringMatching(/^([eE][+-]?[0-9]{1,3})?$/),
      )
      .map(([sign, whole, fraction, exponent]) => sign + whole + fraction + exponent)
      .filter((s) => /\d/.test(s.replace(/[eE].*/, "")));
    fc.assert(
      fc.property(long, (s) => Object.is(parse(s), Number(s))),
      { numRuns: 3_000 },
    );
    for (const s of [`${"0".repeat(5000)}1`, `0.${"0".repeat(5000)}1e5000`, `1${"0".repeat(400)}e-400`, `${"9".repeat(2000)}e-1700`])
      assert.equal(parse(s), Number(s), s.slice(0, 20));
    // Halfway between two doubles rounds to even; a 1 far past the 768th digit breaks the tie.
    for (const d of [1, 1.5, 1.25]) {
      const [digits] = halfway(d).split("e");
      const tie = `${digits}${"0".repeat(1000)}e-1053`;
      const up = `${digits}${"0".repeat(1000)}1e-1054`;
      assert.equal(parse(tie), Number(tie));
      assert.equal(parse(up), Number(up));
      assert.notEqual(parse(up), parse(tie), "the sticky digit decides");
    }
  });

  it("a cell of a million digits is read without its text: a number too large, at its place", () => {
    const r = read(`a,b,kind\n1,${"7".repeat(1_000_000)},x\n0,1,y\n`);
    assert.match(only(r).message, /^d\.csv:2: column "b" is "7{20,}…", too large for a number$/);
    assert.equal(only(r).column, 3);
  });

  it("refuses what Number() reads but a data file should not: hex, Infinity, empty", () => {
    for (const s of ["0x10", "0b1", "0o7", "Infinity", "-Infinity", "", " ", "1_000", "1e", ".", "-", "1.2.3", "NaN", "١"])
      assert.ok(Number.isNaN(parse(s)), s);
    assert.equal(parse(" 2.5 "), 2.5);
    assert.equal(parse("1e400"), Number.POSITIVE_INFINITY);
  });
});

describe("reading a CSV file", () => {
  it("reads features by name and string labels in order of first appearance", () => {
    const r = read("b,kind,a\n2,cat,1\n4,dog,3\n6,cat,5\n");
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(Array.from(r.dataset?.x ?? []), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(r.dataset?.classNames, ["cat", "dog"]);
    assert.deepEqual(Array.from(r.dataset?.labels ?? []), [0, 1, 0]);
  });

  it("handles quoted fields with commas, doubled quotes and line breaks, CRLF, a BOM and empty lines", () => {
    const text = '\uFEFFa,b,kind\r\n"1",2,"big, ""red"""\r\n\r\n3, 4 ,"two\nlines"\r\n';
    const r = read(text);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(Array.from(r.dataset?.x ?? []), [1, 2, 3, 4]);
    assert.deepEqual(r.dataset?.classNames, ['big, "red"', "two\nlines"]);
  });

  it("integer labels are class indices; regression targets are numbers", () => {
    assert.deepEqual(read("a,b,kind\n1,2,2\n3,4,0\n").dataset?.classNames, ["0", "1", "2"]);
    const r = read("a,b,kind\n1,2,0.5\n3,4,7\n");
    assert.equal(r.dataset?.task, "regression");
    assert.deepEqual(Array.from(r.dataset?.targets ?? []), [0.5, 7]);
  });

  it("a bad cell is an error at its line and column, quoting the cell", () => {
    const d = only(read("a,b,kind\n1,2,cat\n3,x7,dog\n"));
    assert.deepEqual([d.line, d.column, d.endColumn], [3, 3, 5]);
    assert.equal(d.message, 'd.csv:3: column "b" is "x7", not a number; every feature must be a number');
  });

  it("a regression target too large for a number is an error at its cell, as a feature is", () => {
    const d = only(read("a,b,kind\n1,2,3\n3,4,1e400\n", { task: "regression" }));
    assert.deepEqual([d.line, d.column], [3, 5]);
    assert.match(d.message, /target "kind" is "1e400", too large for a number/);
  });

  it("0x10 is not the number 16", () => {
    assert.match(only(read("a,b,kind\n0x10,2,cat\n")).message, /column "a" is "0x10", not a number/);
  });

  it("a 1 MB cell is quoted as a short excerpt", () => {
    const d = only(read(`a,b,kind\n1,${"z".repeat(1_000_000)},cat\n`));
    assert.ok(d.message.length < 200, `${d.message.length} characters`);
    assert.match(d.message, /"z{40}…"/);
  });

  it("a column named twice in the header is an error, not the last one silently", () => {
    const d = only(read("a,b,a,kind\n1,2,3,cat\n"));
    assert.equal(d.line, 1);
    assert.match(d.message, /column "a" appears twice in the header \(columns 1 and 3\)/);
  });

  it("a column named __proto__ is a column like any other", () => {
    const r = read("__proto__,b,kind\n1,2,cat\n", { features: ["__proto__", "b"] });
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(Array.from(r.dataset?.x ?? []), [1, 2]);
  });

  it("a missing column lists a few of the columns there are, however many", () => {
    const header = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(",");
    const d = only(read(`${header},kind\n`, { features: ["a"] }));
    assert.match(d.message, /no column "a" in the header; the columns are: c0, c1, .*, c9, … and 99,991 more$/);
  });

  it("a row with too few fields, an unclosed quote and text after a closing quote are located", () => {
    assert.deepEqual(
      [only(read("a,b,kind\n1,2,cat\n3,4\n")).line, only(read('a,b,kind\n1,2,"cat\n')).column, only(read('a,b,kind\n1,2,"cat"x\n')).column],
      [3, 5, 10],
    );
  });

  it("integer labels past any output layer's size are an error at the cell, not a million classes", () => {
    const d = only(read("a,b,kind\n1,2,0\n3,4,4294967296\n"));
    assert.deepEqual([d.line, d.column], [3, 5]);
    assert.match(d.message, /class index 4294967296 is more than an output layer can have/);
  });

  it("labels of 200,000 rows as integers (no spread over the data)", () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i % 7},1,${i % 10}`).join("\n");
    const r = read(`a,b,kind\n${rows}\n`);
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.dataset?.classNames?.length, 10);
  });

  it("more than 4,096 different string labels is an error at the first one too many", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `1,2,L${i}`).join("\n");
    const d = only(read(`a,b,kind\n${rows}\n`));
    assert.equal(d.line, 4098);
    assert.match(d.message, /more than 4,096 different class labels/);
  });

  it("lists at most 100 problems: 99 bad cells, then how many more", () => {
    const rows = Array.from({ length: 1000 }, () => "x,2,cat").join("\n");
    const r = read(`a,b,kind\n${rows}\n`);
    assert.equal(r.diagnostics.length, 100);
    assert.match(r.diagnostics[99].message, /… and 901 more problems in this file/);
  });
});

describe("class labels written as words", () => {
  it('bytes that are not UTF-8 are an error at the cell, not a class named "�"', () => {
    const r = read(new Uint8Array([...bytes("a,b,kind\n1,2,"), 0xff, ...bytes("\n0,1,"), 0xfe, ...bytes("\n")]));
    const d = only(r);
    assert.equal(r.dataset, undefined);
    assert.equal(d.severity, "error");
    assert.deepEqual([d.line, d.column], [2, 5]);
    assert.match(d.message, /the class label in "kind" is not UTF-8 text .*save the file as UTF-8/);
  });

  it("one label in two Unicode forms (NFC é and NFD e + accent) is one class, with a warning at the second", () => {
    const r = read("a,b,kind\n1,2,caf\u00e9\n0,1,cafe\u0301\n1,1,tea\n");
    assert.deepEqual(r.dataset?.classNames, ["caf\u00e9", "tea"]);
    assert.deepEqual(Array.from(r.dataset?.labels ?? []), [0, 0, 1]);
    const d = only(r);
    assert.equal(d.severity, "warning");
    assert.equal(d.line, 3);
    assert.match(d.message, /the class label "café" is written here in another Unicode form than on line 2/);
  });

  it("a label longer than 1000 bytes is refused before it becomes a string", () => {
    const d = only(read(`a,b,kind\n1,2,"${"x".repeat(5_000_000)}"\n0,1,y\n`));
    assert.match(d.message, /the class label in "kind" is longer than 1000 bytes/);
    assert.equal(d.line, 2);
  });
});
