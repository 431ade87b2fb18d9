// .tflite bytes → IR Model. Never trusts the file:
//   1. verify.ts checks the flatbuffer structure (every offset, vtable, vector and string inside the
//      file, alignment, depth) so the generated accessors below can only read inside the file;
//   2. this file decodes through the generated classes, refusing what the IR cannot represent
//      (sparse tensors, external buffers, BuiltinOptions2, unknown quantization details, zero
//      points beyond ±2^53, enum values out of range);
//   3. validate.ts checks indices, shapes, buffer sizes and quantization consistency.
// Every failure is a TfliteFormatError naming the file (if given) and the tensor/operator.
//
// Buffers: each non-empty buffer is COPIED into its own ArrayBuffer (byteOffset 0), so typed views
// of it are always aligned, it can be transferred to a worker on its own, and the IR does not keep
// the whole file alive. Vectors of scalars are read element by element (never the generated
// *Array() views, which throw on unaligned data).

import { ByteBuffer } from 'flatbuffers';
import { describeTensor, TfliteFormatError, wherePath } from './errors';
import * as fb from './generated/tflite_generated';
import type { Metadata, Model, Operator, OperatorCode, Quantization, SignatureDef, Subgraph, Tensor, TensorMap } from './ir';
import { opName } from './op_names';
import { dtype, readOptions, type Fail } from './read_options';
import { validateModel } from './validate';
import { verifyFlatbuffer } from './verify';
import { MODEL } from './verify_schema';

const EMPTY = new Uint8Array(0);

export function readModel(bytes: Uint8Array, fileName?: string): Model {
  if (!(bytes instanceof Uint8Array)) throw new TfliteFormatError('input is not a Uint8Array', '', fileName);
  const { rootPos } = verifyFlatbuffer(bytes, MODEL, 'TFL3', fileName);
  const bb = new ByteBuffer(bytes);
  const m = new fb.Model().__init(rootPos, bb);
  const failAt = (where: string): Fail => (detail: string) => {
    throw new TfliteFormatError(detail, where, fileName);
  };

  const operatorCodes = list(m.operatorCodesLength(), (i) => readOperatorCode(m.operatorCodes(i)!, failAt(`operator_code ${i}`)));
  const buffers = list(m.buffersLength(), (i) => readBuffer(m.buffers(i)!, failAt(`buffer ${i}`)));
  if (buffers.length === 0) buffers.push(EMPTY); // a file without buffers still has the sentinel
  const model: Model = {
    version: m.version(),
    description: m.description() ?? '',
    operatorCodes,
    subgraphs: list(m.subgraphsLength(), (s) => readSubgraph(m.subgraphs(s)!, s, operatorCodes, failAt)),
    buffers,
    metadataBuffer: list(m.metadataBufferLength(), (i) => m.metadataBuffer(i)!),
    metadata: list(m.metadataLength(), (i) => readMetadata(m.metadata(i)!)),
    signatureDefs: list(m.signatureDefsLength(), (i) => readSignatureDef(m.signatureDefs(i)!)),
  };
  validateModel(model, fileName);
  return model;
}

function list<T>(n: number, get: (i: number) => T): T[] {
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = get(i);
  return out;
}

function readOperatorCode(c: fb.OperatorCode, fail: Fail): OperatorCode {
  const deprecated = c.deprecatedBuiltinCode();
  const builtin = c.builtinCode() as number;
  if (deprecated < 0) fail(`deprecated_builtin_code ${deprecated} is negative`);
  if (builtin < 0) fail(`builtin_code ${builtin} is negative`);
  // Old files only have the int8 deprecated field; new ones put 127 there for codes above 127.
  return { builtinCode: Math.max(deprecated, builtin), customCode: c.customCode(), version: c.version() };
}

function readBuffer(b: fb.Buffer, fail: Fail): Uint8Array {
  const offset = b.offset();
  if (offset > 1n) {
    fail(`data is stored outside the flatbuffer (offset ${offset}, size ${b.size()}); external buffers are not supported`);
  }
  const data = b.dataArray(); // a Uint8Array view: no alignment needed; verified in range
  return data && data.length > 0 ? data.slice() : EMPTY;
}

function readSubgraph(g: fb.SubGraph, s: number, codes: OperatorCode[], failAt: (w: string) => Fail): Subgraph {
  const sg = `subgraph ${s}`;
  return {
    name: g.name() ?? '',
    tensors: list(g.tensorsLength(), (i) => readTensor(g.tensors(i)!, (t) => failAt(wherePath(sg, describeTensor(i, t))))),
    inputs: list(g.inputsLength(), (i) => g.inputs(i)!),
    outputs: list(g.outputsLength(), (i) => g.outputs(i)!),
    operators: list(g.operatorsLength(), (i) => {
      const op = g.operators(i)!;
      const code = codes[op.opcodeIndex()];
      const name = code ? opName(code.builtinCode) : `opcode ${op.opcodeIndex()}?`;
      return readOperator(op, failAt(wherePath(sg, `operator ${i} (${name})`)));
    }),
  };
}

