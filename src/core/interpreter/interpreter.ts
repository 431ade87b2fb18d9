// Runs one subgraph of a float or dynamic-range model, node by node in file order (as TFLite).
//
// create():  read the file (if bytes) → refuse full-integer graphs → refuse unsupported ops,
//            versions and custom ops (all listed, before anything runs) → check every node input is a
//            constant, a graph input, a variable or an earlier node's output → decode constants
//            once → initialise variable tensors → prepare() every node.
// invoke():  validate the inputs (count, dtype, rank, element count; only the batch dimension, or
//            a dimension the file's shape_signature marks -1, may differ) → eval() every node →
//            return copies of the graph outputs. Shapes propagate through eval, so one invoke can
//            carry many images. Activation buffers come from a BufferPool: a tensor's buffer is
//            recycled after its last reader, so repeated invokes allocate nothing new.
// Variable tensors (e.g. LSTM state) live in their own buffers, kept across invokes; reset()
// restores them from the file (or zeros).

import { readModel } from '../tflite/reader';
import { operatorCodeName } from '../tflite/op_names';
import { constantData } from '../tflite/tensor_data';
import { DTYPE_BYTES, elementCount, type DType, type Model, type Operator, type Quantization, type Subgraph, type Tensor } from '../tflite/ir';
import { BufferPool } from './buffer_pool';
import { FullIntegerModelError, InterpreterInputError, UnsupportedOpError, type UnsupportedOp } from './errors';
import { KernelError, type EvalIO, type Kernel, type NodeTensor, type PrepareContext, type TensorValue, type TypedArray } from './kernel';
import { officialNumerics } from './official_path';
import { findKernel } from './registry';
import { allocTyped, dtypeOfArray, isRuntimeDType, matchesDType } from './util/typed';

export interface InterpreterOptions {
  /** Subgraph to run (default 0). */
  subgraph?: number;
  /** File name for error messages when bytes are given. */
  fileName?: string;
  /** Measure time per node on every invoke (see nodeTimings()). */
  profile?: boolean;
}

/** A graph input or output as the file describes it. */
export interface TensorInfo {
  index: number;
  name: string;
  dtype: DType;
  /** Static shape from the file (batch usually 1). */
  shape: readonly number[];
  /** -1 marks a dynamic dimension; null when the file has none. */
  shapeSignature: readonly number[] | null;
  quantization: Quantization | null;
}

export interface NodeTiming {
  nodeIndex: number;
  opName: string;
  ms: number;
}

interface Node {
  index: number;
  opName: string;
  op: Operator;
  kernel: Kernel<unknown>;
  state: unknown;
  /** Tensors whose pooled buffer can be recycled after this node ran. */
  releaseAfter: number[];
}

const INTEGER_ACTIVATION_TYPES: readonly DType[] = ['int8', 'uint8', 'int16'];
/** Largest activation tensor we allocate (a typed array's practical limit in browsers). */
const MAX_TENSOR_BYTES = 2 ** 31 - 1;

export class Interpreter {
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  private readonly nodes: Node[] = [];
  /** Current value of every tensor of the subgraph (null: not computed yet / released). */
  private readonly values: (TensorValue | null)[];
  /** Values that are never released: constants and variables. */
  private readonly persistent: boolean[];
  private readonly pooled: boolean[];
  private readonly pool = new BufferPool();
  private readonly variableInit: Map<number, TypedArray> = new Map();
  private timings: Float64Array | null;
  /** Per node: tensors whose last reader it is (their buffers go back to the pool after it). */
  private releasePlan: number[][] = [];
  private readonly io: NodeIO;

  private constructor(
    readonly model: Model,
    readonly subgraph: Subgraph,
    readonly subgraphIndex: number,
    options: InterpreterOptions,
  ) {
    const tensors = subgraph.tensors;
    this.values = new Array<TensorValue | null>(tensors.length).fill(null);
    this.persistent = new Array<boolean>(tensors.length).fill(false);
    this.pooled = new Array<boolean>(tensors.length).fill(false);
    this.inputs = subgraph.inputs.map((i) => infoOf(i, tensors[i]));
    this.outputs = subgraph.outputs.map((i) => infoOf(i, tensors[i]));
    this.timings = options.profile ? new Float64Array(subgraph.operators.length) : null;
    this.io = new NodeIO(this.values, this.pooled, this.pool, tensors);
  }

