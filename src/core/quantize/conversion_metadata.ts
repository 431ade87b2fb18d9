// The "CONVERSION_METADATA" metadata entry the Python converter (TF ≥ 2.9) appends: a small
// flatbuffer (schema: tensorflow/compiler/mlir/lite/schema/conversion_metadata.fbs)
//   ConversionMetadata { environment: Environment, options: ConversionOptions }
//   Environment { tensorflow_version: string, api_version: uint, model_type: int, model_hash: uint64 }
//   ConversionOptions { model_optimization_modes: [int], allow_custom_ops, enable_select_tf_ops,
//                       force_select_tf_ops: bool, sparsity_block_sizes: [SparsityBlockSize] }
//   SparsityBlockSize { values: [uint] }
// After quantizing, the converter lists the optimization mode (PTQ_DYNAMIC_RANGE = 1002,
// PTQ_FLOAT16 = 1001) and the hash of the final graph. We decode the entry (never trusting it),
// add the mode, recompute the hash and re-encode; the environment is kept as it was.

import { Builder, ByteBuffer } from 'flatbuffers';
import type { Model } from '../tflite/ir';

export const CONVERSION_METADATA = 'CONVERSION_METADATA';
export const PTQ_FLOAT16 = 1001;
export const PTQ_DYNAMIC_RANGE = 1002;

export interface ConversionMetadata {
  environment: {
    tensorflowVersion: string | null;
    apiVersion: number;
    modelType: number;
    modelHash: bigint;
  } | null;
  options: {
    modelOptimizationModes: number[];
    allowCustomOps: boolean;
    enableSelectTfOps: boolean;
    forceSelectTfOps: boolean;
    sparsityBlockSizes: number[][];
  } | null;
}

class Bad extends Error {}

/** Bounds-checked reads over a small untrusted flatbuffer. */
class Reader {
  private readonly bb: ByteBuffer;
  constructor(private readonly bytes: Uint8Array) {
    this.bb = new ByteBuffer(bytes);
  }
  private check(pos: number, size: number): void {
    if (!Number.isInteger(pos) || pos < 0 || pos + size > this.bytes.length) throw new Bad();
  }
  u8(pos: number): number { this.check(pos, 1); return this.bb.readUint8(pos); }
  i32(pos: number): number { this.check(pos, 4); return this.bb.readInt32(pos); }
  u32(pos: number): number { this.check(pos, 4); return this.bb.readUint32(pos); }
  u64(pos: number): bigint { this.check(pos, 8); return this.bb.readUint64(pos); }
  /** Position of field `id`'s value in the table at `table`, or 0 when absent. */
  field(table: number, id: number): number {
    const vtable = table - this.i32(table);
    this.check(vtable, 4);
    const vlen = this.bb.readUint16(vtable);
    const at = 4 + 2 * id;
    if (at + 2 > vlen) return 0;
    this.check(vtable + at, 2);
    const off = this.bb.readUint16(vtable + at);
    return off === 0 ? 0 : table + off;
  }
  table(pos: number): number { return pos + this.u32(pos); }
  vector(pos: number, elemSize: number): { start: number; length: number } {
    const at = this.table(pos);
    const length = this.u32(at);
    this.check(at + 4, length * elemSize);
    return { start: at + 4, length };
  }
  string(pos: number): string {
    const { start, length } = this.vector(pos, 1);
    return new TextDecoder().decode(this.bytes.subarray(start, start + length));
  }
}

/** Decodes the entry; null when the bytes are not a well-formed ConversionMetadata. */
export function decodeConversionMetadata(bytes: Uint8Array): ConversionMetadata | null {
  try {
    const r = new Reader(bytes);
    const root = r.table(0);
    const envField = r.field(root, 0);
    const optField = r.field(root, 1);
    let environment: ConversionMetadata['environment'] = null;
    if (envField) {
      const t = r.table(envField);
      const f = (id: number) => r.field(t, id);
      environment = {
        tensorflowVersion: f(0) ? r.string(f(0)) : null,
        apiVersion: f(1) ? r.u32(f(1)) : 0,
        modelType: f(2) ? r.i32(f(2)) : 0,
        modelHash: f(3) ? r.u64(f(3)) : 0n,
      };
    }
    let options: ConversionMetadata['options'] = null;
    if (optField) {
      const t = r.table(optField);
      const f = (id: number) => r.field(t, id);
      const modes: number[] = [];
      if (f(0)) {
        const v = r.vector(f(0), 4);
        for (let i = 0; i < v.length; i++) modes.push(r.i32(v.start + 4 * i));
      }
      const blocks: number[][] = [];
      if (f(4)) {
        const v = r.vector(f(4), 4);
        for (let i = 0; i < v.length; i++) {
          const block = r.table(v.start + 4 * i);
          const values: number[] = [];
          const vf = r.field(block, 0);
          if (vf) {
            const vv = r.vector(vf, 4);
            for (let k = 0; k < vv.length; k++) values.push(r.u32(vv.start + 4 * k));
          }
          blocks.push(values);
        }
      }
      options = {
        modelOptimizationModes: modes,
        allowCustomOps: f(1) ? r.u8(f(1)) !== 0 : false,
        enableSelectTfOps: f(2) ? r.u8(f(2)) !== 0 : false,
        forceSelectTfOps: f(3) ? r.u8(f(3)) !== 0 : false,
        sparsityBlockSizes: blocks,
      };
    }
    return { environment, options };
  } catch (e) {
    if (e instanceof Bad) return null;
    throw e;
  }
}

