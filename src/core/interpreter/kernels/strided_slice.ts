// STRIDED_SLICE (tflite/kernels/strided_slice.cc with reference_ops::StridedSlice on
// DynamicStridedSliceParams): input[begin:end:stride] per dimension, with TFLite's masks:
//   begin_mask / end_mask bit i: ignore begin[i] / end[i] (take the whole range in the stride's
//     direction); shrink_axis_mask bit i: take the single element begin[i] and drop the dimension;
//   ellipsis_mask bit i: spec i stands for as many full dimensions as needed;
//   new_axis_mask bit i: insert a dimension of size 1 (ignored where ellipsis is also set);
//   offset: end[i] is a length relative to begin[i] (end = begin + end).
// Negative begin/end count from the end; they are clamped to the axis like TFLite does
// ([0, size] forward, [-1, size-1] backward). begin/end/strides are rank-1 int32 tensors
// (constant or computed at run time, e.g. from SHAPE), all of the same length ≤ 31.
//
// Differences from TFLite, all on inputs where TFLite leaves (part of) its output unwritten: a
// shrink index still outside the axis after TFLite's clamping is an error here; a shrunk axis with
// a negative stride takes its one element (TFLite's loop takes none); with `offset` the output size
// is the number of elements actually read (TFLite sizes it from end[] alone, unclamped).

import type { StridedSliceOptions } from '../../tflite/options';
import { KernelError, type Kernel, type TensorValue } from '../kernel';
import { checkArity, describeTensor, fail, knownShape, requiredInput, requiredOptions, shapeString } from '../util/checks';

export interface SlicePlan {
  /** The input shape with new axes inserted (size 1). */
  effectiveShape: number[];
  starts: number[];
  stops: number[];
  strides: number[];
  /** Per effective dim: loop count (elements taken). */
  counts: number[];
  outputShape: number[];
}

const bit = (mask: number, i: number): boolean => i < 32 && ((mask >>> i) & 1) === 1;
const clamp = (v: number, lo: number, hi: number): number => (hi < v ? hi : v < lo ? lo : v);

/** Resolves masks, negative indices and clamping exactly as TFLite's BuildStridedSliceParams,
 *  StartForAxis and EndForAxis. Throws an Error (message only) for invalid specs. */
export function planStridedSlice(
  inputShape: readonly number[], begin: ArrayLike<number>, end: ArrayLike<number>, strideSpec: ArrayLike<number>,
  o: StridedSliceOptions,
): SlicePlan {
  const beginCount = begin.length;
  if (end.length !== beginCount || strideSpec.length !== beginCount) {
    throw new Error(`begin, end and strides must have the same length (got ${begin.length}, ${end.length}, ${strideSpec.length})`);
  }
  if (beginCount > 31) throw new Error(`at most 31 indices are supported, got ${beginCount}`);
  const inputDims = inputShape.length;
  let numAddAxis = 0;
  for (let i = 0; i < beginCount; i++) if (!bit(o.ellipsisMask, i) && bit(o.newAxisMask, i)) numAddAxis++;
  const effDims = inputDims + numAddAxis;

  // Expand the ellipsis and move new-axis bits past it.
  const effEllipsis: boolean[] = new Array(effDims).fill(false);
  const effNewAxis: boolean[] = new Array(effDims).fill(false);
  let ellipsisStart = effDims;
  let expandedEllipsis = 0;
  for (let i = 0; i < effDims;) {
    if (bit(o.ellipsisMask, i)) {
      ellipsisStart = i;
      const ellipsisEnd = Math.max(i + 1, Math.min(i + 1 + numAddAxis + inputDims - beginCount, effDims));
      expandedEllipsis = ellipsisEnd - ellipsisStart - 1;
      for (; i < ellipsisEnd; i++) effEllipsis[i] = true;
      continue;
    }
    if (i - expandedEllipsis >= 0 && bit(o.newAxisMask, i - expandedEllipsis)) effNewAxis[i] = true;
    i++;
  }

  const effectiveShape: number[] = [];
  const startIdx: number[] = [];
  const stopIdx: number[] = [];
  const strides: number[] = [];
  const beginFull: boolean[] = [];
  const endFull: boolean[] = [];
  const shrink: boolean[] = [];
  let addedEllipsis = 0;
  let addedAxes = 0;
  const inDim = (j: number): number => {
    if (j < 0 || j >= inputDims) throw new Error(`the slice spec addresses dimension ${j} of a rank-${inputDims} input`);
    return inputShape[j];
  };
  for (let i = 0; i < effDims; i++) {
    let s = 0, e = 0, st = 1, bf = false, ef = false, sh = false, dim: number;
    if (effEllipsis[i]) {
      addedEllipsis = Math.max(0, i - ellipsisStart);
      bf = ef = true;
      dim = inDim(i - addedAxes);
    } else if (effNewAxis[i]) {
      e = 1;
      dim = 1;
      addedAxes++;
    } else if (i >= beginCount + expandedEllipsis) {
      bf = ef = true;
      dim = inDim(i - addedAxes);
    } else {
      const orig = i - addedEllipsis;
      s = begin[orig];
      e = end[orig];
      st = strideSpec[orig];
      bf = bit(o.beginMask, orig);
      ef = bit(o.endMask, orig);
      sh = bit(o.shrinkAxisMask, orig);
      dim = inDim(i - addedAxes);
    }
    effectiveShape.push(dim);
    startIdx.push(s); stopIdx.push(e); strides.push(st); beginFull.push(bf); endFull.push(ef); shrink.push(sh);
  }

  const starts: number[] = [];
  const stops: number[] = [];
  const counts: number[] = [];
  const outputShape: number[] = [];
  for (let i = 0; i < effDims; i++) {
    const size = effectiveShape[i];
    const stride = strides[i];
    if (stride === 0) throw new Error(`stride of dimension ${i} is 0`);
    // StartForAxis
    let start = startIdx[i];
    if (start < 0) start += size;
    start = stride > 0 ? clamp(start, 0, size) : clamp(start, -1, size - 1);
    if (beginFull[i]) start = stride > 0 ? 0 : size - 1;
    // EndForAxis
    let stop: number;
    if (shrink[i]) {
      if (start < 0 || start >= size) throw new Error(`shrink index ${startIdx[i]} is out of range for dimension ${i} of size ${size}`);
      stop = start + 1;
    } else {
      stop = stopIdx[i];
      if (o.offset) stop += start;
      if (stop < 0) stop += size;
      stop = stride > 0 ? clamp(stop, 0, size) : clamp(stop, -1, size - 1);
      if (endFull[i]) stop = stride > 0 ? size : -1;
    }
    const count = shrink[i] ? 1 : stride > 0 ? Math.max(0, Math.ceil((stop - start) / stride)) : Math.max(0, Math.ceil((start - stop) / -stride));
    starts.push(start); stops.push(stop); counts.push(count);
    if (!shrink[i]) outputShape.push(count);
  }
  return { effectiveShape, starts, stops, strides, counts, outputShape };
}

