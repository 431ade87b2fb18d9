// The contract between the interpreter and its kernels.
//
// prepare(): runs once per operator when the interpreter is built. It sees types, static shapes,
//   options and constant data; it validates (throwing KernelError naming op and node) and
//   precomputes whatever does not depend on runtime inputs (repacked weights, row sums, scales).
// eval(): runs on every invoke. It reads input values, computes its output shape from the actual
//   input shapes (so a new batch size, or a RESHAPE fed by SHAPE/PACK at run time, just works),
//   asks io.output() for the output buffer and fills it with tight loops over typed arrays.

import type { DType, Model, Operator, Quantization, Subgraph, Tensor } from '../tflite/ir';
import type { BuiltinOptions } from '../tflite/options';
import type { Numerics } from './official_path';

export type TypedArray =
  | Float32Array | Float64Array | Int32Array | Uint8Array | Int8Array | Int16Array | Uint16Array
  | Uint32Array | BigInt64Array | BigUint64Array;

/** A runtime tensor value: data is a typed array of the dtype's element type, row-major. */
export interface TensorValue {
  dtype: DType;
  shape: number[];
  data: TypedArray;
  quantization: Quantization | null;
}

/** What prepare() sees of one operator input or output. */
export interface NodeTensor {
  index: number;
  tensor: Tensor;
  /** Decoded constant data when the tensor has a buffer, else null. */
  constant: TensorValue | null;
}

export interface PrepareContext {
  model: Model;
  subgraph: Subgraph;
  node: Operator;
  nodeIndex: number;
  opName: string;
  version: number;
  options: BuiltinOptions | null;
  /** null for an omitted optional input (-1). */
  inputs: (NodeTensor | null)[];
  outputs: NodeTensor[];
  /** Whose float arithmetic to reproduce: the official runtime runs this node on XNNPACK or on
   *  TFLite's builtin kernels (official_path.ts). */
  numerics: Numerics;
}

export interface EvalIO {
  /** Input i's current value, or null for an omitted optional input. */
  input(i: number): TensorValue | null;
  /** Output i with the given shape: a zero-initialised-or-reused buffer of the output's dtype. */
  output(i: number, shape: number[]): TensorValue;
}

export interface Kernel<S = unknown> {
  prepare(ctx: PrepareContext): S;
  eval(state: S, io: EvalIO): void;
}

/** A typed error raised by kernels and the interpreter: always names the op and node. */
export class KernelError extends Error {
  constructor(
    readonly opName: string,
    readonly nodeIndex: number,
    detail: string,
  ) {
    super(`${opName} (node ${nodeIndex}): ${detail}`);
    this.name = 'KernelError';
  }
}
