/**
 * The dense products in WebAssembly SIMD (wasm/denseKernels.ts, compiled by esbuild.mjs with
 * AssemblyScript and embedded in the bundle as base64, so no file is fetched): two float64
 * multiply-adds per instruction. Loaded once, synchronously, wherever the core runs (a Node
 * worker, the webview, a browser); where WebAssembly or its SIMD is missing, `simdKernels` is
 * null and kernels.ts runs the TypeScript kernels, which stay the readable reference.
 *
 * Each call copies its operands into the module's memory, multiplies there and copies the result
 * back: the copies are (rows + out) × in numbers against rows × in × out multiply-adds, and
 * keep every array the network owns an ordinary Float64Array. The sums are made term by term in
 * the TypeScript kernels' order, so the results are the same bits (kernels.property.test.ts).
 */
import { DENSE_KERNELS_WASM } from "./wasm/denseKernelsBinary";

/**
 * The little of WebAssembly's JavaScript API used here, as the engine gives it: the project's
 * TypeScript library is ES2022's, without the DOM's declarations of WebAssembly.
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WasmModule = object;
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule) => { readonly exports: object };
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

interface Exports {
  memory: WasmMemory;
  forwardDense(
    X: number,
    rows: number,
    inDim: number,
    W: number,
    outDim: number,
    b: number,
    Z: number,
    skipZeros: number,
    values: number,
    offsets: number,
  ): void;
  weightGradients(
    X: number,
    rows: number,
    inDim: number,
    D: number,
    outDim: number,
    gW: number,
    gB: number,
    skipZeros: number,
    zeros: number,
    values: number,
    offsets: number,
  ): void;
  transpose(W: number, inDim: number, outDim: number, Wt: number): void;
}

/** The first 64 KiB belong to the module itself; the operands go after them. */
const ARENA_START = 65536;
const PAGE = 65536;

export class SimdKernels {
  private readonly exports: Exports;
  private f64: Float64Array;
  /** Where the next operand goes in the current call, in bytes. */
  private top = ARENA_START;

  constructor(api: WasmApi, module: WasmModule) {
    this.exports = new api.Instance(module).exports as Exports;
    this.f64 = new Float64Array(this.exports.memory.buffer);
  }

  /** Room for `count` numbers (8 bytes each, 16-byte aligned) in this call; returns its byte offset. */
  private take(count: number): number {
    const at = this.top;
    this.top = at + ((count * 8 + 15) & ~15);
    const memory = this.exports.memory;
    if (this.top > memory.buffer.byteLength) {
      memory.grow(Math.ceil((this.top - memory.buffer.byteLength) / PAGE));
      this.f64 = new Float64Array(memory.buffer);
    }
    return at;
  }

  /** Copies the first `count` numbers of `from` in; returns their byte offset. */
  private put(from: Float64Array, count: number): number {
    const at = this.take(count);
    this.f64.set(count === from.length ? from : from.subarray(0, count), at / 8);
    return at;
  }

  private get(at: number, count: number, to: Float64Array): void {
    to.set(this.f64.subarray(at / 8, at / 8 + count));
  }

  /** Z[rows×out] = X[rows×in] · W[in×out] + b[out] */
  forwardDense(X: Float64Array, rows: number, inDim: number, W: Float64Array, outDim: number, b: Float64Array, Z: Float64Array, skipZeros: boolean): void {
    this.top = ARENA_START;
    const x = this.put(X, rows * inDim);
    const w = this.put(W, inDim * outDim);
    const bias = this.put(b, outDim);
    const z = this.take(rows * outDim);
    const values = this.take(inDim);
    const offsets = this.take(inDim);
    this.exports.forwardDense(x, rows, inDim, w, outDim, bias, z, skipZeros ? 1 : 0, values, offsets);
    this.get(z, rows * outDim, Z);
  }

  /** gW[in×out] = Xᵀ · D and gB[out] = Σ_rows D (both overwritten). */
  weightGradients(X: Float64Array, rows: number, inDim: number, D: Float64Array, outDim: number, gW: Float64Array, gB: Float64Array, skipZeros: boolean): void {
    this.top = ARENA_START;
    const x = this.put(X, rows * inDim);
    const d = this.put(D, rows * outDim);
    const zeros = this.take(outDim);
    this.f64.fill(0, zeros / 8, zeros / 8 + outDim);
    const gw = this.take(inDim * outDim);
    const gb = this.take(outDim);
    const values = this.take(rows);
    const offsets = this.take(rows);
    this.exports.weightGradients(x, rows, inDim, d, outDim, gw, gb, skipZeros ? 1 : 0, zeros, values, offsets);
    this.get(gw, inDim * outDim, gW);
    this.get(gb, outDim, gB);
  }

  /** DX[rows×in] = D[rows×out] · Wᵀ, through W transposed in the module's memory. */
  inputGradients(D: Float64Array, rows: number, outDim: number, W: Float64Array, inDim: number, DX: Float64Array, skipZeros: boolean): void {
    this.top = ARENA_START;
    const d = this.put(D, rows * outDim);
    const w = this.put(W, inDim * outDim);
    const wt = this.take(inDim * outDim);
    const zeros = this.take(inDim);
    this.f64.fill(0, zeros / 8, zeros / 8 + inDim);
    const dx = this.take(rows * inDim);
    const values = this.take(outDim);
    const offsets = this.take(outDim);
    this.exports.transpose(w, inDim, outDim, wt);
    this.exports.forwardDense(d, rows, outDim, wt, inDim, zeros, dx, skipZeros ? 1 : 0, values, offsets);
    this.get(dx, rows * inDim, DX);
  }
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The kernels from a module's bytes, or null where this JavaScript engine cannot run them: no
 * WebAssembly, or one without SIMD, whose validate() rejects the module's f64x2 instructions.
 */
export function simdKernelsFrom(bytes: Uint8Array): SimdKernels | null {
  if (wasmApi === undefined || !wasmApi.validate(bytes)) return null;
  return new SimdKernels(wasmApi, new wasmApi.Module(bytes));
}

/** The one instance of this thread (each worker has its own memory), null without SIMD. */
export const simdKernels: SimdKernels | null = simdKernelsFrom(decodeBase64(DENSE_KERNELS_WASM));
