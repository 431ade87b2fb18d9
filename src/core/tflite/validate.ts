// Semantic checks of an IR Model, shared by the reader (after decoding a file) and the writer
// (before encoding one), so that both refuse exactly the same things:
// indices in range (buffers, opcodes, tensors, subgraphs), shapes non-negative with element
// counts that fit, constant buffer sizes matching shape × dtype, quantization vectors consistent.
// Everything is reported as a TfliteFormatError naming the tensor / operator by index and name.

import { describeTensor, TfliteFormatError, wherePath } from './errors';
import { DTYPE_BYTES, type Model, type Quantization, type Subgraph, type Tensor } from './ir';
import { operatorName } from './op_names';
import { packedByteSize } from './tensor_data';

/** Largest element count we accept for any tensor: beyond this nothing can allocate it anyway. */
export const MAX_ELEMENTS = 2 ** 32;
const INT32_MAX = 0x7fffffff;

const isInt = (v: unknown, lo: number, hi: number): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

export function validateModel(model: Model, fileName?: string): void {
  const fail = (where: string, detail: string): never => {
    throw new TfliteFormatError(detail, where, fileName);
  };
  const { buffers } = model;
  if (buffers.length === 0) fail('buffers', 'there is no buffer 0 (the empty sentinel)');
  buffers.forEach((b, i) => {
    if (!(b instanceof Uint8Array)) fail(`buffer ${i}`, 'is not a Uint8Array');
  });
  if (buffers[0]!.length !== 0) fail('buffer 0', `must be the empty sentinel but holds ${buffers[0]!.length} bytes`);

  model.operatorCodes.forEach((c, i) => {
    const where = `operator_code ${i}`;
    if (!isInt(c.builtinCode, 0, INT32_MAX)) fail(where, `builtin code ${c.builtinCode} is not a valid BuiltinOperator`);
    if (!isInt(c.version, -INT32_MAX - 1, INT32_MAX)) fail(where, `version ${c.version} is not an int32`);
  });
  model.metadataBuffer.forEach((b, i) => {
    if (!isInt(b, 0, buffers.length - 1)) fail(`metadata_buffer[${i}]`, `buffer index ${b} is out of range (${buffers.length} buffers)`);
  });
  model.metadata.forEach((m, i) => {
    if (!isInt(m.buffer, 0, buffers.length - 1)) {
      fail(`metadata ${i} '${m.name}'`, `buffer index ${m.buffer} is out of range (${buffers.length} buffers)`);
    }
  });
  model.subgraphs.forEach((sg, s) => validateSubgraph(model, sg, s, fail));
  model.signatureDefs.forEach((sig, i) => {
    const where = `signature_def ${i} '${sig.signatureKey}'`;
    const sg = model.subgraphs[sig.subgraphIndex];
    if (!isInt(sig.subgraphIndex, 0, INT32_MAX) || !sg) {
      fail(where, `subgraph index ${sig.subgraphIndex} is out of range (${model.subgraphs.length} subgraphs)`);
    }
    for (const m of [...sig.inputs, ...sig.outputs]) {
      if (!isInt(m.tensorIndex, 0, sg.tensors.length - 1)) {
        fail(where, `'${m.name}' refers to tensor ${m.tensorIndex}, out of range (${sg.tensors.length} tensors)`);
      }
    }
  });
}

type Fail = (where: string, detail: string) => never;

function validateSubgraph(model: Model, sg: Subgraph, s: number, fail: Fail): void {
  const n = sg.tensors.length;
  const sgWhere = `subgraph ${s}`;
  sg.tensors.forEach((t, i) => validateTensor(model, t, wherePath(sgWhere, describeTensor(i, t.name)), fail));
  const inRange = (list: number[], lo: number, where: string, what: string): void => {
    list.forEach((v) => {
      if (!isInt(v, lo, n - 1)) fail(where, `${what} tensor index ${v} is out of range (${n} tensors)`);
    });
  };
  inRange(sg.inputs, 0, sgWhere, 'input');
  inRange(sg.outputs, 0, sgWhere, 'output');
  sg.operators.forEach((op, i) => {
    const where = wherePath(sgWhere, `operator ${i} (${operatorName(model, op.opcodeIndex)})`);
    if (!isInt(op.opcodeIndex, 0, model.operatorCodes.length - 1)) {
      fail(where, `opcode index ${op.opcodeIndex} is out of range (${model.operatorCodes.length} operator codes)`);
    }
    inRange(op.inputs, -1, where, 'input'); // -1 = omitted optional input
    inRange(op.outputs, 0, where, 'output');
    inRange(op.intermediates, 0, where, 'intermediate');
    if (op.customOptions !== null && !(op.customOptions instanceof Uint8Array)) fail(where, 'custom options are not a Uint8Array');
  });
}