  static create(modelOrBytes: Model | Uint8Array, options: InterpreterOptions = {}): Interpreter {
    const model = modelOrBytes instanceof Uint8Array ? readModel(modelOrBytes, options.fileName) : modelOrBytes;
    const sgIndex = options.subgraph ?? 0;
    const subgraph = model.subgraphs[sgIndex];
    if (subgraph === undefined) {
      throw new InterpreterInputError(-1, `the model has ${model.subgraphs.length} subgraph(s); subgraph ${sgIndex} does not exist`);
    }
    refuseFullInteger(model, subgraph);
    const kernels = resolveKernels(model, subgraph);
    const interp = new Interpreter(model, subgraph, sgIndex, options);
    interp.initTensors();
    interp.checkDataflow();
    interp.prepareNodes(kernels);
    return interp;
  }

  /** Runs the graph. Inputs: one per graph input, as TensorValues or bare typed arrays (whose
   *  shape is the file's, or [n, ...the file's other dims] when the length is a multiple). Returns
   *  fresh copies of the graph outputs. */
  invoke(inputs: readonly (TensorValue | TypedArray)[]): TensorValue[] {
    if (inputs.length !== this.inputs.length) {
      throw new InterpreterInputError(-1, `the model takes ${this.inputs.length} input(s), got ${inputs.length}`);
    }
    for (let i = 0; i < inputs.length; i++) {
      this.values[this.inputs[i].index] = this.checkInput(i, inputs[i]);
    }
    try {
      const t = this.timings;
      for (const node of this.nodes) {
        const t0 = t ? performance.now() : 0;
        this.io.node = node.op;
        try {
          node.kernel.eval(node.state, this.io);
        } catch (e) {
          // Kernels throw KernelError for bad input; anything else (e.g. memory exhausted) still
          // gets the op and node named.
          if (e instanceof KernelError) throw e;
          throw new KernelError(node.opName, node.index, `failed: ${e instanceof Error ? e.message : String(e)}`);
        }
        if (t) t[node.index] = performance.now() - t0;
        for (const r of node.releaseAfter) this.release(r);
      }
      return this.outputs.map((o) => {
        const v = this.values[o.index];
        if (v === null) throw new KernelError('graph', -1, `output tensor ${o.index} '${o.name}' was never computed`);
        return { dtype: v.dtype, shape: v.shape.slice(), data: v.data.slice(), quantization: v.quantization };
      });
    } finally {
      // Recycle everything still held (graph outputs, buffers of a failed invoke) and forget inputs.
      for (let t = 0; t < this.values.length; t++) if (this.pooled[t]) this.release(t);
      for (const inp of this.inputs) if (!this.persistent[inp.index]) this.values[inp.index] = null;
    }
  }

  /** Restores every variable tensor (LSTM state...) to its initial value. */
  reset(): void {
    for (const [t, init] of this.variableInit) (this.values[t]!.data as Float32Array).set(init as Float32Array);
  }

  /** Per-node times of the last invoke (only with options.profile). */
  nodeTimings(): NodeTiming[] {
    const t = this.timings;
    if (t === null) return [];
    return this.nodes.map((n) => ({ nodeIndex: n.index, opName: n.opName, ms: t[n.index] }));
  }

  /** Bytes currently held for activations (pooled buffers). */
  get activationBytes(): number {
    return this.pool.allocatedBytes;
  }

  private initTensors(): void {
    const { model, subgraph } = this;
    const produced = new Set<number>(subgraph.operators.flatMap((op) => op.outputs));
    const graphInputs = new Set<number>(subgraph.inputs);
    subgraph.tensors.forEach((tensor, t) => {
      let data = constantData(model, tensor);
      // A constant with no elements (e.g. RESHAPE's shape [] for a scalar) has an empty buffer,
      // like an activation: it is a constant when nothing writes it and it is not a graph input.
      if (data === null && !tensor.isVariable && tensor.buffer !== 0 && elementCount(tensor.shape) === 0 &&
        !produced.has(t) && !graphInputs.has(t) && isRuntimeDType(tensor.dtype)) {
        data = allocTyped(tensor.dtype, 0);
      }
      if (tensor.isVariable) {
        if (!isRuntimeDType(tensor.dtype)) {
          throw new KernelError('graph', -1, `variable tensor ${t} '${tensor.name}' has type ${tensor.dtype}, which cannot be held`);
        }
        const init = data ?? allocTyped(tensor.dtype, elementCount(tensor.shape));
        this.variableInit.set(t, init);
        this.values[t] = { dtype: tensor.dtype, shape: tensor.shape.slice(), data: init.slice(), quantization: tensor.quantization };
        this.persistent[t] = true;
      } else if (data !== null) {
        this.values[t] = { dtype: tensor.dtype, shape: tensor.shape.slice(), data, quantization: tensor.quantization };
        this.persistent[t] = true;
      }
    });
  }

