// What kind of model is this? Used by the uploader (only float32 models are quantized; DRQ,
// float16 and integer models are recognised and explained) and by `quant-lab inspect`.
//
//   full-integer   quantized (scale + zero point) int8/uint8/int16 activations, or quantized I/O
//   float16        FLOAT16 constants turned into float32 by DEQUANTIZE ops
//   dynamic-range  quantized int8/uint8 constants consumed by float ops ("hybrid" kernels) or by a
//                  DEQUANTIZE to float32, with float32 activations
//   float32        float32 activations, no quantized or float16 constants
//   other          anything else (no float activations, mixed schemes, ...)
// Integer tensors without quantization (shapes, indices, raw uint8 pixels fed to a CAST) count as
// plain data, not as quantization.

import { DTYPE_BYTES, type DType, type Model, type Tensor } from './ir';
import { opName } from './op_names';

export type ModelKind = 'float32' | 'dynamic-range' | 'float16' | 'full-integer' | 'other';

export interface KindReport {
  kind: ModelKind;
  /** One short sentence saying why. */
  reason: string;
}

const QUANT_TYPES: ReadonlySet<DType> = new Set(['int8', 'uint8', 'int16', 'int4']);
const DEQUANTIZE = 6;

const isQuantized = (t: Tensor): boolean => QUANT_TYPES.has(t.dtype) && (t.quantization?.scale.length ?? 0) > 0;

export function sniffModel(model: Model): KindReport {
  let quantizedActivations = 0;
  let floatActivations = 0;
  const quantizedIo: string[] = [];
  const float16: Set<string> = new Set();
  const hybridOps = new Map<string, number>(); // op name → count of quantized weights it consumes
  let perChannel = 0;
  const weightTypes = new Set<DType>();

  model.subgraphs.forEach((sg, s) => {
    const isConst = (i: number): boolean => (model.buffers[sg.tensors[i]!.buffer]?.length ?? 0) > 0;
    const activations = new Set<number>(sg.inputs);
    for (const op of sg.operators) for (const o of op.outputs) activations.add(o);
    for (const i of activations) {
      const t = sg.tensors[i]!;
      if (isConst(i)) continue;
      if (isQuantized(t)) quantizedActivations++;
      else if (t.dtype === 'float32') floatActivations++;
    }
    if (s === 0) {
      for (const i of [...sg.inputs, ...sg.outputs]) {
        const t = sg.tensors[i]!;
        if (isQuantized(t)) quantizedIo.push(`${t.dtype}[${t.shape}]`);
      }
    }
    for (const op of sg.operators) {
      const name = opName(model.operatorCodes[op.opcodeIndex]!.builtinCode);
      const floatOut = op.outputs.some((o) => sg.tensors[o]!.dtype === 'float32');
      for (const i of op.inputs) {
        if (i < 0 || !isConst(i)) continue;
        const t = sg.tensors[i]!;
        if (t.dtype === 'float16' && name === opName(DEQUANTIZE)) float16.add(`${s}:${i}`);
        if (isQuantized(t) && floatOut) {
          hybridOps.set(name, (hybridOps.get(name) ?? 0) + 1);
          weightTypes.add(t.dtype);
          if (t.quantization!.scale.length > 1) perChannel++;
        }
      }
    }
  });

  if (quantizedActivations > 0 || quantizedIo.length > 0) {
    const io = quantizedIo.length > 0 ? `quantized I/O ${quantizedIo.join(', ')}; ` : '';
    return { kind: 'full-integer', reason: `${io}${quantizedActivations} quantized integer activation tensor(s)` };
  }
  if (floatActivations === 0) {
    return { kind: 'other', reason: 'no float32 activations and no quantized ones' };
  }
  const weights = [...hybridOps.values()].reduce((a, b) => a + b, 0);
  if (float16.size > 0 && weights > 0) {
    return { kind: 'other', reason: `mixes ${float16.size} float16 constant(s) with ${weights} quantized weight(s)` };
  }
  if (float16.size > 0) {
    return { kind: 'float16', reason: `${float16.size} float16 constant(s) dequantized to float32 by DEQUANTIZE; float32 activations` };
  }
  if (weights > 0) {
    const ops = [...hybridOps.entries()].map(([n, c]) => `${n}×${c}`).join(', ');
    const granularity = perChannel === 0 ? 'per-tensor' : perChannel === weights ? 'per-channel' : `${perChannel} per-channel`;
    return {
      kind: 'dynamic-range',
      reason: `${weights} quantized ${[...weightTypes].join('/')} weight(s) (${granularity}) consumed by float ops (${ops}); float32 activations`,
    };
  }
  const floatConsts = model.subgraphs.reduce(
    (n, sg) => n + sg.tensors.filter((t) => t.dtype === 'float32' && (model.buffers[t.buffer]?.length ?? 0) > 0).length,
    0,
  );
  return { kind: 'float32', reason: `float32 activations, ${floatConsts} float32 constant(s), nothing quantized` };
}

/** Size in bytes of all constant data, by dtype: what the charts compare before/after DRQ. */
export function constantBytesByDtype(model: Model): Partial<Record<DType, number>> {
  const seen = new Set<number>();
  const out: Partial<Record<DType, number>> = {};
  for (const sg of model.subgraphs) {
    for (const t of sg.tensors) {
      const n = model.buffers[t.buffer]?.length ?? 0;
      if (n === 0 || seen.has(t.buffer) || DTYPE_BYTES[t.dtype] === undefined) continue;
      seen.add(t.buffer);
      out[t.dtype] = (out[t.dtype] ?? 0) + n;
    }
  }
  return out;
}
