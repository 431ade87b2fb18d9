import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/rng';
import { constant, f32, i32, i64, runKernel, runtime } from '../../testing/run_kernel';
import { refGather } from '../../testing/reference/shape_ops';
import type { TensorValue } from '../kernel';
import { gather } from './gather';
import { describeOpGoldens } from '../../testing/reference/op_goldens';

const run = (params: TensorValue, indices: TensorValue, axis = 0, batchDims = 0, nodeIndex = 0): TensorValue =>
  runKernel(gather, {
    opName: 'GATHER', nodeIndex, options: { type: 'GatherOptions', axis, batchDims },
    inputs: [constant(params), runtime(indices)], outputs: [{ dtype: params.dtype, quantization: params.quantization }],
  })[0];
const nums = (v: TensorValue): number[] => Array.from(v.data as ArrayLike<number>);

describe('GATHER kernel', () => {
  it('hand-computed cases (TFLite gather_test Shuffle, Axis1, batch_dims)', () => {
    const shuffled = run(f32([2, 2], [-2.0, 0.2, 0.7, 0.8]), i32([2], [1, 0]));
    expect(nums(shuffled)).toEqual([0.7, 0.8, -2.0, 0.2].map(Math.fround));
    const ax1 = run(f32([1, 2, 3], [1, 2, 3, 4, 5, 6]), i32([2], [1, 0]), 1);
    expect(ax1.shape).toEqual([1, 2, 3]);
    expect(nums(ax1)).toEqual([4, 5, 6, 1, 2, 3]);
    const last = run(f32([1, 2, 3], [1, 2, 3, 4, 5, 6]), i64([2], [2, 0]), -1);
    expect(last.shape).toEqual([1, 2, 2]);
    expect(nums(last)).toEqual([3, 1, 6, 4]);
    const batched = run(f32([2, 5], [0, 1, 2, 3, 4, 10, 11, 12, 13, 14]), i32([2, 2], [0, 1, 2, 3]), 1, 1);
    expect(batched.shape).toEqual([2, 2]);
    expect(nums(batched)).toEqual([0, 1, 12, 13]);
  });

  it('gathers rows of an embedding table by token ids, with int8 params keeping their quantization', () => {
    const q = { scale: [0.5], zeroPoint: [0], quantizedDimension: 0, min: null, max: null, custom: null };
    const table: TensorValue = { dtype: 'int8', shape: [3, 2], data: new Int8Array([1, 2, 3, 4, 5, 6]), quantization: q };
    const out = run(table, i32([1, 3], [2, 2, 0]));
    expect(out.shape).toEqual([1, 3, 2]);
    expect(out.dtype).toBe('int8');
    expect(out.quantization).toEqual(q);
    expect(nums(out)).toEqual([5, 6, 5, 6, 1, 2]);
  });

  it('agrees with the naive reference on seeded random shapes, axes and batch_dims', () => {
    const rng = makeRng(9001);
    for (let trial = 0; trial < 60; trial++) {
      const pShape = Array.from({ length: rng.int(1, 4) }, () => rng.int(1, 4));
      const axis = rng.int(0, pShape.length - 1);
      const batchDims = rng.int(0, axis);
      const iShape = [...pShape.slice(0, batchDims), ...Array.from({ length: rng.int(0, 2) }, () => rng.int(1, 3))];
      const params = f32(pShape, rng.floats(pShape.reduce((p, d) => p * d, 1)));
      const idx = Array.from({ length: iShape.reduce((p, d) => p * d, 1) }, () => rng.int(0, pShape[axis] - 1));
      const negAxis = rng.next() < 0.5 ? axis - pShape.length : axis;
      const out = run(params, i32(iShape, idx), negAxis, batchDims);
      const ref = refGather(params.data as Float32Array, pShape, idx, iShape, axis, batchDims);
      expect(out.shape).toEqual(ref.shape);
      expect(nums(out)).toEqual(ref.data);
    }
  });

  it('refuses out-of-range indices (both ends) with the offending value, and bad options', () => {
    const p = f32([3], [1, 2, 3]);
    expect(() => run(p, i32([2], [0, 3]), 0, 0, 2)).toThrow(/GATHER \(node 2\).*index 3 at position 1.*\[0, 3\)/);
    expect(() => run(p, i64([1], [-1]))).toThrow(/index -1 at position 0/);
    expect(() => run(p, i32([1], [0]), 1)).toThrow(/axis 1 is out of range/);
    expect(() => run(f32([2, 2], [1, 2, 3, 4]), i32([3, 1], [0, 0, 0]), 1, 1)).toThrow(/batch dimension 0 differs/);
    expect(() => run(p, f32([1], [0]))).toThrow(/indices .* has type float32/);
  });
});

describeOpGoldens('GATHER', gather, { exact: true });
