/**
 * MNIST's own file format, IDX (yann.lecun.com/exdb/mnist, "FILE FORMATS"), gzipped or not: two
 * zero bytes, a type byte (0x08: unsigned bytes, the one MNIST, Fashion-MNIST and EMNIST use), the
 * number of dimensions, each dimension as a big-endian 32-bit count, then the values. Images are
 * N × H × W (or N × H × W × C), labels N. The values are not copied: the result views the bytes.
 */
import { gunzipSync } from "fflate";
import { t } from "../../base/l10n";

export interface IdxArray {
  dims: number[];
  /** The values, row-major, as the file has them. */
  data: Uint8Array;
}

const GZIP = [0x1f, 0x8b];
const UNSIGNED_BYTE = 0x08;
/** The other IDX value types, by their type byte, as a message names them. */
const typeName = (type: number): string =>
  ({ 9: t("signed bytes"), 11: t("16-bit integers"), 12: t("32-bit integers"), 13: t("floats"), 14: t("doubles") })[type] ?? t("an unknown type");

/** The file's bytes, unzipped when they are gzip's; an Error whose message says why not. */
export function gunzipIfZipped(bytes: Uint8Array, limit: number): Uint8Array {
  if (bytes[0] !== GZIP[0] || bytes[1] !== GZIP[1]) return bytes;
  // gzip ends with the unzipped size (mod 2^32): refuse what would not fit before unzipping it.
  const n = bytes.length;
  const size = n >= 18 ? (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0 : 0;
  if (size > limit)
    throw new Error(t("it unzips to {size} MB, more than the limit of {limit} MB", { size: Math.ceil(size / 1e6), limit: Math.floor(limit / 1e6) }));
  try {
    return gunzipSync(bytes, size > 0 ? { out: new Uint8Array(size) } : undefined);
  } catch (e) {
    throw new Error(t("it starts as a gzip file but cannot be unzipped ({reason}); download it again", { reason: (e as Error).message }));
  }
}

/** Parses an IDX file of unsigned bytes with `dimensions` dimensions (one of them when an array); an Error saying what is wrong. */
export function parseIdx(bytes: Uint8Array, dimensions: readonly number[]): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0)
    throw new Error(
      t("not an IDX file: it should start with two zero bytes, a type and a count of dimensions (MNIST's format), and starts with {start}", {
        start: hex(bytes.subarray(0, 4)),
      }),
    );
  const type = bytes[2];
  if (type !== UNSIGNED_BYTE)
    throw new Error(
      t("an IDX file of {type} (type 0x{code}); NNSpec reads IDX files of unsigned bytes (type 0x08), as MNIST's are", {
        type: typeName(type),
        code: type.toString(16).padStart(2, "0"),
      }),
    );
  const count = bytes[3];
  if (!dimensions.includes(count))
    throw new Error(t("an IDX file of {count} dimensions, where {expected} are expected", { count, expected: dimensions.join(t(" or ")) }));
  const header = 4 + 4 * count;
  if (bytes.length < header) throw new Error(t("the IDX file ends inside its header ({bytes} bytes)", { bytes: bytes.length }));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: count }, (_, i) => view.getUint32(4 + 4 * i));
  const values = dims.reduce((a, b) => a * b, 1);
  if (bytes.length - header < values)
    throw new Error(
      t("the IDX file is cut short: its header promises {dims} = {values} values, and it holds {present}", {
        dims: dims.join(" × "),
        values: values.toLocaleString("en"),
        present: (bytes.length - header).toLocaleString("en"),
      }),
    );
  if (bytes.length - header > values)
    throw new Error(
      t("the IDX file has {extra} bytes after its {dims} values; it may be two files joined, or not an IDX file", {
        extra: (bytes.length - header - values).toLocaleString("en"),
        dims: dims.join(" × "),
      }),
    );
  return { dims, data: bytes.subarray(header) };
}

/** An IDX file's bytes, as `parseIdx` reads them: what the tests and the bundled digits are written in. */
export function writeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = UNSIGNED_BYTE;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d);
  });
  out.set(data, 4 + 4 * dims.length);
  return out;
}

function hex(b: Uint8Array): string {
  return Array.from(b, (v) => v.toString(16).padStart(2, "0")).join(" ") || t("nothing (the file is empty)");
}
