// A harness for kernel unit tests: builds the minimal IR (one Model, one Subgraph, one Operator)
// around a kernel, runs prepare() once and eval() on the given (or later, new) input values.
//
// Constant inputs are visible to prepare() (NodeTensor.constant), exactly as the interpreter
// shows a tensor that has a buffer; runtime inputs are only seen by eval().

import type { Numerics } from '../interpreter/official_path';
import type { DType, Model, Operator, Quantization, Tensor } from '../tflite/ir';
import type { BuiltinOptions } from '../tflite/options';
import type { EvalIO, Kernel, NodeTensor, PrepareContext, TensorValue, TypedArray } from '../interpreter/kernel';
import { allocTyped } from '../interpreter/util/typed';

export interface KernelInputSpec {
  value: TensorValue;
  /** true: the tensor has a buffer (a weight, a shape...), prepare() sees it. */
  constant?: boolean;
  name?: string;
  /** Static shape recorded in the IR; defaults to value.shape. */
  staticShape?: number[];
  isVariable?: boolean;
}

export interface KernelOutputSpec {
  dtype: DType;
  /** Static shape recorded in the IR (what a file would say); defaults to [] with hasRank false. */
  shape?: number[];
  quantization?: Quantization | null;
  name?: string;
}

export interface KernelRunSpec {
  opName: string;
  version?: number;
  options?: BuiltinOptions | null;
  nodeIndex?: number;
  /** null marks an omitted optional input (tensor index -1). */
  inputs: (KernelInputSpec | null)[];
  outputs: KernelOutputSpec[];
  /** Whose arithmetic the kernel reproduces (default: XNNPACK's, as for a static-shaped graph). */
  numerics?: Numerics;
}

export interface PreparedKernel {
  ctx: PrepareContext;
  state: unknown;
  /** Runs eval() with the spec's inputs, or with new values for the runtime (non-constant) ones,
   *  given in input order (constants keep their value; pass null or the same value for them). */
  run(replace?: (TensorValue | null)[]): TensorValue[];
}

function bytesOf(data: TypedArray): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}

export function constant(value: TensorValue, name?: string): KernelInputSpec {
  return { value, constant: true, name };
}

export function runtime(value: TensorValue, name?: string): KernelInputSpec {
  return { value, constant: false, name };
}

/** Builds the PrepareContext and runs prepare(); throws whatever prepare() throws. */
export function prepareKernel<S>(kernel: Kernel<S>, spec: KernelRunSpec): PreparedKernel {
  const tensors: Tensor[] = [];
  const buffers: Uint8Array[] = [new Uint8Array(0)];
  const inputIdx: number[] = [];
  const inputs: (NodeTensor | null)[] = [];
  for (const [i, inp] of spec.inputs.entries()) {
    if (inp === null) { inputIdx.push(-1); inputs.push(null); continue; }
    let buffer = 0;
    if (inp.constant) { buffers.push(bytesOf(inp.value.data)); buffer = buffers.length - 1; }
    const tensor: Tensor = {
      name: inp.name ?? `input_${i}`, dtype: inp.value.dtype, shape: inp.staticShape ?? inp.value.shape.slice(),
      shapeSignature: null, buffer, quantization: inp.value.quantization, isVariable: inp.isVariable ?? false,
      hasRank: true,
    };
    tensors.push(tensor);
    inputIdx.push(tensors.length - 1);
    inputs.push({ index: tensors.length - 1, tensor, constant: inp.constant ? inp.value : null });
  }
  const outputs: NodeTensor[] = spec.outputs.map((o, i) => {
    const tensor: Tensor = {
      name: o.name ?? `output_${i}`, dtype: o.dtype, shape: o.shape ?? [], shapeSignature: null, buffer: 0,
      quantization: o.quantization ?? null, isVariable: false, hasRank: o.shape !== undefined,
    };
    tensors.push(tensor);
    return { index: tensors.length - 1, tensor, constant: null };
  });
  const node: Operator = {
    opcodeIndex: 0, inputs: inputIdx, outputs: outputs.map((o) => o.index), options: spec.options ?? null,
    customOptions: null, mutatingVariableInputs: [], intermediates: [],
  };
  const nodeIndex = spec.nodeIndex ?? 0;
  const operators: Operator[] = [];
  for (let i = 0; i < nodeIndex; i++) operators.push(node); // so subgraph.operators[nodeIndex] is this node
  operators.push(node);
  const subgraph = {
    name: 'main', tensors, operators,
    inputs: inputs.filter((t): t is NodeTensor => t !== null && t.constant === null).map((t) => t.index),
    outputs: outputs.map((o) => o.index),
  };
  const version = spec.version ?? 1;
  const model: Model = {
    version: 3, description: 'run_kernel harness', operatorCodes: [{ builtinCode: -1, customCode: null, version }],
    subgraphs: [subgraph], buffers, metadataBuffer: [], metadata: [], signatureDefs: [],
  };
  const ctx: PrepareContext = {
    model, subgraph, node, nodeIndex, opName: spec.opName, version, options: spec.options ?? null, inputs, outputs,
    numerics: spec.numerics ?? 'xnnpack',
  };
  const state = kernel.prepare(ctx);

  const run = (replace?: (TensorValue | null)[]): TensorValue[] => {
    const values = spec.inputs.map((inp, i) => {
      if (inp === null) return null;
      if (inp.constant) return inp.value;
      return replace?.[i] ?? inp.value;
    });
    const results: (TensorValue | null)[] = spec.outputs.map(() => null);
    const io: EvalIO = {
      input: (i) => (i < values.length ? values[i] : null),
      output: (i, shape) => {
        const o = spec.outputs[i];
        if (o === undefined) throw new Error(`${spec.opName}: kernel asked for output ${i}, spec has ${spec.outputs.length}`);
        let n = 1;
        for (const d of shape) n *= d;
        const value: TensorValue = { dtype: o.dtype, shape: shape.slice(), data: allocTyped(o.dtype, n), quantization: o.quantization ?? null };
        results[i] = value;
        return value;
      },
    };
    kernel.eval(state, io);
    return results.map((r, i) => {
      if (r === null) throw new Error(`${spec.opName}: eval() never produced output ${i}`);
      return r;
    });
  };
  return { ctx, state, run };
}

/** prepare() + one eval() with the spec's inputs. */
export function runKernel<S>(kernel: Kernel<S>, spec: KernelRunSpec): TensorValue[] {
  return prepareKernel(kernel, spec).run();
}

/** Convenience constructors for test values. */
export function f32(shape: number[], data: ArrayLike<number>): TensorValue {
  return { dtype: 'float32', shape, data: Float32Array.from(data), quantization: null };
}

export function i32(shape: number[], data: ArrayLike<number>): TensorValue {
  return { dtype: 'int32', shape, data: Int32Array.from(data), quantization: null };
}

export function i64(shape: number[], data: ArrayLike<number>): TensorValue {
  return { dtype: 'int64', shape, data: BigInt64Array.from(Array.from(data, (v) => BigInt(v))), quantization: null };
}
