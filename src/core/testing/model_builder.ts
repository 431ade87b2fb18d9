// Builds small IR Models (one op, or a few chained ops) from a compact description, for kernel
// tests and the official-runtime goldens. The result is a plain ir.ts Model: hand it to the
// interpreter directly, or to writer.ts writeModel() for a .tflite the official runtime can load.
//
// Layout of what we build: buffers[0] is the empty sentinel; every constant tensor gets its own
// buffer (raw little-endian bytes); runtime tensors (graph inputs, op outputs, variables without
// data) point at buffer 0. Operator codes are listed in order of first use, one per (op, version).

import { BuiltinOperator } from '../tflite/generated/tflite/builtin-operator';
import { DTYPE_BYTES, elementCount } from '../tflite/ir';
import type { DType, Model, Operator, OperatorCode, Quantization, Tensor } from '../tflite/ir';
import type { BuiltinOptions, OptionsOf } from '../tflite/options';
import type { TypedArray } from '../interpreter/kernel';

export type OpName = keyof typeof BuiltinOperator;

/** Affine quantization; zeroPoint defaults to zeros, quantizedDimension to 0. */
export interface QuantSpec {
  scale: number[];
  zeroPoint?: number[];
  quantizedDimension?: number;
}

export interface TensorSpec {
  dtype: DType;
  shape: number[];
  /**
   * Constant data, row-major: a typed array of the dtype's element type or plain numbers
   * (float16 as numbers is rounded to half precision; a Uint16Array is taken as raw half bits).
   * Absent: a runtime tensor (a graph input, an op output, or a zero-initialised variable).
   */
  data?: TypedArray | readonly number[];
  quantization?: QuantSpec | null;
  /** Variable tensor (e.g. LSTM state): kept across invokes, never a graph input. */
  isVariable?: boolean;
  shapeSignature?: number[];
}

export interface OpSpec {
  op: OpName;
  version?: number; // default 1
  options?: BuiltinOptions | null;
  /** Tensor names; null marks an omitted optional input (-1 in the file). */
  inputs: (string | null)[];
  outputs: string[];
}

export interface GraphSpec {
  /** Tensors by name; the insertion order is the tensor order in the subgraph. */
  tensors: Record<string, TensorSpec>;
  ops: OpSpec[];
  /** Default: every runtime, non-variable tensor no op produces, in tensor order. */
  inputs?: string[];
  /** Default: every op output no op consumes, in tensor order. */
  outputs?: string[];
  description?: string;
}

export interface SingleOpSpec {
  op: OpName;
  version?: number;
  options?: BuiltinOptions | null;
  /** One entry per op input; null = omitted optional input. Tensors without data become graph inputs. */
  inputs: (TensorSpec | null)[];
  outputs: TensorSpec[];
}

/** A builder error: names the tensor or op it is about. */
export class ModelBuilderError extends Error {
  constructor(detail: string) {
    super(`model_builder: ${detail}`);
    this.name = 'ModelBuilderError';
  }
}

/** float32 → IEEE half bits, round to nearest even (overflow → ±Inf, NaN kept). */
export function float32ToFloat16Bits(value: number): number {
  const f = new Float32Array([value]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // below half the smallest subnormal: ±0
    const m = mant | 0x800000; // implicit leading 1
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = m & ((1 << shift) - 1);
    let q = m >>> shift;
    if (rest > half || (rest === half && (q & 1))) q++;
    return sign | q;
  }
  let q = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (q & 1))) q++; // a carry into the exponent is correct
  return sign | q;
}

/** Little-endian bytes of `count` elements of `dtype`. */
export function encodeTensorData(dtype: DType, data: TypedArray | readonly number[], where: string): Uint8Array {
  const n = data.length;
  const bytes = DTYPE_BYTES[dtype];
  if (bytes === null) throw new ModelBuilderError(`${where}: cannot encode constant data of dtype ${dtype}`);
  const out = new Uint8Array(n * bytes);
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) {
    const v = data[i] as number | bigint;
    const o = i * bytes;
    switch (dtype) {
      case 'float32': view.setFloat32(o, Number(v), true); break;
      case 'float64': view.setFloat64(o, Number(v), true); break;
      case 'float16':
        view.setUint16(o, data instanceof Uint16Array ? Number(v) : float32ToFloat16Bits(Number(v)), true);
        break;
      case 'int8': view.setInt8(o, checkInt(v, -128, 127, where)); break;
      case 'uint8': case 'bool': view.setUint8(o, checkInt(v, 0, 255, where)); break;
      case 'int16': view.setInt16(o, checkInt(v, -32768, 32767, where)); break;
      case 'uint16': view.setUint16(o, checkInt(v, 0, 65535, where), true); break;
      case 'int32': view.setInt32(o, checkInt(v, -2147483648, 2147483647, where), true); break;
      case 'uint32': view.setUint32(o, checkInt(v, 0, 4294967295, where), true); break;
      case 'int64': view.setBigInt64(o, BigInt(v), true); break;
      case 'uint64': view.setBigUint64(o, BigInt(v), true); break;
      default: throw new ModelBuilderError(`${where}: cannot encode constant data of dtype ${dtype}`);
    }
  }
  return out;
}

