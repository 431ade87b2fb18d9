// A golden case as data: everything needed to rebuild the exact model and inputs the official
// runtime saw, from a JSON description and a seed. Shared by the generator (tools/goldens) and
// the loader (index.ts), so both materialise the same bytes.
//
// Values are drawn from makeRng(seed) tensor by tensor, in op-input order (graph inputs and
// constants alike; omitted inputs and variables draw nothing). A checksum of all drawn bytes is
// stored with the golden, so a change to the rng or to this file is caught, not silently compared.

import { makeRng, type Rng } from '../../util/rng';
import { buildModel, buildSingleOpModel, float32ToFloat16Bits, options, type OpName, type QuantSpec, type TensorSpec } from '../model_builder';
import { elementCount, type DType, type Model } from '../../tflite/ir';
import type { BuiltinOptions } from '../../tflite/options';
import type { TensorValue, TypedArray } from '../../interpreter/kernel';

/** How a tensor's values are drawn. */
export type Gen =
  | { kind: 'uniform'; lo: number; hi: number } // float32 (float16: rounded to half) in [lo, hi)
  | { kind: 'int'; lo: number; hi: number } // integers in [lo, hi] inclusive
  | { kind: 'values'; values: number[] }; // fixed values, no draw

export interface CaseTensor {
  dtype: DType;
  shape: number[];
  /** input: a graph input; const: constant data in the model; variable: zero-initialised state. */
  role: 'input' | 'const' | 'variable';
  gen?: Gen; // required for input and const
  quantization?: QuantSpec;
}

/** A single-op case: the JSON form of a SingleOpSpec plus how its data is drawn. */
export interface OpCase {
  name: string;
  op: OpName;
  version: number;
  options: BuiltinOptions | null;
  seed: number;
  inputs: (CaseTensor | null)[];
  outputs: { dtype: DType; shape: number[] }[];
  /** What the case exercises (free text). */
  note?: string;
  /**
   * Follow the op by a RESHAPE to the same shape (a pure copy), whose output is the graph output.
   * Needed when the op's result depends only on constants (DEQUANTIZE of a constant): XNNPACK,
   * always on in the official runtime, folds such an op and then fails to return its result
   * ("failed to setup XNNPACK runtime"). The expected values are the op's own output.
   */
  reshapeAfter?: boolean;
}

export interface Materialised {
  model: Model;
  /** Runtime values of the graph inputs, in graph-input order. */
  inputs: TensorValue[];
  /** FNV-1a 32 of every drawn tensor's little-endian bytes, in draw order, as 8 hex digits. */
  checksum: string;
}

const ARRAYS: Partial<Record<DType, new (n: number) => TypedArray>> = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array, uint8: Uint8Array, bool: Uint8Array,
  int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, float16: Uint16Array,
};

/** A zeroed typed array for dtype (float16 as raw Uint16 half bits). */
export function typedArrayFor(dtype: DType, n: number): TypedArray {
  const C = ARRAYS[dtype];
  if (!C) throw new Error(`goldens: no typed array for dtype ${dtype}`);
  return new C(n);
}

/** Draws a tensor's values. float16 comes back as raw half bits in a Uint16Array. */
export function drawTensor(rng: Rng, dtype: DType, shape: number[], gen: Gen): TypedArray {
  const n = elementCount(shape);
  const out = typedArrayFor(dtype, n);
  if (gen.kind === 'values') {
    if (gen.values.length !== n) throw new Error(`goldens: ${gen.values.length} values for shape [${shape}]`);
    if (gen.values.some((v) => Object.is(v, -0))) throw new Error('goldens: -0 in fixed values (JSON stores it as 0)');
    for (let i = 0; i < n; i++) out[i] = dtype === 'float16' ? float32ToFloat16Bits(gen.values[i]) : gen.values[i];
    return out;
  }
  const isFloat = dtype === 'float32' || dtype === 'float16' || dtype === 'float64';
  if (gen.kind === 'uniform' && !isFloat) throw new Error(`goldens: uniform draw for integer dtype ${dtype}`);
  for (let i = 0; i < n; i++) {
    const v = gen.kind === 'uniform' ? rng.uniform(gen.lo, gen.hi) : rng.int(gen.lo, gen.hi);
    out[i] = dtype === 'float16' ? float32ToFloat16Bits(v) : v;
  }
  return out;
}

