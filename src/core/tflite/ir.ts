// The plain model the whole app works with. Nothing outside src/core/tflite touches flatbuffers:
// reader.ts turns bytes into this, writer.ts turns this into bytes.
//
// The IR mirrors the official schema (tensorflow/compiler/mlir/lite/schema/schema.fbs) but with
// names that say what things are, resolved op codes, and plain arrays. Treat it as immutable:
// transforms build a new Model and share untouched parts (buffers, tensors) with the input.

import type { BuiltinOptions } from './options';

/** TensorType from the schema, by name. The index in DTYPES is the schema's enum value. */
export const DTYPES = [
  'float32', 'float16', 'int32', 'uint8', 'int64', 'string', 'bool', 'int16', 'complex64', 'int8',
  'float64', 'complex128', 'uint64', 'resource', 'variant', 'uint32', 'uint16', 'int4', 'bfloat16',
  'int2', 'uint4', 'float8_e4m3fn', 'float8_e5m2',
] as const;
export type DType = (typeof DTYPES)[number];

/** Bytes per element; null where the size is not fixed (string, resource, variant) or sub-byte. */
export const DTYPE_BYTES: Record<DType, number | null> = {
  float32: 4, float16: 2, int32: 4, uint8: 1, int64: 8, string: null, bool: 1, int16: 2,
  complex64: 8, int8: 1, float64: 8, complex128: 16, uint64: 8, resource: null, variant: null,
  uint32: 4, uint16: 2, int4: null, bfloat16: 2, int2: null, uint4: null, float8_e4m3fn: 1,
  float8_e5m2: 1,
};

/** Affine quantization: real = scale * (q - zeroPoint), one entry per channel of quantizedDimension. */
export interface Quantization {
  scale: number[]; // float32 values (each exactly representable as float32)
  zeroPoint: number[]; // int64 in the file; values beyond ±2^53 are refused by the reader
  quantizedDimension: number;
  min: number[] | null; // float32, only kept for import back into TensorFlow
  max: number[] | null;
  /** CustomQuantization bytes, when the file uses that (the only details type we keep). */
  custom: Uint8Array | null;
}

export interface Tensor {
  name: string;
  dtype: DType;
  /** Static shape; for a dynamic batch the file stores 1 here and -1 in shapeSignature. */
  shape: number[];
  shapeSignature: number[] | null;
  /** Index into Model.buffers; 0 is the empty sentinel (no constant data). */
  buffer: number;
  /** null when the file has no quantization parameters (absent or an empty table). */
  quantization: Quantization | null;
  isVariable: boolean;
  hasRank: boolean;
}

export interface OperatorCode {
  /** Resolved BuiltinOperator: max(deprecated_builtin_code, builtin_code). */
  builtinCode: number;
  customCode: string | null;
  version: number;
}

export interface Operator {
  opcodeIndex: number;
  /** Tensor indices; -1 marks an omitted optional input. */
  inputs: number[];
  outputs: number[];
  options: BuiltinOptions | null;
  customOptions: Uint8Array | null;
  mutatingVariableInputs: boolean[];
  intermediates: number[];
}

export interface Subgraph {
  name: string;
  tensors: Tensor[];
  inputs: number[];
  outputs: number[];
  operators: Operator[];
}

export interface Metadata {
  name: string;
  buffer: number;
}

export interface TensorMap {
  name: string;
  tensorIndex: number;
}

export interface SignatureDef {
  signatureKey: string;
  subgraphIndex: number;
  inputs: TensorMap[];
  outputs: TensorMap[];
}

export interface Model {
  /** Schema version (3 for every current file). */
  version: number;
  description: string;
  operatorCodes: OperatorCode[];
  subgraphs: Subgraph[];
  /** Raw little-endian bytes of each buffer; buffers[0] is the empty sentinel. */
  buffers: Uint8Array[];
  /** The deprecated Model.metadata_buffer list, kept as read. */
  metadataBuffer: number[];
  metadata: Metadata[];
  signatureDefs: SignatureDef[];
}

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
