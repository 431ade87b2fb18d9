// EXPAND_DIMS (tflite/kernels/expand_dims.cc): inserts a dimension of size 1 at `axis`.
//
// Inputs: 0 = tensor (any type), 1 = axis, an int32 or int64 tensor with exactly one element
// (constant or computed at run time), in [−(rank+1), rank]; a negative axis counts from the end of
// the output shape (axis + rank + 1). The data is copied unchanged.

import { KernelError, type Kernel, type TensorValue } from '../kernel';
import { checkArity, describeTensor, fail, requiredInput } from '../util/checks';
import { intAt } from '../util/typed';

interface ExpandDimsState {
  opName: string;
  nodeIndex: number;
}

/** The shape with a 1 inserted at axis; throws a message when axis is out of range. */
export function expandedShape(shape: readonly number[], axis: number): number[] {
  const rank = shape.length;
  if (axis < -(rank + 1) || axis > rank) throw new Error(`axis ${axis} is out of range [${-(rank + 1)}, ${rank}] for a rank-${rank} input`);
  const a = axis < 0 ? axis + rank + 1 : axis;
  return [...shape.slice(0, a), 1, ...shape.slice(a)];
}

export const expandDims: Kernel<ExpandDimsState> = {
  prepare(ctx) {
    checkArity(ctx, 2, 2, 1);
    const input = requiredInput(ctx, 0);
    const axis = requiredInput(ctx, 1, 'axis');
    if (axis.tensor.dtype !== 'int32' && axis.tensor.dtype !== 'int64') {
      fail(ctx, `${describeTensor('axis', axis)} has type ${axis.tensor.dtype}; expected int32 or int64`);
    }
    const out = ctx.outputs[0];
    if (out.tensor.dtype !== input.tensor.dtype) {
      fail(ctx, `${describeTensor('output', out)} has type ${out.tensor.dtype}, input has ${input.tensor.dtype}`);
    }
    if (input.tensor.dtype === 'string') fail(ctx, 'string tensors are not supported');
    return { opName: ctx.opName, nodeIndex: ctx.nodeIndex };
  },

  eval(s, io) {
    const input = io.input(0) as TensorValue;
    const axis = io.input(1) as TensorValue;
    if (axis.data.length !== 1) {
      throw new KernelError(s.opName, s.nodeIndex, `axis must have exactly one element, has ${axis.data.length}`);
    }
    let shape: number[];
    try {
      shape = expandedShape(input.shape, intAt(axis.data, 0));
    } catch (e) {
      throw new KernelError(s.opName, s.nodeIndex, (e as Error).message);
    }
    (io.output(0, shape).data as Float32Array).set(input.data as Float32Array);
  },
};
