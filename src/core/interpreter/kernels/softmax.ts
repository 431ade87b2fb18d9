// SOFTMAX, float32 (tflite/kernels/activations.cc): over the last dimension of an input of any
// rank ≥ 1, out = exp((x − max)·beta) / Σ exp((x − max)·beta). Subtracting the row max first (as
// TFLite does) keeps exp() from overflowing. Reproduces whichever kernel the official runtime
// uses, bit for bit on the goldens:
// - XNNPACK's (beta = 1 in a static graph): util/xnnpack_exp.ts;
// - TFLite's builtin one (optimized_ops::Softmax, through Eigen): e = expf(fr(x − max)·beta),
//   summed one by one from the first, scale = fr(1 / sum), out = e · scale. expf is taken as
//   the float32 rounding of the double exp (musl's expf is within 0.502 ulp, so the two can differ
//   in rare last-bit cases).

import type { Kernel, TensorValue } from '../kernel';
import { KernelError } from '../kernel';
import { checkArity, checkDType, checkFloat32Output, fail, knownShape, optionsOf, requiredInput } from '../util/checks';
import { softmaxRow } from '../util/xnnpack_exp';

interface SoftmaxState {
  opName: string;
  nodeIndex: number;
  beta: number;
  xnnpack: boolean;
}

export const softmax: Kernel<SoftmaxState> = {
  prepare(ctx) {
    checkArity(ctx, 1, 1, 1);
    const input = requiredInput(ctx, 0, 'input');
    checkDType(ctx, input, 'input', ['float32']);
    checkFloat32Output(ctx);
    if (knownShape(input) && input.tensor.shape.length < 1) fail(ctx, 'input must have rank ≥ 1');
    const beta = optionsOf(ctx, 'SoftmaxOptions')?.beta ?? 1;
    return { opName: ctx.opName, nodeIndex: ctx.nodeIndex, beta, xnnpack: ctx.numerics === 'xnnpack' && beta === 1 };
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
    for (let r = 0; r < rows; r++) {
      if (s.xnnpack) softmaxRow(x, y, r * depth, depth);
      else builtinSoftmaxRow(x, y, r * depth, depth, beta);
    }
  },
};

const fr = Math.fround;

/** TFLite's builtin softmax of one row (see the header). */
function builtinSoftmaxRow(x: Float32Array, y: Float32Array, base: number, n: number, beta: number): void {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (max < x[base + i]) max = x[base + i];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = fr(Math.exp(fr(fr(x[base + i] - max) * beta)));
    y[base + i] = e;
    sum = i === 0 ? e : fr(sum + e);
  }
  const scale = fr(1 / sum);
  for (let i = 0; i < n; i++) y[base + i] = fr(y[base + i] * scale);
}
