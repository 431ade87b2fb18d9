// RELU (tflite/kernels/activations.cc ReluEval, float32): out = max(0, x). NaN stays NaN, as in
// TFLite's reference loop (`val < 0 ? 0 : val`).

import type { Kernel, TensorValue } from '../kernel';
import { prepareFloatUnary, type UnaryState } from '../util/unary';

export function reluImpl(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = v < 0 ? 0 : v;
  }
}

export const relu: Kernel<UnaryState> = {
  prepare: prepareFloatUnary,
  eval(_s, io) {
    const x = io.input(0) as TensorValue;
    reluImpl(x.data as Float32Array, io.output(0, x.shape).data as Float32Array);
  },
};