function checkInt(v: number | bigint, lo: number, hi: number, where: string): number {
  const x = Number(v);
  if (!Number.isInteger(x) || x < lo || x > hi) throw new ModelBuilderError(`${where}: value ${x} is not in [${lo}, ${hi}]`);
  return x;
}

function toQuantization(q: QuantSpec | null | undefined, where: string): Quantization | null {
  if (!q) return null;
  const zeroPoint = q.zeroPoint ?? q.scale.map(() => 0);
  if (zeroPoint.length !== q.scale.length) throw new ModelBuilderError(`${where}: ${q.scale.length} scales but ${zeroPoint.length} zero points`);
  return {
    scale: q.scale.map(Math.fround), zeroPoint: [...zeroPoint], quantizedDimension: q.quantizedDimension ?? 0,
    min: null, max: null, custom: null,
  };
}

/** Builds a one-subgraph Model from named tensors and ops. */
export function buildModel(spec: GraphSpec): Model {
  const names = Object.keys(spec.tensors);
  const index = new Map(names.map((n, i) => [n, i]));
  const ref = (name: string, where: string): number => {
    const i = index.get(name);
    if (i === undefined) throw new ModelBuilderError(`${where}: unknown tensor '${name}'`);
    return i;
  };
  const buffers: Uint8Array[] = [new Uint8Array(0)];
  const tensors: Tensor[] = names.map((name) => {
    const t = spec.tensors[name];
    const where = `tensor '${name}'`;
    if (t.shape.some((d) => !Number.isInteger(d) || d < 0)) throw new ModelBuilderError(`${where}: bad shape [${t.shape}]`);
    let buffer = 0;
    if (t.data !== undefined) {
      if (t.data.length !== elementCount(t.shape)) {
        throw new ModelBuilderError(`${where}: ${t.data.length} values for shape [${t.shape}] (${elementCount(t.shape)} elements)`);
      }
      buffer = buffers.push(encodeTensorData(t.dtype, t.data, where)) - 1;
    }
    return {
      name, dtype: t.dtype, shape: [...t.shape], shapeSignature: t.shapeSignature ? [...t.shapeSignature] : null,
      buffer, quantization: toQuantization(t.quantization, where), isVariable: t.isVariable ?? false, hasRank: false,
    };
  });

  const operatorCodes: OperatorCode[] = [];
  const produced = new Set<number>();
  const consumed = new Set<number>();
  const operators: Operator[] = spec.ops.map((o, k) => {
    const where = `op ${k} (${o.op})`;
    const builtinCode = BuiltinOperator[o.op];
    if (builtinCode === undefined) throw new ModelBuilderError(`${where}: unknown op`);
    const version = o.version ?? 1;
    let opcodeIndex = operatorCodes.findIndex((c) => c.builtinCode === builtinCode && c.version === version);
    if (opcodeIndex < 0) opcodeIndex = operatorCodes.push({ builtinCode, customCode: null, version }) - 1;
    const inputs = o.inputs.map((n) => (n === null ? -1 : ref(n, where)));
    const outputs = o.outputs.map((n) => ref(n, where));
    for (const i of inputs) if (i >= 0) consumed.add(i);
    for (const i of outputs) {
      if (tensors[i].buffer !== 0) throw new ModelBuilderError(`${where}: output '${names[i]}' has constant data`);
      if (produced.has(i)) throw new ModelBuilderError(`${where}: output '${names[i]}' is produced twice`);
      produced.add(i);
    }
    return {
      opcodeIndex, inputs, outputs, options: o.options ?? null, customOptions: null,
      mutatingVariableInputs: [], intermediates: [],
    };
  });

  const all = names.map((_, i) => i);
  const inputs = spec.inputs
    ? spec.inputs.map((n) => ref(n, 'graph inputs'))
    : all.filter((i) => tensors[i].buffer === 0 && !tensors[i].isVariable && !produced.has(i) && consumed.has(i));
  const outputs = spec.outputs
    ? spec.outputs.map((n) => ref(n, 'graph outputs'))
    : all.filter((i) => produced.has(i) && !consumed.has(i));
  for (const i of inputs) {
    if (tensors[i].buffer !== 0 || tensors[i].isVariable) throw new ModelBuilderError(`graph input '${names[i]}' is a constant or variable`);
  }

  return {
    version: 3,
    description: spec.description ?? 'Quant Lab model builder',
    operatorCodes,
    subgraphs: [{ name: 'main', tensors, inputs, outputs, operators }],
    buffers,
    metadataBuffer: [],
    metadata: [],
    signatureDefs: [],
  };
}

