import { describe, expect, it } from 'vitest';
import type { Activation } from '../../tflite/options';
import { makeRng } from '../../util/rng';
import { f32, i32, i64, runKernel, runtime } from '../../testing/run_kernel';
import { refConcat } from '../../testing/reference/shape_ops';
import type { TensorValue } from '../kernel';
import { concatenation } from './concatenation';
import { describeOpGoldens } from '../../testing/reference/op_goldens';

const run = (xs: TensorValue[], axis: number, act: Activation = 'NONE', nodeIndex = 0): TensorValue =>
  runKernel(concatenation, {
    opName: 'CONCATENATION', nodeIndex, options: { type: 'ConcatenationOptions', axis, fusedActivation: act },
    inputs: xs.map((x) => runtime(x)), outputs: [{ dtype: xs[0].dtype }],
  })[0];
const nums = (v: TensorValue): number[] => Array.from(v.data as ArrayLike<number>);

describe('CONCATENATION kernel', () => {
  it('hand-computed: axis 0, 1 and −1 of two [2,3] tensors (TFLite concatenation_test)', () => {
    const a = f32([2, 3], [1, 2, 3, 4, 5, 6]);
    const b = f32([2, 3], [7, 8, 9, 10, 11, 12]);
    expect(nums(run([a, b], 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const c = run([a, b], 1);
    expect(c.shape).toEqual([2, 6]);
    expect(nums(c)).toEqual([1, 2, 3, 7, 8, 9, 4, 5, 6, 10, 11, 12]);
    expect(nums(run([a, b], -1))).toEqual(nums(c));
    expect(nums(run([a], 0))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('concatenates scalars into a vector, int32 and int64 values, and empty slices', () => {
    const s = run([i32([], [4]), i32([], [5]), i32([], [6])], 0);
    expect(s.shape).toEqual([3]);
    expect(nums(s)).toEqual([4, 5, 6]);
    expect(Array.from(run([i64([1], [1]), i64([2], [2, 3])], 0).data as BigInt64Array)).toEqual([1n, 2n, 3n]);
    expect(nums(run([f32([2, 0], []), f32([2, 1], [7, 8])], 1))).toEqual([7, 8]);
  });

  it('refuses any fused activation, as TFLite\'s Prepare does', () => {
    for (const act of ['RELU', 'RELU6', 'RELU_N1_TO_1', 'TANH'] as const) {
      expect(() => run([f32([2], [-1, 3]), f32([1], [9])], 0, act, 2)).toThrow(new RegExp(`CONCATENATION \\(node 2\\): fused activation ${act}`));
    }
  });

  it('agrees with the naive reference on seeded random shapes and axes', () => {
    const rng = makeRng(5150);
    for (let trial = 0; trial < 40; trial++) {
      const rank = rng.int(1, 5);
      const base = Array.from({ length: rank }, () => rng.int(1, 4));
      const axis = rng.int(-rank, rank - 1);
      const a = axis < 0 ? axis + rank : axis;
      const parts = Array.from({ length: rng.int(1, 4) }, () => {
        const shape = base.slice();
        shape[a] = rng.int(0, 3);
        return f32(shape, rng.floats(shape.reduce((p, d) => p * d, 1)));
      });
      const out = run(parts, axis);
      const ref = refConcat(parts.map((p) => ({ data: p.data as Float32Array, shape: p.shape })), axis);
      expect(out.shape).toEqual(ref.shape);
      expect(nums(out)).toEqual(ref.data);
    }
  });

  it('refuses mismatched shapes, a bad axis and mixed types', () => {
    expect(() => run([f32([2, 3], new Array(6).fill(0)), f32([3, 3], new Array(9).fill(0))], 1, 'NONE', 9))
      .toThrow(/CONCATENATION \(node 9\).*dimension 0 differs/);
    expect(() => run([f32([2], [1, 2])], 1)).toThrow(/axis 1 is out of range/);
    expect(() => runKernel(concatenation, {
      opName: 'CONCATENATION', options: { type: 'ConcatenationOptions', axis: 0, fusedActivation: 'NONE' },
      inputs: [runtime(f32([1], [1])), runtime(i32([1], [1]))], outputs: [{ dtype: 'float32' }],
    })).toThrow(/input 1 .* has type int32/);
  });
});

describeOpGoldens('CONCATENATION', concatenation, { exact: true });
