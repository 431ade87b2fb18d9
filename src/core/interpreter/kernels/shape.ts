// SHAPE (tflite/kernels/shape.cc): the input's dimensions as a rank-1 int32 or int64 tensor.
// The output type is ShapeOptions.out_type (int32 when the options table is absent) and must
// equal the output tensor's type. Works on any input dtype: only the shape is read.

import type { Kernel, TensorValue } from '../kernel';
import { checkArity, fail, optionsOf, requiredInput } from '../util/checks';

interface ShapeState {
  int64: boolean;
}

export const shape: Kernel<ShapeState> = {
  prepare(ctx) {
    checkArity(ctx, 1, 1, 1);
    requiredInput(ctx, 0);
    const outType = optionsOf(ctx, 'ShapeOptions')?.outType ?? 'int32';
    if (outType !== 'int32' && outType !== 'int64') fail(ctx, `out_type ${outType} is not supported (int32 or int64)`);
    const outDType = ctx.outputs[0].tensor.dtype;
    if (outDType !== outType) fail(ctx, `output tensor type ${outDType} differs from ShapeOptions.out_type ${outType}`);
    return { int64: outType === 'int64' };
  },

  eval(s, io) {
    const dims = (io.input(0) as TensorValue).shape;
    const out = io.output(0, [dims.length]);
    if (s.int64) {
      const d = out.data as BigInt64Array;
      for (let i = 0; i < dims.length; i++) d[i] = BigInt(dims[i]);
    } else {
      const d = out.data as Int32Array;
      for (let i = 0; i < dims.length; i++) d[i] = dims[i];
    }
  },
};