interface SliceState {
  opName: string;
  nodeIndex: number;
  options: StridedSliceOptions;
}

const SLICEABLE = ['float32', 'int32', 'int64', 'int8', 'uint8', 'bool', 'int16', 'uint16', 'uint32', 'float64'];

export const stridedSlice: Kernel<SliceState> = {
  prepare(ctx) {
    checkArity(ctx, 4, 4, 1);
    const options = requiredOptions(ctx, 'StridedSliceOptions');
    const input = requiredInput(ctx, 0, 'input');
    if (!SLICEABLE.includes(input.tensor.dtype)) fail(ctx, `${describeTensor('input', input)} type ${input.tensor.dtype} is not supported`);
    if (ctx.outputs[0].tensor.dtype !== input.tensor.dtype) {
      fail(ctx, `output type ${ctx.outputs[0].tensor.dtype} differs from input type ${input.tensor.dtype}`);
    }
    const roles = ['begin', 'end', 'strides'];
    for (let i = 1; i <= 3; i++) {
      const t = requiredInput(ctx, i, roles[i - 1]);
      if (t.tensor.dtype !== 'int32') fail(ctx, `${describeTensor(roles[i - 1], t)} must be int32, got ${t.tensor.dtype}`);
      if (t.tensor.shape.length !== 1) fail(ctx, `${describeTensor(roles[i - 1], t)} must be rank 1, got ${shapeString(t.tensor.shape)}`);
    }
    const state = { opName: ctx.opName, nodeIndex: ctx.nodeIndex, options };
    const [b, e, s] = [ctx.inputs[1]!.constant, ctx.inputs[2]!.constant, ctx.inputs[3]!.constant];
    if (b && e && s && knownShape(input) && !input.tensor.shapeSignature) {
      try {
        planStridedSlice(input.tensor.shape, b.data as Int32Array, e.data as Int32Array, s.data as Int32Array, options);
      } catch (err) {
        fail(ctx, (err as Error).message);
      }
    }
    return state;
  },

  eval(st, io) {
    const input = io.input(0) as TensorValue;
    let plan: SlicePlan;
    try {
      plan = planStridedSlice(
        input.shape, (io.input(1) as TensorValue).data as Int32Array, (io.input(2) as TensorValue).data as Int32Array,
        (io.input(3) as TensorValue).data as Int32Array, st.options,
      );
    } catch (err) {
      throw new KernelError(st.opName, st.nodeIndex, `${(err as Error).message} (input ${shapeString(input.shape)})`);
    }
    const out = io.output(0, plan.outputShape);
    copySlice(plan, input.data as Float32Array, out.data as Float32Array);
  },
};

/** Copies the planned elements in row-major output order (an odometer over the effective dims). */
function copySlice(plan: SlicePlan, src: Float32Array, dst: Float32Array): void {
  const { effectiveShape, starts, strides, counts } = plan;
  const dims = effectiveShape.length;
  if (dims === 0) {
    dst[0] = src[0];
    return;
  }
  for (const c of counts) if (c === 0) return;
  const inStride = new Array<number>(dims);
  inStride[dims - 1] = 1;
  for (let i = dims - 2; i >= 0; i--) inStride[i] = inStride[i + 1] * effectiveShape[i + 1];
  const idx = new Array<number>(dims).fill(0);
  const last = dims - 1;
  const innerCount = counts[last];
  const innerStep = strides[last];
  let o = 0;
  for (;;) {
    let base = 0;
    for (let i = 0; i < last; i++) base += (starts[i] + idx[i] * strides[i]) * inStride[i];
    let p = base + starts[last];
    for (let k = 0; k < innerCount; k++, p += innerStep) dst[o++] = src[p];
    let i = last - 1;
    while (i >= 0) {
      if (++idx[i] < counts[i]) break;
      idx[i] = 0;
      i--;
    }
    if (i < 0) return;
  }
}
