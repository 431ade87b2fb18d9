// Prepare-time reading of a hybrid op's int8 weight tensor, its float scales and its float bias.
// Shared by the FULLY_CONNECTED, CONV_2D, DEPTHWISE_CONV_2D and BATCH_MATMUL hybrid paths.
//
// What DRQ files hold (DRQ reference §3.1): int8 values, symmetric (zero point 0), one float32 scale
// for the whole tensor or one per channel of `quantized_dimension`. TFLite's hybrid kernels never
// read the weight zero point (they assume 0), so a non-zero one is refused here rather than
// silently ignored; uint8 and int4 weights are refused too (TFLite would reinterpret the bytes).

import type { NodeTensor, PrepareContext } from '../kernel';
import { describeTensor, fail, shapeString } from '../util/checks';

export interface HybridWeights {
  /** int8 values in the file's layout (row-major over `shape`). */
  data: Int8Array;
  shape: number[];
  /** One scale (per-tensor) or one per channel of `axis`; float32 values. */
  scales: Float32Array;
  /** quantized_dimension from the file (meaningful when scales.length > 1). */
  axis: number;
}

/**
 * Reads and checks the constant int8 weights at `t`. `channelAxis` is the axis a per-channel
 * scale vector must run along (FC/CONV 0, DEPTHWISE 3, BATCH_MATMUL: the units axis).
 */
export function readHybridWeights(ctx: PrepareContext, t: NodeTensor, role: string, channelAxis: number): HybridWeights {
  const what = describeTensor(role, t);
  const { dtype, shape, quantization } = t.tensor;
  if (dtype !== 'int8') {
    fail(ctx, `${what} is ${dtype}: hybrid (float input) ${ctx.opName} supports int8 weights only`);
  }
  if (t.constant === null) {
    fail(ctx, `${what} is int8 but not a constant: hybrid ${ctx.opName} needs constant weights (TFLite caches their row sums once)`);
  }
  if (quantization === null || quantization.scale.length === 0) {
    fail(ctx, `${what} is int8 without quantization scales: cannot dequantize it`);
  }
  if (quantization.zeroPoint.some((z) => z !== 0)) {
    fail(ctx, `${what} has a non-zero zero point (${quantization.zeroPoint.join(', ')}): hybrid ${ctx.opName} assumes symmetric weights (zero point 0)`);
  }
  const n = quantization.scale.length;
  if (n > 1) {
    if (quantization.quantizedDimension !== channelAxis) {
      fail(ctx, `${what} has ${n} scales along axis ${quantization.quantizedDimension}; hybrid ${ctx.opName} needs them along axis ${channelAxis}`);
    }
    if (shape[channelAxis] !== n) {
      fail(ctx, `${what} has ${n} scales but ${shape[channelAxis]} channels on axis ${channelAxis} (shape ${shapeString(shape)})`);
    }
  }
  return {
    data: t.constant.data as Int8Array,
    shape: shape.slice(),
    scales: Float32Array.from(quantization.scale),
    axis: quantization.quantizedDimension,
  };
}

/** true when a scale vector has more than one distinct value (CONV_2D's per-channel test). */
export function hasDistinctScales(scales: Float32Array): boolean {
  for (let i = 1; i < scales.length; i++) if (scales[i] !== scales[0]) return true;
  return false;
}

/** Float bias [n] as float32, from a constant (or null when the input is absent or runtime). */
export function checkHybridBias(ctx: PrepareContext, bias: NodeTensor | null, n: number, what: string): Float32Array | null {
  if (bias === null) return null;
  if (bias.tensor.dtype !== 'float32') {
    fail(ctx, `${describeTensor('bias', bias)} has type ${bias.tensor.dtype}; hybrid ${ctx.opName} needs a float32 bias`);
  }
  const count = bias.tensor.shape.reduce((a, b) => a * b, 1);
  if (count !== n) fail(ctx, `${describeTensor('bias', bias)} has ${count} elements, ${what} ${n}`);
  return bias.constant ? (bias.constant.data as Float32Array) : null;
}
