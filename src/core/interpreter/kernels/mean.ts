// MEAN (tflite/kernels/reduce.cc, float32): the average over the given axes.
//
// Inputs: 0 = float32 tensor, 1 = axes, int32 of any shape (constant or computed at run time);
// negative axes count from the end, duplicates count once, an empty list reduces nothing.
// ReducerOptions.keep_dims keeps reduced dims as 1; otherwise they are removed.
// A 4-D input reduced over H and W (axes 1 and 2, a global average) is what TFLite hands to
// XNNPACK (in a static graph, ctx.numerics): it is summed and scaled as XNNPACK does
// (util/xnnpack_average.ts), bit for bit. Other reductions run on TFLite's builtin kernel
// (reference_ops::Mean): float32 sums in input order, then a float32 division by the number of
// reduced elements, as there.

import { KernelError, type Kernel, type TensorValue } from '../kernel';
import { checkArity, describeTensor, fail, optionsOf, requiredInput } from '../util/checks';
import { averageOf, imageSum } from '../util/xnnpack_average';

interface MeanState {
  opName: string;
  nodeIndex: number;
  keepDims: boolean;
  xnnpack: boolean;
}

/** Sorted unique axes in [0, rank); throws a message for an axis outside [−rank, rank). */
export function resolveAxes(axes: ArrayLike<number>, rank: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < axes.length; i++) {
    const a = axes[i] < 0 ? axes[i] + rank : axes[i];
    if (a < 0 || a >= rank) throw new Error(`axis ${axes[i]} is out of range for a rank-${rank} input`);
    if (!out.includes(a)) out.push(a);
  }
  return out.sort((x, y) => x - y);
}

/** out[j] = mean of x over the reduced dims; `reduced[d]` marks the reduced axes of `shape`. */
export function meanImpl(x: Float32Array, shape: readonly number[], reduced: readonly boolean[], out: Float32Array): void {
  // Group dims into runs of the same kind (reduced or kept), dropping size-1 dims.
  const sizes: number[] = [];
  const isReduced: boolean[] = [];
  let count = 1;
  for (let d = 0; d < shape.length; d++) {
    if (reduced[d]) count *= shape[d];
    if (shape[d] === 1) continue;
    if (isReduced.length > 0 && isReduced[isReduced.length - 1] === reduced[d]) sizes[sizes.length - 1] *= shape[d];
    else { sizes.push(shape[d]); isReduced.push(reduced[d]); }
  }
  const acc = new Float32Array(out.length);
  if (sizes.length === 0) { sizes.push(1); isReduced.push(false); }
  const k = sizes.length;
  const outStride = new Array<number>(k).fill(0);
  let s = 1;
  for (let j = k - 1; j >= 0; j--) if (!isReduced[j]) { outStride[j] = s; s *= sizes[j]; }
  const inner = sizes[k - 1];
  const innerReduced = isReduced[k - 1];
  const idx = new Array<number>(k).fill(0);
  let o = 0;
  for (let i = 0; i < x.length; i += inner) {
    if (innerReduced) {
      let sum = acc[o];
      for (let t = 0; t < inner; t++) sum = Math.fround(sum + x[i + t]);
      acc[o] = sum;
    } else {
      for (let t = 0; t < inner; t++) acc[o + t] += x[i + t]; // a Float32Array store rounds each add
    }
    for (let j = k - 2; j >= 0; j--) {
      idx[j]++;
      o += outStride[j];
      if (idx[j] < sizes[j]) break;
      o -= outStride[j] * sizes[j];
      idx[j] = 0;
    }
  }
  for (let j = 0; j < out.length; j++) out[j] = acc[j] / count;
}

export const mean: Kernel<MeanState> = {
  prepare(ctx) {
    checkArity(ctx, 2, 2, 1);
    const input = requiredInput(ctx, 0);
    const axes = requiredInput(ctx, 1, 'axes');
    const out = ctx.outputs[0];
    if (input.tensor.dtype !== 'float32') {
      fail(ctx, `${describeTensor('input 0', input)} has type ${input.tensor.dtype}; only float32 MEAN is supported`);
    }
    if (axes.tensor.dtype !== 'int32') fail(ctx, `${describeTensor('axes', axes)} has type ${axes.tensor.dtype}; expected int32`);
    if (out.tensor.dtype !== 'float32') fail(ctx, `${describeTensor('output', out)} has type ${out.tensor.dtype}, expected float32`);
    if (axes.constant !== null && input.tensor.hasRank) {
      try {
        resolveAxes(axes.constant.data as Int32Array, input.tensor.shape.length);
      } catch (e) {
        fail(ctx, (e as Error).message);
      }
    }
    return {
      opName: ctx.opName, nodeIndex: ctx.nodeIndex, keepDims: optionsOf(ctx, 'ReducerOptions')?.keepDims ?? false,
      xnnpack: ctx.numerics === 'xnnpack',
    };
  },

  eval(s, io) {
    const x = io.input(0) as TensorValue;
    const axesValue = io.input(1) as TensorValue;
    const rank = x.shape.length;
    let axes: number[];
    try {
      axes = rank === 0 ? [] : resolveAxes(axesValue.data as Int32Array, rank);
    } catch (e) {
      throw new KernelError(s.opName, s.nodeIndex, (e as Error).message);
    }
    const reduced = x.shape.map((_, d) => axes.includes(d));
    const outShape: number[] = [];
    for (let d = 0; d < rank; d++) {
      if (!reduced[d]) outShape.push(x.shape[d]);
      else if (s.keepDims) outShape.push(1);
    }
    const out = io.output(0, outShape);
    if (s.xnnpack && rank === 4 && axes.length === 2 && axes[0] === 1 && axes[1] === 2) {
      const [batch, H, W, C] = x.shape;
      const data = x.data as Float32Array;
      const y = out.data as Float32Array;
      for (let b = 0; b < batch; b++) {
        for (let c = 0; c < C; c++) y[b * C + c] = averageOf(imageSum(data, b * H * W * C + c, C, H * W), H * W);
      }
      return;
    }
    meanImpl(x.data as Float32Array, x.shape, reduced, out.data as Float32Array);
  },
};
