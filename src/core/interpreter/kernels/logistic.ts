// LOGISTIC (tflite/kernels/activations.cc SigmoidEval, float32): out = 1 / (1 + exp(−x)). The
// official runtime runs it on XNNPACK, whose sigmoid util/xnnpack_exp.ts reproduces bit for bit
// (exp(−|x|) by its polynomial, e / (e + 1), mirrored for positive x; NaN stays NaN).

import type { Kernel, TensorValue } from '../kernel';
import { prepareFloatUnary, type UnaryState } from '../util/unary';
import { sigmoid } from '../util/xnnpack_exp';

export function logisticImpl(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) out[i] = sigmoid(x[i]);
}

export const logistic: Kernel<UnaryState> = {
  prepare: prepareFloatUnary,
  eval(_s, io) {
    const x = io.input(0) as TensorValue;
    logisticImpl(x.data as Float32Array, io.output(0, x.shape).data as Float32Array);
  },
};
