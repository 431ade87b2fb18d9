// RESHAPE (tflite/kernels/reshape.cc): same elements, new shape.
//
// The new shape comes from input 1 when there are 2 inputs and input 1 is a rank-1 int32 tensor
// (constant, or computed at run time, e.g. SHAPE → STRIDED_SLICE → PACK for a dynamic batch);
// otherwise from ReshapeOptions.new_shape, where the legacy [0] means a scalar. One entry may be -1
// (the "stretch" dimension, inferred from the element count); the element counts must match.

import { KernelError, type Kernel, type TensorValue } from '../kernel';
import { checkArity, fail, knownShape, optionsOf, requiredInput, shapeString } from '../util/checks';

interface ReshapeState {
  opName: string;
  nodeIndex: number;
  /** true: read the shape from input 1 at eval; false: use fixedShape. */
  shapeFromTensor: boolean;
  fixedShape: number[];
}

/** The output shape for an input of `inputCount` elements; throws a message on mismatch. */
export function resolveReshape(requested: ArrayLike<number>, inputShape: readonly number[]): number[] {
  const out = Array.from(requested);
  let inputElems = 1;
  let nonZeroInput = 1;
  for (const d of inputShape) {
    inputElems *= d;
    if (d !== 0) nonZeroInput *= d;
  }
  let stretch = -1;
  let outputElems = 1;
  let nonZeroOutput = 1;
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (v === -1) {
      if (stretch !== -1) throw new Error(`new shape ${shapeString(out)} has more than one -1`);
      stretch = i;
      continue;
    }
    if (v < -1 || !Number.isInteger(v)) throw new Error(`new shape ${shapeString(out)} has an invalid dimension ${v}`);
    if (v !== 0) nonZeroOutput *= v;
    outputElems *= v;
  }
  if (stretch !== -1) {
    // As TFLite: with an empty input the stretch dim is 0; otherwise it is the quotient of the
    // non-zero element counts (checked below by comparing totals).
    out[stretch] = inputElems === 0 && outputElems !== 0 ? 0 : Math.trunc(nonZeroInput / nonZeroOutput);
    outputElems *= out[stretch];
  }
  if (outputElems !== inputElems) {
    throw new Error(
      `cannot reshape ${shapeString(inputShape)} (${inputElems} elements) to ${shapeString(Array.from(requested))}` +
        ` (${outputElems} elements)`,
    );
  }
  return out;
}

export const reshape: Kernel<ReshapeState> = {
  prepare(ctx) {
    checkArity(ctx, 1, 2, 1);
    const input = requiredInput(ctx, 0);
    const shapeInput = ctx.inputs.length === 2 ? ctx.inputs[1] : null;
    const out = ctx.outputs[0];
    if (out.tensor.dtype !== input.tensor.dtype) {
      fail(ctx, `output type ${out.tensor.dtype} differs from input type ${input.tensor.dtype}`);
    }
    if (input.tensor.dtype === 'string') fail(ctx, 'string tensors are not supported');
    const shapeFromTensor =
      shapeInput !== null && shapeInput.tensor.shape.length === 1 && shapeInput.tensor.dtype === 'int32';
    let fixedShape: number[] = [];
    if (!shapeFromTensor) {
      const opts = optionsOf(ctx, 'ReshapeOptions');
      if (opts === null || opts.newShape === null) {
        fail(ctx, 'has no usable shape: input 1 is absent or not a rank-1 int32 tensor, and ReshapeOptions.new_shape is missing');
      }
      fixedShape = opts.newShape.length === 1 && opts.newShape[0] === 0 ? [] : opts.newShape.slice();
    }
    const state: ReshapeState = { opName: ctx.opName, nodeIndex: ctx.nodeIndex, shapeFromTensor, fixedShape };
    // Validate now what can be: a constant shape against the static input shape. The batch may
    // change at run time, so only a file whose static shapes already disagree is refused here.
    if (shapeFromTensor && shapeInput?.constant && knownShape(input) && !input.tensor.shapeSignature) {
      try {
        resolveReshape(shapeInput.constant.data as Int32Array, input.tensor.shape);
      } catch (e) {
        fail(ctx, (e as Error).message);
      }
    }
    return state;
  },

  eval(s, io) {
    const input = io.input(0) as TensorValue;
    let requested: ArrayLike<number> = s.fixedShape;
    if (s.shapeFromTensor) requested = (io.input(1) as TensorValue).data as Int32Array;
    let shape: number[];
    try {
      shape = resolveReshape(requested, input.shape);
    } catch (e) {
      throw new KernelError(s.opName, s.nodeIndex, (e as Error).message);
    }
    const out = io.output(0, shape);
    (out.data as Float32Array).set(input.data as Float32Array);
  },
};
