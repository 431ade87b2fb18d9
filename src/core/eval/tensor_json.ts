// Tensors as JSON, in the format the official-runtime oracle (/work/shared/oracle) reads and writes:
//   {"inputs": [{"shape": [1,28,28], "dtype": "float32", "data": [...]}, ...]}
//   {"outputs": [{"name": "...", "shape": [1,10], "dtype": "float32", "data": [...]}]}
// `data` may be flat or nested (nested must match `shape`); "NaN", "Infinity", "-Infinity" stand for
// the IEEE values; booleans are 0/1. An entry may name a raw little-endian `file` of its dtype
// instead of `data` (the caller supplies how to read it: core code has no file system).
//
// Output floats are written as the shortest decimal that reads back (Math.fround) to the same
// float32, so `run` output is exact and short.

import type { DType } from '../tflite/ir';
import type { TensorValue, TypedArray } from '../interpreter/kernel';

/** Bad tensor JSON: names the source and the entry (index and field) that is wrong. */
export class TensorJsonError extends Error {
  constructor(readonly source: string, detail: string) {
    super(`${source}: ${detail}`);
    this.name = 'TensorJsonError';
  }
}

/** dtypes a JSON tensor may have, with their integer range (null for floats). */
const JSON_DTYPES: Record<string, { ctor: new (n: number) => TypedArray; min: number; max: number } | null> = {
  float32: null, float64: null,
  int8: { ctor: Int8Array, min: -128, max: 127 },
  uint8: { ctor: Uint8Array, min: 0, max: 255 },
  bool: { ctor: Uint8Array, min: 0, max: 1 },
  int16: { ctor: Int16Array, min: -32768, max: 32767 },
  uint16: { ctor: Uint16Array, min: 0, max: 65535 },
  int32: { ctor: Int32Array, min: -2147483648, max: 2147483647 },
  uint32: { ctor: Uint32Array, min: 0, max: 4294967295 },
  int64: { ctor: BigInt64Array, min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
};

export interface ParseOptions {
  /** Names the JSON in errors (a file name). */
  source?: string;
  /** Reads an entry's raw `file` (path as written in the JSON); absent: `file` entries are refused. */
  readFile?: (path: string) => Uint8Array;
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity' || v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity' || v === '-inf') return Number.NEGATIVE_INFINITY;
  throw new Error(`value ${JSON.stringify(v)} is not a number (nor "NaN"/"Infinity"/"-Infinity")`);
}

/** Flattens nested `data`, checking that a nested array matches `shape` level by level. */
function flatten(data: unknown[], shape: readonly number[], out: number[]): void {
  const nested = data.some(Array.isArray);
  if (!nested) {
    for (const v of data) out.push(toNumber(v));
    return;
  }
  const walk = (x: unknown, depth: number, where: string): void => {
    if (depth === shape.length) {
      if (Array.isArray(x)) throw new Error(`data${where} is nested deeper than shape [${shape}]`);
      out.push(toNumber(x));
      return;
    }
    if (!Array.isArray(x)) throw new Error(`data${where} is a value, but shape [${shape}] needs an array of ${shape[depth]} there`);
    if (x.length !== shape[depth]) throw new Error(`data${where} has ${x.length} entries, shape [${shape}] needs ${shape[depth]}`);
    x.forEach((y, i) => walk(y, depth + 1, `${where}[${i}]`));
  };
  walk(data, 0, '');
}

function typedFrom(dtype: string, values: number[]): TypedArray {
  const spec = JSON_DTYPES[dtype];
  if (spec === null) return dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
  const out = new spec.ctor(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // No silent wrap-around or truncation: an integer input must be given as an in-range integer.
    if (!Number.isInteger(v) || v < spec.min || v > spec.max) {
      throw new Error(`value ${v} at flat index ${i} is not an integer in ${dtype}'s range [${spec.min}, ${spec.max}]`);
    }
    if (out instanceof BigInt64Array) out[i] = BigInt(v);
    else (out as Int32Array)[i] = v;
  }
  return out;
}

