import { describe, expect, it } from 'vitest';
import type { Activation } from '../../tflite/options';
import { expectArithRefusals, sweepBinaryArith } from '../../testing/binary_arith_cases';
import { constant, f32, i32, runKernel, runtime } from '../../testing/run_kernel';
import type { TensorValue } from '../kernel';
import { sub } from './sub';
import { describeOpGoldens } from '../../testing/reference/op_goldens';

function run(a: TensorValue, b: TensorValue, act: Activation = 'NONE', nodeIndex = 0): TensorValue {
  return runKernel(sub, {
    opName: 'SUB', nodeIndex, options: { type: 'SubOptions', fusedActivation: act, potScaleInt16: false },
    inputs: [runtime(a), constant(b)], outputs: [{ dtype: a.dtype }],
  })[0];
}

describe('SUB kernel', () => {
  it('hand-computed cases (TFLite sub_test), broadcasting and int32', () => {
    const out = run(f32([1, 2, 2, 1], [-2.0, 0.2, 1.7, 0.5]), f32([1, 2, 2, 1], [0.1, 0.2, 0.3, 0.8]));
    const fa = [-2.0, 0.2, 1.7, 0.5].map(Math.fround);
    const fb = [0.1, 0.2, 0.3, 0.8].map(Math.fround);
    expect(Array.from(out.data as ArrayLike<number>)).toEqual(fa.map((v, i) => Math.fround(v - fb[i])));
    expect(Array.from(out.data as ArrayLike<number>).map((v) => Number(v.toFixed(5)))).toEqual([-2.1, 0, 1.4, -0.3]);
    // Order matters: a scalar on the left broadcasts too.
    expect(Array.from(run(f32([], [10]), f32([3], [1, 2, 3])).data as ArrayLike<number>)).toEqual([9, 8, 7]);
    expect(Array.from(run(f32([3], [1, 2, 3]), f32([], [10]), 'RELU').data as ArrayLike<number>)).toEqual([0, 0, 0]);
    expect(Array.from(run(i32([2], [-2147483648, 5]), i32([2], [1, 7])).data as ArrayLike<number>)).toEqual([2147483647, -2]);
  });

  it('agrees exactly with the naive reference on seeded random broadcast shapes', () => {
    sweepBinaryArith('sub', run, 377);
  });

  it('refuses non-broadcastable shapes and quantized inputs with a KernelError naming the node', () => {
    expectArithRefusals('SUB', run);
  });
});

describeOpGoldens('SUB', sub, { exact: true });
