// RELU6 (tflite/kernels/activations.cc Relu6Eval, float32): out = min(max(0, x), 6). NaN stays NaN.

import type { Kernel, TensorValue } from '../kernel';
import { prepareFloatUnary, type UnaryState } from '../util/unary';

export function relu6Impl(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = v < 0 ? 0 : v > 6 ? 6 : v;
  }
}

export const relu6: Kernel<UnaryState> = {
  prepare: prepareFloatUnary,
  eval(_s, io) {
    const x = io.input(0) as TensorValue;
    relu6Impl(x.data as Float32Array, io.output(0, x.shape).data as Float32Array);
  },
};