  /** Every node input must exist when the node runs; computes when each buffer can be recycled. */
  private checkDataflow(): void {
    const { subgraph } = this;
    const available = new Set<number>(subgraph.inputs);
    this.persistent.forEach((p, t) => p && available.add(t));
    const lastUse = new Map<number, number>();
    subgraph.operators.forEach((op, n) => {
      const name = operatorCodeName(this.model.operatorCodes[op.opcodeIndex]);
      for (const t of op.inputs) {
        if (t < 0) continue;
        if (!available.has(t)) {
          const tensor = subgraph.tensors[t];
          throw new KernelError(name, n, `reads tensor ${t} '${tensor.name}' before any operator writes it (and it is not a graph input or constant)`);
        }
        lastUse.set(t, n);
      }
      for (const t of op.outputs) {
        available.add(t);
        if (!lastUse.has(t) || lastUse.get(t)! < n) lastUse.set(t, n);
      }
    });
    const keep = new Set<number>([...subgraph.outputs, ...subgraph.inputs]);
    this.releasePlan = subgraph.operators.map(() => [] as number[]);
    for (const [t, n] of lastUse) {
      if (!keep.has(t) && !this.persistent[t]) this.releasePlan[n].push(t);
    }
  }

  private prepareNodes(kernels: Kernel<unknown>[]): void {
    const { model, subgraph } = this;
    const nodeTensor = (t: number): NodeTensor => {
      const tensor = subgraph.tensors[t];
      const isConst = this.persistent[t] && !tensor.isVariable;
      return { index: t, tensor, constant: isConst ? this.values[t] : null };
    };
    const numerics = officialNumerics(model, subgraph, (t) => this.persistent[t] && !subgraph.tensors[t].isVariable);
    subgraph.operators.forEach((op, n) => {
      const code = model.operatorCodes[op.opcodeIndex];
      const ctx: PrepareContext = {
        model, subgraph, node: op, nodeIndex: n, opName: operatorCodeName(code), version: code.version, options: op.options,
        inputs: op.inputs.map((t) => (t < 0 ? null : nodeTensor(t))),
        outputs: op.outputs.map((t) => nodeTensor(t)),
        numerics,
      };
      const kernel = kernels[n];
      const state = kernel.prepare(ctx);
      this.nodes.push({ index: n, opName: ctx.opName, op, kernel, state, releaseAfter: this.releasePlan[n] });
    });
  }

  private release(t: number): void {
    const v = this.values[t];
    if (this.pooled[t] && v !== null) this.pool.give(v.data);
    this.pooled[t] = false;
    this.values[t] = null;
  }

  private checkInput(i: number, given: TensorValue | TypedArray): TensorValue {
    const info = this.inputs[i];
    const what = `'${info.name}' (${info.dtype} [${info.shape.join(',')}])`;
    if (ArrayBuffer.isView(given)) {
      const data = given as TypedArray;
      if (!matchesDType(info.dtype, data)) throw new InterpreterInputError(i, `${what} needs ${info.dtype} data, got a ${data.constructor.name}`);
      const full = elementCount(info.shape);
      if (data.length === full) return { dtype: info.dtype, shape: info.shape.slice(), data, quantization: info.quantization };
      const inner = elementCount(info.shape.slice(1));
      if (info.shape.length >= 1 && inner > 0 && data.length % inner === 0 && data.length > 0) {
        return { dtype: info.dtype, shape: [data.length / inner, ...info.shape.slice(1)], data, quantization: info.quantization };
      }
      throw new InterpreterInputError(i, `${what} holds ${full} values per item; got ${data.length}`);
    }
    const v = given as TensorValue;
    if (v.dtype !== info.dtype) throw new InterpreterInputError(i, `${what} needs ${info.dtype}, got ${v.dtype}`);
    if (!matchesDType(v.dtype, v.data)) {
      throw new InterpreterInputError(i, `${what}: data is a ${dtypeOfArray(v.data)} array, not ${v.dtype}`);
    }
    if (v.data.length !== elementCount(v.shape)) {
      throw new InterpreterInputError(i, `${what}: shape [${v.shape.join(',')}] needs ${elementCount(v.shape)} values, data has ${v.data.length}`);
    }
    if (v.shape.length !== info.shape.length) {
      throw new InterpreterInputError(i, `${what}: got rank ${v.shape.length} [${v.shape.join(',')}]`);
    }
    for (let d = 1; d < v.shape.length; d++) {
      if (v.shape[d] !== info.shape[d] && info.shapeSignature?.[d] !== -1) {
        throw new InterpreterInputError(i, `${what}: got [${v.shape.join(',')}]; only the batch (first) dimension may differ`);
      }
    }
    return v;
  }
}

