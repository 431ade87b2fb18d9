// DEQUANTIZE (tflite/kernels/dequantize.cc): int8 / uint8 / int16 → float32, and float16 → float32.
//
// Affine: real = scale × (q − zero_point), one scale/zero point for the whole tensor, or one per
// slice along quantized_dimension (per-channel: channel of flat index i = ⌊i / inner⌋ mod dim,
// inner = product of the dims after that axis). The product is exact in a double and rounded
// once to float32, which is exactly TFLite's result (reference Dequantize: double scale × int,
// cast to float; PerChannelDequantize: float × int in float).
// float16: widened exactly (every binary16 value is a float32 value); a constant float16 tensor
// may arrive already widened (Float32Array, see tflite/tensor_data.ts) or as raw bits
// (Uint16Array), both are accepted.
// A constant input (the usual case: an int8 or float16 weight) is dequantized once, in prepare.

import type { Quantization } from '../../tflite/ir';
import { halfToFloat } from '../../tflite/tensor_data';
import { KernelError, type Kernel, type TensorValue } from '../kernel';
import { checkArity, describeTensor, fail, requiredInput } from '../util/checks';

interface DequantizeState {
  opName: string;
  nodeIndex: number;
  quantization: Quantization | null;
  /** The dequantized constant input, computed once; null for a runtime input. */
  cached: Float32Array | null;
}

let halfTable: Float32Array | null = null;

/** binary16 bits → float32, through a 65,536-entry table built on first use. */
export function halfBitsToFloat32(bits: Uint16Array, out: Float32Array): void {
  if (halfTable === null) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = halfToFloat(h);
  }
  const t = halfTable;
  for (let i = 0; i < bits.length; i++) out[i] = t[bits[i]];
}

export function dequantizeImpl(
  q: Int8Array | Uint8Array | Int16Array, shape: readonly number[], quant: Quantization, out: Float32Array,
): void {
  if (quant.scale.length === 1) {
    const scale = quant.scale[0];
    const zp = quant.zeroPoint[0] ?? 0;
    for (let i = 0; i < q.length; i++) out[i] = scale * (q[i] - zp);
    return;
  }
  const axis = quant.quantizedDimension;
  const dim = shape[axis];
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  const outer = q.length / (dim * inner);
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < dim; c++) {
      const scale = quant.scale[c];
      const zp = quant.zeroPoint[c] ?? 0;
      for (let k = 0; k < inner; k++, i++) out[i] = scale * (q[i] - zp);
    }
  }
}

function dequantizeValue(s: DequantizeState, x: TensorValue, out: Float32Array): void {
  if (x.dtype === 'float16') {
    if (x.data instanceof Uint16Array) halfBitsToFloat32(x.data, out);
    else out.set(x.data as Float32Array);
    return;
  }
  const quant = s.quantization as Quantization;
  if (quant.scale.length > 1) {
    const axis = quant.quantizedDimension;
    if (axis < 0 || axis >= x.shape.length || x.shape[axis] !== quant.scale.length) {
      throw new KernelError(s.opName, s.nodeIndex,
        `per-channel quantization has ${quant.scale.length} scales on axis ${axis}, but the input shape is [${x.shape}]`);
    }
  }
  dequantizeImpl(x.data as Int8Array, x.shape, quant, out);
}

export const dequantize: Kernel<DequantizeState> = {
  prepare(ctx) {
    checkArity(ctx, 1, 1, 1);
    const input = requiredInput(ctx, 0);
    const out = ctx.outputs[0];
    const dtype = input.tensor.dtype;
    if (!['int8', 'uint8', 'int16', 'float16'].includes(dtype)) {
      fail(ctx, `${describeTensor('input 0', input)} has type ${dtype}; supported: int8, uint8, int16, float16`);
    }
    if (out.tensor.dtype !== 'float32') fail(ctx, `${describeTensor('output', out)} has type ${out.tensor.dtype}, expected float32`);
    const quantization = dtype === 'float16' ? null : input.tensor.quantization;
    if (dtype !== 'float16') {
      if (quantization === null || quantization.scale.length === 0) {
        fail(ctx, `${describeTensor('input 0', input)} is ${dtype} but has no quantization parameters`);
      }
      if (quantization.zeroPoint.length !== quantization.scale.length && quantization.zeroPoint.length > 1) {
        fail(ctx, `${describeTensor('input 0', input)} has ${quantization.scale.length} scales but ${quantization.zeroPoint.length} zero points`);
      }
    }
    const state: DequantizeState = { opName: ctx.opName, nodeIndex: ctx.nodeIndex, quantization, cached: null };
    if (input.constant !== null) {
      const cached = new Float32Array(input.constant.data.length);
      dequantizeValue(state, input.constant, cached);
      state.cached = cached;
    }
    return state;
  },

  eval(s, io) {
    const x = io.input(0) as TensorValue;
    const out = io.output(0, x.shape).data as Float32Array;
    if (s.cached !== null) out.set(s.cached);
    else dequantizeValue(s, x, out);
  },
};
