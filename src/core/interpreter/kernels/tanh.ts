// TANH (tflite/kernels/activations.cc TanhEval, float32): out = tanh(x). The official runtime
// runs it on TFLite's optimized kernel (XNNPACK does not take TANH there): Eigen's float rational
// approximation, reproduced bit for bit by util/eigen_math.ts.

import type { Kernel, TensorValue } from '../kernel';
import { prepareFloatUnary, type UnaryState } from '../util/unary';
import { eigenTanh } from '../util/eigen_math';

export function tanhImpl(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) out[i] = eigenTanh(x[i]);
}

export const tanh: Kernel<UnaryState> = {
  prepare: prepareFloatUnary,
  eval(_s, io) {
    const x = io.input(0) as TensorValue;
    tanhImpl(x.data as Float32Array, io.output(0, x.shape).data as Float32Array);
  },
};