/** The EvalIO every kernel sees, re-pointed at the current node (no allocation per node). */
class NodeIO implements EvalIO {
  node: Operator | null = null;
  constructor(
    private readonly values: (TensorValue | null)[],
    private readonly pooled: boolean[],
    private readonly pool: BufferPool,
    private readonly tensors: Tensor[],
  ) {}

  input(i: number): TensorValue | null {
    const t = this.node!.inputs[i];
    if (t === undefined || t < 0) return null;
    return this.values[t];
  }

  output(i: number, shape: number[]): TensorValue {
    const t = this.node!.outputs[i];
    const tensor = this.tensors[t];
    const bytes = elementCount(shape) * (DTYPE_BYTES[tensor.dtype] ?? 1);
    if (!(bytes <= MAX_TENSOR_BYTES)) {
      throw new Error(`output tensor ${t} '${tensor.name}' would need ${bytes} bytes for shape [${shape.join(',')}] (limit ${MAX_TENSOR_BYTES})`);
    }
    const prev = this.values[t];
    if (prev !== null && tensor.isVariable) {
      // A variable written as an output keeps its own persistent buffer (and so its size).
      if (elementCount(shape) !== prev.data.length) {
        throw new KernelError('graph', -1, `variable tensor ${t} '${tensor.name}' holds ${prev.data.length} values; an operator wrote shape [${shape.join(',')}]`);
      }
      prev.shape = shape.slice();
      return prev;
    }
    if (this.pooled[t] && prev !== null) this.pool.give(prev.data);
    const value: TensorValue = {
      dtype: tensor.dtype, shape: shape.slice(), data: this.pool.take(tensor.dtype, elementCount(shape)), quantization: tensor.quantization,
    };
    this.values[t] = value;
    this.pooled[t] = true;
    return value;
  }
}

function infoOf(index: number, t: Tensor): TensorInfo {
  return { index, name: t.name, dtype: t.dtype, shape: t.shape, shapeSignature: t.shapeSignature, quantization: t.quantization };
}

/** Finds every operator's kernel, or throws UnsupportedOpError listing all that have none. */
function resolveKernels(model: Model, subgraph: Subgraph): Kernel<unknown>[] {
  const problems: UnsupportedOp[] = [];
  const kernels: Kernel<unknown>[] = [];
  subgraph.operators.forEach((op, n) => {
    const code = model.operatorCodes[op.opcodeIndex];
    const name = operatorCodeName(code);
    const add = (reason: string) => problems.push({ nodeIndex: n, opName: name, version: code.version, reason });
    if (code.customCode !== null || name.startsWith('CUSTOM')) {
      add(`custom operator '${code.customCode ?? ''}' is not supported (only TFLite builtin ops run here)`);
      return;
    }
    const entry = findKernel(name);
    if (entry === undefined) {
      add(`operator ${name} is not supported by this interpreter`);
    } else if (code.version > entry.maxVersion || code.version < 1) {
      add(`version ${code.version} is not supported (${name} supports versions 1–${entry.maxVersion})`);
    } else {
      kernels[n] = entry.kernel;
    }
  });
  if (problems.length > 0) throw new UnsupportedOpError(problems);
  return kernels;
}

/** Refuses graphs whose activations are quantized integers (constants, e.g. the int8 weights of
 *  a hybrid op, are fine: they are never activations). */
function refuseFullInteger(model: Model, subgraph: Subgraph): void {
  subgraph.tensors.forEach((t, i) => {
    const hasData = (model.buffers[t.buffer]?.length ?? 0) > 0;
    if (hasData && !t.isVariable) return;
    if (!INTEGER_ACTIVATION_TYPES.includes(t.dtype)) return;
    if (t.quantization === null || t.quantization.scale.length === 0) return;
    const role = subgraph.inputs.includes(i) ? 'input' : subgraph.outputs.includes(i) ? 'output' : 'activation';
    throw new FullIntegerModelError(i, t.name, `${role} tensor ${i} '${t.name}' is quantized ${t.dtype}`);
  });
}
