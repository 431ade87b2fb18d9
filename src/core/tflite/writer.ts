// IR Model → .tflite bytes, laid out as the official converter does where it matters:
//   - file identifier "TFL3", schema version as in the IR;
//   - buffer 0 is the empty sentinel; every non-empty buffer's data starts 16-byte aligned
//     (Buffer.data has force_align: 16 in the schema);
//   - each OperatorCode carries both deprecated_builtin_code = min(code, 127) and builtin_code;
//   - every tensor gets a QuantizationParameters table, empty when it is not quantized;
//   - metadata, metadata_buffer and signature defs are written back as they are in the IR.
// The IR is validated first (validate.ts, the same checks as the reader) so we throw a
// TfliteFormatError rather than write a broken file.
//
// Speed: buffers are copied with Uint8Array.set (no per-byte loop), and the builder is sized up
// front from the buffer sizes so a large model is not copied by repeated doubling.

import { Builder } from 'flatbuffers';
import { TfliteFormatError, wherePath } from './errors';
import * as fb from './generated/tflite_generated';
import { DTYPES, type Model, type Operator, type Quantization, type Subgraph, type Tensor } from './ir';
import { operatorName } from './op_names';
import type { Fail } from './read_options';
import { validateModel } from './validate';
import { writeOptions } from './write_options';

/** Flatbuffers use signed 32-bit offsets. */
const MAX_FLATBUFFER_BYTES = 0x7fffffff;
const BUFFER_ALIGN = 16;

/**
 * Encodes the model. Returns a view into the builder's memory (its byteOffset may be non-zero);
 * callers that need an exact ArrayBuffer should slice() it.
 */
export function writeModel(model: Model): Uint8Array {
  validateModel(model);
  const b = new Builder(estimateSize(model));
  const failAt = (where: string): Fail => (detail: string) => {
    throw new TfliteFormatError(detail, where);
  };

  // Buffers first: the builder works back to front, so they land at the end of the file, after all
  // the small tables. Created in reverse so they appear in index order in the file.
  const bufferOffsets = new Array<number>(model.buffers.length);
  for (let i = model.buffers.length - 1; i >= 0; i--) bufferOffsets[i] = writeBuffer(b, model.buffers[i]!);
  const buffers = fb.Model.createBuffersVector(b, bufferOffsets);

  const operatorCodes = fb.Model.createOperatorCodesVector(
    b,
    model.operatorCodes.map((c) => {
      const custom = c.customCode === null ? 0 : b.createString(c.customCode);
      fb.OperatorCode.startOperatorCode(b);
      fb.OperatorCode.addDeprecatedBuiltinCode(b, Math.min(c.builtinCode, 127));
      if (custom) fb.OperatorCode.addCustomCode(b, custom);
      fb.OperatorCode.addVersion(b, c.version);
      fb.OperatorCode.addBuiltinCode(b, c.builtinCode);
      return fb.OperatorCode.endOperatorCode(b);
    }),
  );
  const subgraphs = fb.Model.createSubgraphsVector(
    b,
    model.subgraphs.map((sg, s) => writeSubgraph(b, model, sg, s, failAt)),
  );
  const description = b.createString(model.description);
  const metadataBuffer = fb.Model.createMetadataBufferVector(b, model.metadataBuffer);
  const metadata = fb.Model.createMetadataVector(
    b,
    model.metadata.map((m) => fb.Metadata.createMetadata(b, b.createString(m.name), m.buffer)),
  );
  const signatureDefs = fb.Model.createSignatureDefsVector(
    b,
    model.signatureDefs.map((sig) => {
      const maps = (list: { name: string; tensorIndex: number }[]): number =>
        fb.SignatureDef.createInputsVector(b, list.map((t) => fb.TensorMap.createTensorMap(b, b.createString(t.name), t.tensorIndex)));
      const inputs = maps(sig.inputs);
      const outputs = maps(sig.outputs);
      return fb.SignatureDef.createSignatureDef(b, inputs, outputs, b.createString(sig.signatureKey), sig.subgraphIndex);
    }),
  );

  fb.Model.startModel(b);
  fb.Model.addVersion(b, model.version);
  fb.Model.addOperatorCodes(b, operatorCodes);
  fb.Model.addSubgraphs(b, subgraphs);
  fb.Model.addDescription(b, description);
  fb.Model.addBuffers(b, buffers);
  if (model.metadataBuffer.length > 0) fb.Model.addMetadataBuffer(b, metadataBuffer);
  if (model.metadata.length > 0) fb.Model.addMetadata(b, metadata);
  if (model.signatureDefs.length > 0) fb.Model.addSignatureDefs(b, signatureDefs);
  fb.Model.finishModelBuffer(b, fb.Model.endModel(b));
  return b.asUint8Array();
}

/** Bytes needed, generously: buffers with alignment padding plus a per-object allowance. */
function estimateSize(model: Model): number {
  let bytes = 4096 + model.description.length * 3;
  for (const buf of model.buffers) bytes += buf.length + BUFFER_ALIGN + 16;
  for (const sg of model.subgraphs) {
    for (const t of sg.tensors) {
      const q = t.quantization;
      bytes += 96 + t.name.length * 3 + 8 * t.shape.length + (q ? 24 * (q.scale.length + 4) + (q.custom?.length ?? 0) : 0);
    }
    for (const op of sg.operators) bytes += 128 + 4 * (op.inputs.length + op.outputs.length + op.intermediates.length) + (op.customOptions?.length ?? 0);
  }
  bytes += 64 * (model.operatorCodes.length + model.metadata.length + model.signatureDefs.length);
  if (bytes > MAX_FLATBUFFER_BYTES) {
    throw new TfliteFormatError(`the model needs about ${bytes} bytes, over the 2 GiB flatbuffer limit`);
  }
  return bytes;
}