function typedFromBytes(dtype: string, bytes: Uint8Array): TypedArray {
  const spec = JSON_DTYPES[dtype];
  const ctor = spec === null ? (dtype === 'float64' ? Float64Array : Float32Array) : spec.ctor;
  const size = (ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  if (bytes.length % size !== 0) throw new Error(`${bytes.length} bytes is not a whole number of ${dtype} values`);
  const copy = bytes.slice(); // aligned, and never a view of the caller's buffer
  return new (ctor as unknown as new (b: ArrayBuffer) => TypedArray)(copy.buffer);
}

function parseShape(shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`"shape" must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  return shape as number[];
}

function parseEntry(e: unknown, opts: ParseOptions): TensorValue {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new Error('must be an object {shape, dtype, data}');
  const entry = e as Record<string, unknown>;
  const dtype = entry.dtype === undefined ? 'float32' : entry.dtype;
  if (typeof dtype !== 'string' || !(dtype in JSON_DTYPES)) {
    throw new Error(`unsupported "dtype" ${JSON.stringify(dtype)} (one of ${Object.keys(JSON_DTYPES).join(', ')})`);
  }
  if (entry.shape === undefined) throw new Error('"shape" is missing');
  const shape = parseShape(entry.shape);
  let data: TypedArray;
  if (entry.file !== undefined) {
    if (typeof entry.file !== 'string') throw new Error('"file" must be a path string');
    if (!opts.readFile) throw new Error('"file" entries are not supported here; give "data"');
    data = typedFromBytes(dtype, opts.readFile(entry.file));
  } else {
    if (!Array.isArray(entry.data)) throw new Error('"data" must be an array (flat or nested), or give "file"');
    const values: number[] = [];
    flatten(entry.data, shape, values);
    data = typedFrom(dtype, values);
  }
  const need = elementCount(shape);
  if (data.length !== need) throw new Error(`shape [${shape}] needs ${need} values, got ${data.length}`);
  return { dtype: dtype as DType, shape: [...shape], data, quantization: null };
}

/** Parses `{"inputs":[...]}` (or a bare array of entries) into tensor values, in order. */
export function parseTensorJson(text: string, opts: ParseOptions = {}): TensorValue[] {
  const source = opts.source ?? 'input JSON';
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new TensorJsonError(source, `not valid JSON (${(e as Error).message})`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { inputs?: unknown } | null)?.inputs;
  if (!Array.isArray(list)) throw new TensorJsonError(source, 'expected {"inputs": [{"shape", "dtype", "data"}, ...]}');
  return list.map((e, i) => {
    try {
      return parseEntry(e, opts);
    } catch (err) {
      throw new TensorJsonError(source, `input ${i}: ${(err as Error).message}`);
    }
  });
}

/** The shortest decimal string that reads back (via Math.fround) as the float32 `v`. */
export function float32ToShortest(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const f = Math.fround(v);
  for (let p = 1; p < 9; p++) {
    const s = Number(f.toPrecision(p));
    if (Math.fround(s) === f) return String(s);
  }
  return String(Number(f.toPrecision(9))); // 9 significant digits always identify a float32
}

function jsonValue(dtype: DType, v: number | bigint): string {
  if (typeof v === 'bigint') return v.toString();
  if (dtype === 'float32') {
    const s = float32ToShortest(v);
    return Number.isFinite(v) ? s : `"${s}"`;
  }
  if (Number.isNaN(v)) return '"NaN"';
  if (!Number.isFinite(v)) return v > 0 ? '"Infinity"' : '"-Infinity"';
  return String(v);
}

export interface NamedTensor {
  name?: string;
  value: TensorValue;
}

/** `{"outputs":[{"name","shape","dtype","data"}]}` on one line; data flat, floats shortest. */
export function formatTensorJson(outputs: readonly NamedTensor[]): string {
  const entries = outputs.map(({ name, value }) => {
    const data: string[] = new Array(value.data.length);
    for (let i = 0; i < value.data.length; i++) data[i] = jsonValue(value.dtype, value.data[i]);
    const head = name === undefined ? '' : `"name":${JSON.stringify(name)},`;
    return `{${head}"shape":${JSON.stringify(value.shape)},"dtype":"${value.dtype}","data":[${data.join(',')}]}`;
  });
  return `{"outputs":[${entries.join(',')}]}`;
}