/** Encodes like the Python object API: fields equal to their defaults are omitted. */
export function encodeConversionMetadata(m: ConversionMetadata): Uint8Array {
  const b = new Builder(128);
  let env = 0;
  if (m.environment) {
    const e = m.environment;
    const version = e.tensorflowVersion !== null ? b.createString(e.tensorflowVersion) : 0;
    b.startObject(4);
    if (version) b.addFieldOffset(0, version, 0);
    b.addFieldInt32(1, e.apiVersion | 0, 0);
    b.addFieldInt32(2, e.modelType, 0);
    b.addFieldInt64(3, BigInt.asIntN(64, e.modelHash), 0n);
    env = b.endObject();
  }
  let opts = 0;
  if (m.options) {
    const o = m.options;
    const modes = o.modelOptimizationModes.length ? int32Vector(b, o.modelOptimizationModes) : 0;
    let blocks = 0;
    if (o.sparsityBlockSizes.length) {
      const tables = o.sparsityBlockSizes.map((values) => {
        const v = int32Vector(b, values.map((x) => x | 0));
        b.startObject(1);
        b.addFieldOffset(0, v, 0);
        return b.endObject();
      });
      b.startVector(4, tables.length, 4);
      for (let i = tables.length - 1; i >= 0; i--) b.addOffset(tables[i]!);
      blocks = b.endVector();
    }
    b.startObject(5);
    if (modes) b.addFieldOffset(0, modes, 0);
    b.addFieldInt8(1, o.allowCustomOps ? 1 : 0, 0);
    b.addFieldInt8(2, o.enableSelectTfOps ? 1 : 0, 0);
    b.addFieldInt8(3, o.forceSelectTfOps ? 1 : 0, 0);
    if (blocks) b.addFieldOffset(4, blocks, 0);
    opts = b.endObject();
  }
  b.startObject(2);
  if (env) b.addFieldOffset(0, env, 0);
  if (opts) b.addFieldOffset(1, opts, 0);
  b.finish(b.endObject());
  return b.asUint8Array().slice();
}

function int32Vector(b: Builder, values: number[]): number {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i]!);
  return b.endVector();
}

const U64 = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7800n;

/**
 * The converter's model hash (python util.get_model_hash): h = 0; mix(h, v) =
 * h XOR (v + 0x9E3779B97F4A7800 + (h << 10) + (h >> 4)) in uint64; over each subgraph: operator
 * count, each operator's input then output indices, tensor count, for each tensor its data byte
 * length (when it has data) and its dims, then input and output counts.
 */
export function modelHash(model: Model): bigint {
  let h = 0n;
  const mix = (v: number) => {
    h = (h ^ ((BigInt.asUintN(64, BigInt(v)) + GOLDEN + ((h << 10n) & U64) + (h >> 4n)) & U64)) & U64;
  };
  for (const sg of model.subgraphs) {
    mix(sg.operators.length);
    for (const op of sg.operators) {
      for (const i of op.inputs) mix(i);
      for (const o of op.outputs) mix(o);
    }
    mix(sg.tensors.length);
    for (const t of sg.tensors) {
      const data = model.buffers[t.buffer];
      if (data && data.length > 0) mix(data.length);
      for (const d of t.shape) mix(d);
    }
    mix(sg.inputs.length);
    mix(sg.outputs.length);
  }
  return h;
}

/**
 * The entry updated for a quantized model: `mode` added to the optimization modes, hash of `model`
 * (when the entry had one).
 * Null when the old bytes do not decode (the caller then leaves the entry untouched).
 */
export function updatedConversionMetadata(old: Uint8Array, model: Model, mode: number): Uint8Array | null {
  const m = decodeConversionMetadata(old);
  if (!m) return null;
  const options = m.options ?? {
    modelOptimizationModes: [], allowCustomOps: false, enableSelectTfOps: false, forceSelectTfOps: false, sparsityBlockSizes: [],
  };
  const modes = options.modelOptimizationModes.includes(mode) ? options.modelOptimizationModes : [...options.modelOptimizationModes, mode];
  return encodeConversionMetadata({
    // Converters before model_hash existed left it 0 (absent); keep it so rather than invent one.
    environment: m.environment ? { ...m.environment, modelHash: m.environment.modelHash === 0n ? 0n : modelHash(model) } : null,
    options: { ...options, modelOptimizationModes: modes },
  });
}