export function fnv1a(chunks: Uint8Array[]): string {
  let h = 0x811c9dc5;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++) {
      h ^= c[i];
      h = Math.imul(h, 0x01000193);
    }
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function bytesOf(a: TypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Rebuilds the model and the runtime inputs of an op case from its description and seed. */
export function materialiseOpCase(c: OpCase): Materialised {
  const rng = makeRng(c.seed);
  const drawn: Uint8Array[] = [];
  const inputs: TensorValue[] = [];
  const specs = c.inputs.map((t, i) => {
    if (t === null) return null;
    const quantization = t.quantization ?? null;
    if (t.role === 'variable') return { dtype: t.dtype, shape: t.shape, isVariable: true, quantization };
    if (!t.gen) throw new Error(`goldens: case '${c.name}' input ${i} (${t.role}) has no gen`);
    const data = drawTensor(rng, t.dtype, t.shape, t.gen);
    drawn.push(bytesOf(data));
    if (t.role === 'const') return { dtype: t.dtype, shape: t.shape, data, quantization };
    inputs.push({
      dtype: t.dtype, shape: [...t.shape], data,
      quantization: quantization && {
        scale: quantization.scale.map(Math.fround), zeroPoint: quantization.zeroPoint ?? quantization.scale.map(() => 0),
        quantizedDimension: quantization.quantizedDimension ?? 0, min: null, max: null, custom: null,
      },
    });
    return { dtype: t.dtype, shape: t.shape, quantization };
  });
  const single = { op: c.op, version: c.version, options: c.options, inputs: specs, outputs: c.outputs.map((o) => ({ ...o })) };
  const model = c.reshapeAfter ? withIdentityReshape(c, specs) : buildSingleOpModel(single);
  return { model, inputs, checksum: fnv1a(drawn) };
}

/** op → 'result' → RESHAPE(result, its own shape) → 'output0'. Constant shape: nothing is drawn. */
function withIdentityReshape(c: OpCase, specs: (TensorSpec | null)[]): Model {
  if (c.outputs.length !== 1) throw new Error(`goldens: case '${c.name}': reshapeAfter needs exactly one output`);
  const out = c.outputs[0];
  const tensors: Record<string, TensorSpec> = {};
  const names = specs.map((t, i) => {
    if (t === null) return null;
    const name = t.data !== undefined ? `const${i}` : t.isVariable ? `state${i}` : `input${i}`;
    tensors[name] = t;
    return name;
  });
  tensors.result = { dtype: out.dtype, shape: out.shape };
  tensors.result_shape = { dtype: 'int32', shape: [out.shape.length], data: out.shape };
  tensors.output0 = { dtype: out.dtype, shape: out.shape };
  return buildModel({
    tensors,
    ops: [
      { op: c.op, version: c.version, options: c.options, inputs: names, outputs: ['result'] },
      { op: 'RESHAPE', version: 1, options: options('ReshapeOptions'), inputs: ['result', 'result_shape'], outputs: ['output0'] },
    ],
    inputs: names.filter((n): n is string => n !== null && n.startsWith('input')),
    outputs: ['output0'],
    description: `Quant Lab model builder: ${c.op} + identity RESHAPE`,
  });
}

/** Draws the inputs of a whole-model golden (one entry per model input, in order). */
export function drawModelInputs(seed: number, specs: { dtype: DType; shape: number[]; gen: Gen }[]): { values: TypedArray[]; checksum: string } {
  const rng = makeRng(seed);
  const values = specs.map((s) => drawTensor(rng, s.dtype, s.shape, s.gen));
  return { values, checksum: fnv1a(values.map(bytesOf)) };
}
