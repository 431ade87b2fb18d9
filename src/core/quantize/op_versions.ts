// Operator versions after quantization, as each converter generation sets them.
//
// per-op (MLIR exporter, UpdateOpVersion in op_version.cc): every operator's version is computed
//   from its signature (input/output types, weight scale count, options) and an opcode entry keeps
//   the largest version any of its operators needs (never lowering what the file already had).
//   We compute the signature rules for the ops quantization changes — FULLY_CONNECTED, CONV_2D,
//   DEPTHWISE_CONV_2D, DEQUANTIZE — in the order op_version.cc checks them; every other op keeps
//   its version, since its signature is unchanged.
// legacy-per-opcode (TF 2.3–2.4 quantize_weights.cc, UpdateInt8OperatorVersions): every opcode
//   entry of a listed op gets a fixed version, whether or not its operators were quantized — which
//   is why pair A's float CONV_2D went 1 → 2.

import type { Model, Operator, OperatorCode, Subgraph, Tensor } from '../tflite/ir';
import type { FullyConnectedOptions } from '../tflite/options';
import { opCode, opName } from '../tflite/op_names';
import type { Preset } from './policy';

const dtypeOf = (sg: Subgraph, index: number | undefined): string | null =>
  index === undefined || index < 0 ? null : (sg.tensors[index]?.dtype ?? null);

function scaleCount(t: Tensor | undefined): number {
  return t?.quantization?.scale.length ?? 0;
}

/** Is this a float32-in, int8-weight, float32-out ("hybrid") signature? */
function isHybrid(sg: Subgraph, op: Operator): boolean {
  return dtypeOf(sg, op.inputs[0]) === 'float32' && dtypeOf(sg, op.inputs[1]) === 'int8' && dtypeOf(sg, op.outputs[0]) === 'float32';
}

/**
 * The version op_version.cc gives one operator, for the ops quantization changes; null for others.
 * fcPerChannelV12: whether the converter generation knows FULLY_CONNECTED v12 (TF ≥ 2.17).
 */
export function signatureVersion(model: Model, sg: Subgraph, op: Operator, fcPerChannelV12: boolean): number | null {
  const name = opName(model.operatorCodes[op.opcodeIndex]?.builtinCode ?? -1);
  const weight = sg.tensors[op.inputs[1] ?? -1];
  switch (name) {
    case 'FULLY_CONNECTED': {
      const o = op.options?.type === 'FullyConnectedOptions' ? (op.options as FullyConnectedOptions) : null;
      const in0 = dtypeOf(sg, op.inputs[0]);
      const in1 = dtypeOf(sg, op.inputs[1]);
      const out0 = dtypeOf(sg, op.outputs[0]);
      // Quirk kept from op_signature.cc: per-channel means "scale count == shape[0]", so a one-unit
      // layer with one scale also counts.
      const perChannel = scaleCount(weight) > 0 && (weight?.shape.length ?? 0) > 0 && scaleCount(weight) === weight!.shape[0];
      if (in1 === 'int2') return 14;
      if (in0 === 'int16' && in1 === 'int4' && out0 === 'int16') return 13;
      if (fcPerChannelV12 && in0 === 'float32' && in1 === 'int8' && out0 === 'float32' && perChannel) return 12;
      if (in0 === 'int16' && in1 === 'int8' && out0 === 'int16' && o && o.quantizedBiasType !== 'float32') return 11;
      if (in0 === 'int16' && in1 === 'int16' && out0 === 'int16') return 7;
      if (op.inputs.length === 2) return 6;
      if (o?.keepNumDims) return 5;
      if (in0 === 'int8' && in1 === 'int8' && out0 === 'int8') return 4;
      if (in0 === 'int8' && in1 === 'int4' && out0 === 'int8') return 10;
      if (in0 === 'float32' && in1 === 'int8' && out0 === 'float32') return o?.asymmetricQuantizeInputs ? 9 : 3;
      if (o && o.weightsFormat === 1) return 2;
      return 1;
    }
    case 'CONV_2D': {
      // Grouped, int8 and int16 convolutions carry versions of their own; they are not ours to
      // change, so only the hybrid case is computed and the rest keep what the file says.
      if (!isHybrid(sg, op)) return null;
      const perChannel = weight !== undefined && weight.shape[0]! > 0 && scaleCount(weight) === weight.shape[0];
      return perChannel ? 5 : 2;
    }
    case 'DEPTHWISE_CONV_2D': {
      if (!isHybrid(sg, op)) return null;
      const perChannel = weight !== undefined && weight.shape[3]! > 0 && scaleCount(weight) === weight.shape[3];
      return perChannel ? 6 : 4;
    }
    case 'DEQUANTIZE': {
      const input = sg.tensors[op.inputs[0] ?? -1];
      if (!input) return null;
      if (input.dtype === 'int4') return 6;
      if (input.dtype === 'int16' || input.dtype === 'float16') return 3;
      if (input.dtype === 'int8') {
        const q = input.quantization;
        const perChannel = q !== null && q.scale.length > 1 && q.scale.length === input.shape[q.quantizedDimension];
        return perChannel ? 5 : 2;
      }
      return 1;
    }
    default:
      return null;
  }
}

/** New operator codes for a quantized model (the input array is not modified). */
export function recomputeOpVersions(model: Model, preset: Preset): OperatorCode[] {
  const codes = model.operatorCodes.map((c) => ({ ...c }));
  const v = preset.versioning;
  if (v.kind === 'legacy-per-opcode') {
    for (const c of codes) {
      const fixed = v.versions[opName(c.builtinCode)];
      if (fixed !== undefined) c.version = fixed;
    }
    return codes;
  }
  for (const sg of model.subgraphs) {
    for (const op of sg.operators) {
      const c = codes[op.opcodeIndex];
      if (!c) continue;
      const computed = signatureVersion(model, sg, op, v.fcPerChannelV12);
      if (computed !== null && computed > c.version) c.version = computed;
    }
  }
  return codes;
}

export const DEQUANTIZE_CODE = opCode('DEQUANTIZE')!;