/** One op: inputs without data become graph inputs (in order), all outputs become graph outputs. */
export function buildSingleOpModel(spec: SingleOpSpec): Model {
  const tensors: Record<string, TensorSpec> = {};
  const inputNames = spec.inputs.map((t, i) => {
    if (t === null) return null;
    const name = t.data !== undefined ? `const${i}` : t.isVariable ? `state${i}` : `input${i}`;
    tensors[name] = t;
    return name;
  });
  const outputNames = spec.outputs.map((t, i) => {
    tensors[`output${i}`] = t;
    return `output${i}`;
  });
  const graphInputs = inputNames.filter((n): n is string => n !== null && n.startsWith('input'));
  return buildModel({
    tensors,
    ops: [{ op: spec.op, version: spec.version, options: spec.options, inputs: inputNames, outputs: outputNames }],
    inputs: graphInputs,
    outputs: outputNames,
    description: `Quant Lab model builder: ${spec.op}`,
  });
}

// --- typed options with the defaults a test usually wants (strides/dilations 1, no activation) ---

const DEFAULTS: { [T in BuiltinOptions['type']]?: Omit<OptionsOf<T>, 'type'> } = {
  Conv2DOptions: { padding: 'VALID', strideW: 1, strideH: 1, fusedActivation: 'NONE', dilationW: 1, dilationH: 1, quantizedBiasType: 'float32' },
  DepthwiseConv2DOptions: { padding: 'VALID', strideW: 1, strideH: 1, depthMultiplier: 1, fusedActivation: 'NONE', dilationW: 1, dilationH: 1 },
  Pool2DOptions: { padding: 'VALID', strideW: 1, strideH: 1, filterWidth: 1, filterHeight: 1, fusedActivation: 'NONE' },
  FullyConnectedOptions: { fusedActivation: 'NONE', weightsFormat: 0, keepNumDims: false, asymmetricQuantizeInputs: false, quantizedBiasType: 'float32' },
  SoftmaxOptions: { beta: 1 },
  ConcatenationOptions: { axis: 0, fusedActivation: 'NONE' },
  AddOptions: { fusedActivation: 'NONE', potScaleInt16: true },
  SubOptions: { fusedActivation: 'NONE', potScaleInt16: true },
  MulOptions: { fusedActivation: 'NONE' },
  UnidirectionalSequenceLSTMOptions: {
    fusedActivation: 'TANH', cellClip: 0, projClip: 0, timeMajor: false, asymmetricQuantizeInputs: false, diagonalRecurrentTensors: false,
  },
  ResizeBilinearOptions: { alignCorners: false, halfPixelCenters: false },
  PadOptions: {},
  ReshapeOptions: { newShape: null },
  GatherOptions: { axis: 0, batchDims: 0 },
  ReducerOptions: { keepDims: false },
  StridedSliceOptions: { beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0, offset: false },
  CastOptions: { inDataType: 'float32', outDataType: 'float32' },
  DequantizeOptions: {},
  ExpandDimsOptions: {},
  ShapeOptions: { outType: 'int32' },
  PackOptions: { valuesCount: 1, axis: 0 },
  QuantizeOptions: {},
};

/** A complete options object of `type`: the defaults above overridden by `fields`. */
export function options<T extends Exclude<BuiltinOptions['type'], 'UnknownOptions' | 'SVDFOptions' | 'BatchMatMulOptions'>>(
  type: T,
  fields: Partial<Omit<OptionsOf<T>, 'type'>> = {},
): OptionsOf<T> {
  return { type, ...DEFAULTS[type], ...fields } as OptionsOf<T>;
}
