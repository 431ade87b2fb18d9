// LOGISTIC (tflite/kernels/activations.cc SigmoidEval, float32): out = 1 / (1 + exp(−x)).
// As TFLite's reference_ops::Logistic, x is first clamped to [−100, 100] (NaN stays NaN), so a
// very negative x gives a tiny positive value rather than exp overflow; computed in double and
// rounded once to float32.

import type { Kernel, TensorValue } from '../kernel';
import { prepareFloatUnary, type UnaryState } from '../util/unary';

export function logisticImpl(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const c = v < -100 ? -100 : v > 100 ? 100 : v;
    out[i] = 1 / (1 + Math.exp(-c));
  }
}

export const logistic: Kernel<UnaryState> = {
  prepare: prepareFloatUnary,
  eval(_s, io) {
    const x = io.input(0) as TensorValue;
    logisticImpl(x.data as Float32Array, io.output(0, x.shape).data as Float32Array);
  },
};
