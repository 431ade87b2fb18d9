// Output size and padding for windowed ops (CONV_2D, DEPTHWISE_CONV_2D, pools), exactly as
// TFLite computes them (tflite/kernels/padding.h: ComputeOutSize, ComputePaddingWithOffset).
//
// SAME:  out = ceil(in / stride)            VALID: out = trunc((in + stride − effFilter) / stride)
// where effFilter = (filter − 1) · dilation + 1. The total padding is split with the smaller half
// before (top/left) and the extra one after (bottom/right); float kernels only need the "before".

import type { Padding } from '../../tflite/options';

export interface Window1D {
  out: number;
  /** Padding before the first element (top or left). */
  before: number;
}

export function computeOutSize(padding: Padding, inSize: number, filter: number, stride: number, dilation: number): number {
  const eff = (filter - 1) * dilation + 1;
  if (padding === 'SAME') return Math.trunc((inSize + stride - 1) / stride);
  return Math.trunc((inSize + stride - eff) / stride);
}

export function computeWindow(padding: Padding, inSize: number, filter: number, stride: number, dilation: number): Window1D {
  const out = computeOutSize(padding, inSize, filter, stride, dilation);
  const eff = (filter - 1) * dilation + 1;
  const total = Math.max(0, (out - 1) * stride + eff - inSize);
  return { out, before: Math.floor(total / 2) };
}
