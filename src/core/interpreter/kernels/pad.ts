// PAD (tflite/kernels/pad.cc): surrounds the input with constant padding.
//
// Inputs: 0 = tensor (rank ≤ 5, as TFLite's PadKernelMaxDimensionCount), 1 = paddings, int32 or
// int64 of shape [rank, 2]: row d is [before, after] for dimension d, both ≥ 0 (constant, or
// computed at run time). Output dim d = before + input dim d + after. The pad value is 0, or the
// zero point for a quantized int8/uint8 tensor (so it dequantizes to 0.0, as TFLite does).
// Any element type: the kernel only copies.

import { KernelError, type Kernel, type TensorValue, type TypedArray } from '../kernel';
import { checkArity, describeTensor, fail, requiredInput } from '../util/checks';
import { intAt } from '../util/typed';

const MAX_RANK = 5;

interface PadState {
  opName: string;
  nodeIndex: number;
  padValue: number;
}

export function padImpl(
  input: TypedArray, inShape: readonly number[], pads: readonly number[], out: TypedArray,
  outShape: readonly number[], padValue: number,
): void {
  const rank = inShape.length;
  if (out instanceof BigInt64Array) out.fill(BigInt(padValue));
  else (out as Float32Array).fill(padValue);
  let inCount = 1;
  for (const d of inShape) inCount *= d;
  if (inCount === 0) return;
  if (rank === 0) { (out as Float32Array).set(input as Float32Array); return; }
  // Copy the input row by row (a row = its last dimension), advancing an odometer over the rest.
  const row = inShape[rank - 1];
  const outStrides = new Array<number>(rank);
  let s = 1;
  for (let d = rank - 1; d >= 0; d--) { outStrides[d] = s; s *= outShape[d]; }
  let outOff = 0;
  for (let d = 0; d < rank; d++) outOff += pads[2 * d] * outStrides[d];
  const idx = new Array<number>(rank).fill(0);
  const dst = out as Float32Array;
  const src = input as Float32Array;
  for (let inOff = 0; inOff < inCount; inOff += row) {
    dst.set(src.subarray(inOff, inOff + row), outOff);
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      outOff += outStrides[d];
      if (idx[d] < inShape[d]) break;
      outOff -= inShape[d] * outStrides[d];
      idx[d] = 0;
    }
  }
}

export const pad: Kernel<PadState> = {
  prepare(ctx) {
    checkArity(ctx, 2, 2, 1);
    const input = requiredInput(ctx, 0);
    const paddings = requiredInput(ctx, 1, 'paddings');
    const out = ctx.outputs[0];
    if (paddings.tensor.dtype !== 'int32' && paddings.tensor.dtype !== 'int64') {
      fail(ctx, `${describeTensor('paddings', paddings)} has type ${paddings.tensor.dtype}; expected int32 or int64`);
    }
    if (out.tensor.dtype !== input.tensor.dtype) {
      fail(ctx, `${describeTensor('output', out)} has type ${out.tensor.dtype}, input has ${input.tensor.dtype}`);
    }
    if (input.tensor.dtype === 'string') fail(ctx, 'string tensors are not supported');
    const q = out.tensor.quantization;
    let padValue = 0;
    if (q !== null && (out.tensor.dtype === 'int8' || out.tensor.dtype === 'uint8')) {
      if (q.zeroPoint.length !== 1) fail(ctx, 'per-channel quantized output is not supported');
      padValue = q.zeroPoint[0];
    }
    return { opName: ctx.opName, nodeIndex: ctx.nodeIndex, padValue };
  },

  eval(s, io) {
    const input = io.input(0) as TensorValue;
    const paddings = io.input(1) as TensorValue;
    const rank = input.shape.length;
    const error = (detail: string): never => { throw new KernelError(s.opName, s.nodeIndex, detail); };
    if (rank > MAX_RANK) error(`input rank ${rank} exceeds ${MAX_RANK}, the most TFLite's PAD supports`);
    if (paddings.shape.length !== 2 || paddings.shape[0] !== rank || paddings.shape[1] !== 2) {
      error(`paddings shape [${paddings.shape}] must be [${rank}, 2] for a rank-${rank} input`);
    }
    const pads = new Array<number>(2 * rank);
    const outShape = new Array<number>(rank);
    for (let d = 0; d < rank; d++) {
      const before = intAt(paddings.data, 2 * d);
      const after = intAt(paddings.data, 2 * d + 1);
      if (before < 0 || after < 0) error(`padding [${before}, ${after}] for dimension ${d} is negative`);
      pads[2 * d] = before;
      pads[2 * d + 1] = after;
      outShape[d] = before + input.shape[d] + after;
    }
    const out = io.output(0, outShape);
    padImpl(input.data, input.shape, pads, out.data, outShape, s.padValue);
  },
};
