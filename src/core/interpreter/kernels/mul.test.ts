import { describe, expect, it } from 'vitest';
import type { Activation } from '../../tflite/options';
import { expectArithRefusals, sweepBinaryArith } from '../../testing/binary_arith_cases';
import { constant, f32, i32, runKernel, runtime } from '../../testing/run_kernel';
import type { TensorValue } from '../kernel';
import { mul } from './mul';
import { describeOpGoldens } from '../../testing/reference/op_goldens';

function run(a: TensorValue, b: TensorValue, act: Activation = 'NONE', nodeIndex = 0): TensorValue {
  return runKernel(mul, {
    opName: 'MUL', nodeIndex, options: { type: 'MulOptions', fusedActivation: act },
    inputs: [runtime(a), constant(b)], outputs: [{ dtype: a.dtype }],
  })[0];
}

describe('MUL kernel', () => {
  it('hand-computed cases (TFLite mul_test), broadcasting and int32', () => {
    const out = run(f32([1, 2, 2, 1], [-2.0, 0.2, 0.7, 0.8]), f32([1, 2, 2, 1], [0.1, 0.2, 0.3, 0.5]));
    expect(Array.from(out.data as ArrayLike<number>).map((v) => Number(v.toFixed(5)))).toEqual([-0.2, 0.04, 0.21, 0.4]);
    expect(Array.from(run(f32([2, 2], [1, -2, 3, 4]), f32([2], [10, 100]), 'RELU6').data as ArrayLike<number>)).toEqual([6, 0, 6, 6]);
    expect(Array.from(run(f32([2, 1], [2, 3]), f32([1, 3], [1, 2, 3])).data as ArrayLike<number>)).toEqual([2, 4, 6, 3, 6, 9]);
    // int32 wraps: 65536 * 65536 = 2^32 ≡ 0, 65537 * 65537 ≡ 131073.
    expect(Array.from(run(i32([2], [65536, 65537]), i32([2], [65536, 65537])).data as ArrayLike<number>)).toEqual([0, 131073]);
  });

  it('agrees exactly with the naive reference on seeded random broadcast shapes', () => {
    sweepBinaryArith('mul', run, 377);
  });

  it('refuses non-broadcastable shapes and quantized inputs with a KernelError naming the node', () => {
    expectArithRefusals('MUL', run);
  });
});

describeOpGoldens('MUL', mul, { exact: true });
