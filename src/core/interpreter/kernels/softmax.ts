// SOFTMAX, float32 (tflite/kernels/activations.cc → reference_ops::Softmax): over the last
// dimension of an input of any rank ≥ 1, out = exp((x − max)·beta) / Σ exp((x − max)·beta).
// Subtracting the row max first (as TFLite does) keeps exp() from overflowing. With beta = 1 the
// official runtime runs XNNPACK's softmax, which util/xnnpack_exp.ts reproduces bit for bit;
// any other beta stays on TFLite's builtin kernel, here with float64 exp and sums.

import type { Kernel, TensorValue } from '../kernel';
import { KernelError } from '../kernel';
import { checkArity, checkDType, checkFloat32Output, fail, knownShape, optionsOf, requiredInput } from '../util/checks';
import { softmaxRow } from '../util/xnnpack_exp';

interface SoftmaxState {
  opName: string;
  nodeIndex: number;
  beta: number;
  /** One row of exponentials in float64. */
  exps: Float64Array;
}

export const softmax: Kernel<SoftmaxState> = {
  prepare(ctx) {
    checkArity(ctx, 1, 1, 1);
    const input = requiredInput(ctx, 0, 'input');
    checkDType(ctx, input, 'input', ['float32']);
    checkFloat32Output(ctx);
    if (knownShape(input) && input.tensor.shape.length < 1) fail(ctx, 'input must have rank ≥ 1');
    const beta = optionsOf(ctx, 'SoftmaxOptions')?.beta ?? 1;
    return { opName: ctx.opName, nodeIndex: ctx.nodeIndex, beta, exps: new Float64Array(0) };
  },

  eval(s, io) {
    const input = io.input(0) as TensorValue;
    if (input.shape.length < 1) throw new KernelError(s.opName, s.nodeIndex, 'input must have rank ≥ 1');
    const out = io.output(0, input.shape);
    const depth = input.shape[input.shape.length - 1];
    const x = input.data as Float32Array;
    const y = out.data as Float32Array;
    const rows = depth === 0 ? 0 : x.length / depth;
    const beta = s.beta;
    if (beta === 1) {
      for (let r = 0; r < rows; r++) softmaxRow(x, y, r * depth, depth);
      return;
    }
    if (s.exps.length < depth) s.exps = new Float64Array(depth);
    const exps = s.exps;
    for (let r = 0; r < rows; r++) {
      const base = r * depth;
      let max = -Infinity;
      for (let c = 0; c < depth; c++) if (max < x[base + c]) max = x[base + c];
      let sum = 0;
      for (let c = 0; c < depth; c++) {
        const e = Math.exp((x[base + c] - max) * beta);
        exps[c] = e;
        sum += e;
      }
      for (let c = 0; c < depth; c++) y[base + c] = exps[c] / sum;
    }
  },
};