function validateTensor(model: Model, t: Tensor, where: string, fail: Fail): void {
  const bytesPer = DTYPE_BYTES[t.dtype];
  if (bytesPer === undefined) fail(where, `dtype '${t.dtype}' is not a TFLite TensorType`);
  let count = 1;
  for (const d of t.shape) {
    if (!isInt(d, 0, INT32_MAX)) fail(where, `shape [${t.shape}] has an invalid dimension ${d}`);
    count *= d;
  }
  if (count > MAX_ELEMENTS) fail(where, `shape [${t.shape}] has ${count} elements, more than ${MAX_ELEMENTS}`);
  if (t.shapeSignature !== null) {
    if (t.shapeSignature.length !== t.shape.length) {
      fail(where, `shape_signature [${t.shapeSignature}] and shape [${t.shape}] differ in rank`);
    }
    for (const d of t.shapeSignature) {
      if (!isInt(d, -1, INT32_MAX)) fail(where, `shape_signature [${t.shapeSignature}] has an invalid dimension ${d}`);
    }
  }
  if (!isInt(t.buffer, 0, model.buffers.length - 1)) {
    fail(where, `buffer index ${t.buffer} is out of range (${model.buffers.length} buffers)`);
  }
  const data = model.buffers[t.buffer]!;
  if (data.length > 0) {
    const expected = bytesPer !== null ? count * bytesPer : packedByteSize(t.dtype, count);
    if (expected !== null && data.length !== expected) {
      fail(where, `constant buffer ${t.buffer} holds ${data.length} bytes but ${t.dtype}[${t.shape}] needs ${expected}`);
    }
  }
  if (t.quantization) validateQuantization(t, t.quantization, where, fail);
}

function validateQuantization(t: Tensor, q: Quantization, where: string, fail: Fail): void {
  const nScale = q.scale.length;
  if (nScale !== q.zeroPoint.length) {
    fail(where, `quantization has ${nScale} scales but ${q.zeroPoint.length} zero points; they must match`);
  }
  if (!isInt(q.quantizedDimension, 0, INT32_MAX)) fail(where, `quantized_dimension ${q.quantizedDimension} is invalid`);
  // One scale is per-tensor whatever quantized_dimension says; several scales must be one per slice
  // of quantized_dimension. Exception kept readable on purpose: TFLite Micro files (person_detect)
  // give rank-1 per-channel biases the filter's axis (3). The full runtime refuses those when it
  // builds an interpreter, so kernels must still check quantizedDimension < rank themselves.
  const microBias = t.shape.length === 1 && t.shape[0] === nScale;
  if (nScale > 1 && !microBias) {
    const qd = q.quantizedDimension;
    if (qd >= t.shape.length) {
      fail(where, `quantized_dimension ${qd} is out of range for shape [${t.shape}]`);
    }
    if (t.shape[qd] !== nScale) {
      fail(where, `${nScale} scales do not match shape[${qd}] = ${t.shape[qd]} (shape [${t.shape}])`);
    }
  }
  for (const z of q.zeroPoint) {
    if (!Number.isSafeInteger(z)) fail(where, `zero point ${z} is not an integer within ±2^53`);
  }
  for (const v of q.scale) if (typeof v !== 'number') fail(where, `scale ${String(v)} is not a number`);
  if (q.custom !== null && !(q.custom instanceof Uint8Array)) fail(where, 'custom quantization is not a Uint8Array');
}
