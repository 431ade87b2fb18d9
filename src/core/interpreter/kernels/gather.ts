// GATHER (tflite/kernels/gather.cc, reference_ops::Gather): picks slices of `params` along `axis`.
//
// Inputs: 0 = params (float32, int32, int8, uint8, int16, int64, bool...), 1 = indices (int32,
// int64 or int16, any shape). Options: axis (negative counts from the end), batch_dims (negative
// adds the indices' rank): the first batch_dims dims of params and indices must match and are
// iterated together. Output shape = params.shape[:axis] + indices.shape[batch_dims:] +
// params.shape[axis+1:]. An index < 0 or ≥ params.shape[axis] is an error (TFLite fails the
// invoke), reported with its position and value. Quantization passes through unchanged.

import { KernelError, type Kernel, type TensorValue, type TypedArray } from '../kernel';
import { checkArity, describeTensor, fail, optionsOf, requiredInput } from '../util/checks';
import { intAt } from '../util/typed';

interface GatherState {
  opName: string;
  nodeIndex: number;
  axis: number;
  batchDims: number;
}

/** Geometry of one gather: see reference_ops::Gather. */
export interface GatherGeometry {
  outShape: number[];
  batch: number;
  outer: number;
  axisSize: number;
  inner: number;
  coords: number;
}

export function gatherGeometry(params: readonly number[], indices: readonly number[], axisOpt: number, batchDimsOpt: number): GatherGeometry {
  const rank = params.length;
  const axis = axisOpt < 0 ? axisOpt + rank : axisOpt;
  if (axis < 0 || axis >= rank) throw new Error(`axis ${axisOpt} is out of range for params of rank ${rank}`);
  const batchDims = batchDimsOpt < 0 ? batchDimsOpt + indices.length : batchDimsOpt;
  if (batchDims < 0 || batchDims >= rank || batchDims > indices.length || batchDims > axis) {
    throw new Error(`batch_dims ${batchDimsOpt} is invalid for params [${params}], indices [${indices}] and axis ${axis}`);
  }
  for (let i = 0; i < batchDims; i++) {
    if (params[i] !== indices[i]) throw new Error(`batch dimension ${i} differs: params [${params}], indices [${indices}]`);
  }
  const prod = (a: readonly number[], from: number, to: number): number => {
    let p = 1;
    for (let i = from; i < to; i++) p *= a[i];
    return p;
  };
  return {
    outShape: [...params.slice(0, axis), ...indices.slice(batchDims), ...params.slice(axis + 1)],
    batch: prod(params, 0, batchDims),
    outer: prod(params, batchDims, axis),
    axisSize: params[axis],
    inner: prod(params, axis + 1, rank),
    coords: prod(indices, batchDims, indices.length),
  };
}

/** Copies the slices; returns the flat position of the first out-of-range index, or −1. */
export function gatherImpl(g: GatherGeometry, params: TypedArray, indices: TypedArray, out: TypedArray): number {
  const { batch, outer, axisSize, inner, coords } = g;
  const src = params as Float32Array;
  const dst = out as Float32Array;
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < outer; o++) {
      const base = (b * outer + o) * axisSize;
      const outBase = (b * outer + o) * coords;
      for (let i = 0; i < coords; i++) {
        const c = intAt(indices, b * coords + i);
        if (c < 0 || c >= axisSize) return b * coords + i;
        const from = (base + c) * inner;
        const to = (outBase + i) * inner;
        if (inner < 16) for (let k = 0; k < inner; k++) dst[to + k] = src[from + k];
        else dst.set(src.subarray(from, from + inner), to);
      }
    }
  }
  return -1;
}

export const gather: Kernel<GatherState> = {
  prepare(ctx) {
    checkArity(ctx, 2, 2, 1);
    const params = requiredInput(ctx, 0, 'params');
    const indices = requiredInput(ctx, 1, 'indices');
    const out = ctx.outputs[0];
    if (!['int32', 'int64', 'int16'].includes(indices.tensor.dtype)) {
      fail(ctx, `${describeTensor('indices', indices)} has type ${indices.tensor.dtype}; expected int32, int64 or int16`);
    }
    if (params.tensor.dtype === 'string') fail(ctx, 'string params are not supported');
    if (out.tensor.dtype !== params.tensor.dtype) {
      fail(ctx, `${describeTensor('output', out)} has type ${out.tensor.dtype}, params have ${params.tensor.dtype}`);
    }
    const opts = optionsOf(ctx, 'GatherOptions');
    const state = { opName: ctx.opName, nodeIndex: ctx.nodeIndex, axis: opts?.axis ?? 0, batchDims: opts?.batchDims ?? 0 };
    if (params.tensor.hasRank && indices.tensor.hasRank) {
      try {
        gatherGeometry(params.tensor.shape, indices.tensor.shape, state.axis, state.batchDims);
      } catch (e) {
        fail(ctx, (e as Error).message);
      }
    }
    return state;
  },

  eval(s, io) {
    const params = io.input(0) as TensorValue;
    const indices = io.input(1) as TensorValue;
    let g: GatherGeometry;
    try {
      g = gatherGeometry(params.shape, indices.shape, s.axis, s.batchDims);
    } catch (e) {
      throw new KernelError(s.opName, s.nodeIndex, (e as Error).message);
    }
    const out = io.output(0, g.outShape);
    const bad = gatherImpl(g, params.data, indices.data, out.data);
    if (bad >= 0) {
      throw new KernelError(s.opName, s.nodeIndex,
        `index ${intAt(indices.data, bad)} at position ${bad} of indices is out of range [0, ${g.axisSize})`);
    }
  },
};