function readTensor(t: fb.Tensor, failFor: (name: string) => Fail): Tensor {
  const name = t.name() ?? '';
  const fail = failFor(name);
  if (t.sparsity() !== null) fail('is a sparse tensor; sparse tensors are not supported');
  // Official Tensor.external_buffer (field 10, vtable slot 24; verified like our own fields).
  const external = t.bb!.__offset(t.bb_pos, 24);
  if (external !== 0 && t.bb!.readUint32(t.bb_pos + external) !== 0) {
    fail('keeps its data in an external file (external_buffer); not supported');
  }
  // Field 7: present-but-empty and absent must stay distinct for a faithful round trip.
  const hasSignature = t.bb!.__offset(t.bb_pos, 18) !== 0;
  return {
    name,
    dtype: dtype(t.type(), fail),
    shape: list(t.shapeLength(), (i) => t.shape(i)!),
    shapeSignature: hasSignature ? list(t.shapeSignatureLength(), (i) => t.shapeSignature(i)!) : null,
    buffer: t.buffer(),
    quantization: readQuantization(t.quantization(), fail),
    isVariable: t.isVariable(),
    hasRank: t.hasRank(),
  };
}

function readQuantization(q: fb.QuantizationParameters | null, fail: Fail): Quantization | null {
  if (q === null) return null;
  const present = (slot: number): boolean => q.bb!.__offset(q.bb_pos, slot) !== 0;
  const detailsType = q.detailsType() as number;
  let custom: Uint8Array | null = null;
  if (detailsType === fb.QuantizationDetails.CustomQuantization) {
    const c = q.details(new fb.CustomQuantization()) as fb.CustomQuantization | null;
    if (c === null) fail('quantization details type is CustomQuantization but the table is missing');
    custom = (c.customArray() ?? EMPTY).slice();
  } else if (detailsType !== fb.QuantizationDetails.NONE) {
    fail(`quantization details type ${detailsType} (blockwise or other) is not supported`);
  }
  const zeroPoint = list(q.zeroPointLength(), (i) => {
    const z = q.zeroPoint(i)!;
    if (z > BigInt(Number.MAX_SAFE_INTEGER) || z < BigInt(Number.MIN_SAFE_INTEGER)) fail(`zero point ${z} is beyond ±2^53`);
    return Number(z);
  });
  const out: Quantization = {
    scale: list(q.scaleLength(), (i) => q.scale(i)!),
    zeroPoint,
    quantizedDimension: q.quantizedDimension(),
    min: present(4) ? list(q.minLength(), (i) => q.min(i)!) : null,
    max: present(6) ? list(q.maxLength(), (i) => q.max(i)!) : null,
    custom,
  };
  // An empty table (what the converter writes for every float tensor) means "not quantized".
  const empty = out.scale.length === 0 && zeroPoint.length === 0 && !out.min?.length && !out.max?.length && custom === null;
  return empty ? null : out;
}

function readOperator(op: fb.Operator, fail: Fail): Operator {
  if ((op.builtinOptions2Type() as number) !== fb.BuiltinOptions2.NONE) {
    fail(`uses builtin_options_2 (type ${op.builtinOptions2Type()}), which is not supported`);
  }
  if (op.largeCustomOptionsOffset() !== 0n) fail('custom options are stored outside the flatbuffer; not supported');
  const customOptions = op.customOptionsArray();
  return {
    opcodeIndex: op.opcodeIndex(),
    inputs: list(op.inputsLength(), (i) => op.inputs(i)!),
    outputs: list(op.outputsLength(), (i) => op.outputs(i)!),
    options: readOptions(op, fail),
    customOptions: customOptions ? customOptions.slice() : null,
    mutatingVariableInputs: list(op.mutatingVariableInputsLength(), (i) => op.mutatingVariableInputs(i)!),
    intermediates: list(op.intermediatesLength(), (i) => op.intermediates(i)!),
  };
}

function readMetadata(md: fb.Metadata): Metadata {
  return { name: md.name() ?? '', buffer: md.buffer() };
}

function readTensorMap(t: fb.TensorMap): TensorMap {
  return { name: t.name() ?? '', tensorIndex: t.tensorIndex() };
}

function readSignatureDef(s: fb.SignatureDef): SignatureDef {
  return {
    signatureKey: s.signatureKey() ?? '',
    subgraphIndex: s.subgraphIndex(),
    inputs: list(s.inputsLength(), (i) => readTensorMap(s.inputs(i)!)),
    outputs: list(s.outputsLength(), (i) => readTensorMap(s.outputs(i)!)),
  };
}

/**
 * The zip archive TFLite Support appends after the flatbuffer (its "associated files", e.g. a
 * vocab), or null when there is none. It is not part of the IR; rewrite tools can carry it over by
 * appending it to the new file (zip readers locate the archive from its end, so a shifted start is
 * fine).
 */
export function appendedZip(bytes: Uint8Array, fileName?: string): Uint8Array | null {
  const { end } = verifyFlatbuffer(bytes, MODEL, 'TFL3', fileName);
  // Allow for alignment padding between the last flatbuffer object and the archive.
  for (let p = end; p < Math.min(end + 16, bytes.length - 3); p++) {
    if (bytes[p] === 0x50 && bytes[p + 1] === 0x4b && (bytes[p + 2] === 3 || bytes[p + 2] === 5)) return bytes.slice(p);
  }
  return null;
}
