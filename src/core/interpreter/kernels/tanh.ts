// TANH (tflite/kernels/activations.cc TanhEval, float32): out = tanh(x), computed in double and
// rounded once to float32 (TFLite's reference uses std::tanh on float; its optimized path an Eigen
// polynomial — both within an ulp or two of this).

import type { Kernel, TensorValue } from '../kernel';
import { prepareFloatUnary, type UnaryState } from '../util/unary';

export function tanhImpl(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]);
}

export const tanh: Kernel<UnaryState> = {
  prepare: prepareFloatUnary,
  eval(_s, io) {
    const x = io.input(0) as TensorValue;
    tanhImpl(x.data as Float32Array, io.output(0, x.shape).data as Float32Array);
  },
};