/** A byte vector whose data starts on a 16-byte boundary (force_align: 16). */
function alignedBytes(b: Builder, data: Uint8Array): number {
  // prep(16, n) pads so that after n more bytes the position is 16-aligned; createByteVector then
  // writes the n bytes and the 4-byte length in front of them.
  b.prep(BUFFER_ALIGN, data.length);
  return b.createByteVector(data);
}

function writeBuffer(b: Builder, data: Uint8Array): number {
  const vec = data.length > 0 ? alignedBytes(b, data) : 0;
  fb.Buffer.startBuffer(b);
  if (vec) fb.Buffer.addData(b, vec);
  return fb.Buffer.endBuffer(b);
}

function writeSubgraph(b: Builder, model: Model, sg: Subgraph, s: number, failAt: (w: string) => Fail): number {
  const tensors = fb.SubGraph.createTensorsVector(b, sg.tensors.map((t) => writeTensor(b, t)));
  const inputs = fb.SubGraph.createInputsVector(b, sg.inputs);
  const outputs = fb.SubGraph.createOutputsVector(b, sg.outputs);
  const operators = fb.SubGraph.createOperatorsVector(
    b,
    sg.operators.map((op, i) => writeOperator(b, op, failAt(wherePath(`subgraph ${s}`, `operator ${i} (${operatorName(model, op.opcodeIndex)})`)))),
  );
  const name = b.createString(sg.name);
  return fb.SubGraph.createSubGraph(b, tensors, inputs, outputs, operators, name);
}

function writeTensor(b: Builder, t: Tensor): number {
  const name = b.createString(t.name);
  const shape = fb.Tensor.createShapeVector(b, t.shape);
  const signature = t.shapeSignature === null ? 0 : fb.Tensor.createShapeSignatureVector(b, t.shapeSignature);
  const quantization = writeQuantization(b, t.quantization);
  fb.Tensor.startTensor(b);
  fb.Tensor.addShape(b, shape);
  fb.Tensor.addType(b, DTYPES.indexOf(t.dtype));
  fb.Tensor.addBuffer(b, t.buffer);
  fb.Tensor.addName(b, name);
  fb.Tensor.addQuantization(b, quantization);
  fb.Tensor.addIsVariable(b, t.isVariable);
  if (signature) fb.Tensor.addShapeSignature(b, signature);
  fb.Tensor.addHasRank(b, t.hasRank);
  return fb.Tensor.endTensor(b);
}

/** Always a table: an empty one for an unquantized tensor, as the converter writes. */
function writeQuantization(b: Builder, q: Quantization | null): number {
  const Q = fb.QuantizationParameters;
  if (q === null) {
    Q.startQuantizationParameters(b);
    return Q.endQuantizationParameters(b);
  }
  const min = q.min === null ? 0 : Q.createMinVector(b, q.min);
  const max = q.max === null ? 0 : Q.createMaxVector(b, q.max);
  const scale = q.scale.length > 0 ? Q.createScaleVector(b, q.scale) : 0;
  const zeroPoint = q.zeroPoint.length > 0 ? Q.createZeroPointVector(b, q.zeroPoint.map((z) => BigInt(z))) : 0;
  let details = 0;
  if (q.custom !== null) {
    const bytes = alignedBytes(b, q.custom);
    details = fb.CustomQuantization.createCustomQuantization(b, bytes);
  }
  Q.startQuantizationParameters(b);
  if (min) Q.addMin(b, min);
  if (max) Q.addMax(b, max);
  if (scale) Q.addScale(b, scale);
  if (zeroPoint) Q.addZeroPoint(b, zeroPoint);
  if (details) {
    Q.addDetailsType(b, fb.QuantizationDetails.CustomQuantization);
    Q.addDetails(b, details);
  }
  Q.addQuantizedDimension(b, q.quantizedDimension);
  return Q.endQuantizationParameters(b);
}

function writeOperator(b: Builder, op: Operator, fail: Fail): number {
  const O = fb.Operator;
  const inputs = O.createInputsVector(b, op.inputs);
  const outputs = O.createOutputsVector(b, op.outputs);
  const options = op.options === null ? null : writeOptions(b, op.options, fail);
  const custom = op.customOptions === null ? 0 : b.createByteVector(op.customOptions);
  const mutating = op.mutatingVariableInputs.length > 0 ? O.createMutatingVariableInputsVector(b, op.mutatingVariableInputs) : 0;
  const intermediates = op.intermediates.length > 0 ? O.createIntermediatesVector(b, op.intermediates) : 0;
  O.startOperator(b);
  O.addOpcodeIndex(b, op.opcodeIndex);
  O.addInputs(b, inputs);
  O.addOutputs(b, outputs);
  if (options) {
    O.addBuiltinOptionsType(b, options.type);
    O.addBuiltinOptions(b, options.offset);
  }
  if (custom) O.addCustomOptions(b, custom);
  if (mutating) O.addMutatingVariableInputs(b, mutating);
  if (intermediates) O.addIntermediates(b, intermediates);
  return O.endOperator(b);
}
