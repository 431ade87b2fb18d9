import { describe, expect, it } from 'vitest';
import { checkOpGoldens } from '../../testing/golden_check';
import type { StridedSliceOptions } from '../../tflite/options';
import { constant, f32, i32, i64, prepareKernel, runKernel, runtime } from '../../testing/run_kernel';
import { refStridedSlice } from '../../testing/reference/strided_slice';
import { makeRng } from '../../util/rng';
import type { TensorValue } from '../kernel';
import { stridedSlice } from './strided_slice';

function opts(o: Partial<StridedSliceOptions> = {}): StridedSliceOptions {
  return { type: 'StridedSliceOptions', beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0, offset: false, ...o };
}

function slice(input: TensorValue, begin: number[], end: number[], strides: number[], o: Partial<StridedSliceOptions> = {}): TensorValue {
  const n = begin.length;
  return runKernel(stridedSlice, {
    opName: 'STRIDED_SLICE', options: opts(o),
    inputs: [runtime(input), constant(i32([n], begin)), constant(i32([n], end)), constant(i32([n], strides))],
    outputs: [{ dtype: input.dtype }],
  })[0];
}

const vals = (t: TensorValue) => Array.from(t.data as Float32Array);
const iota = (shape: number[]) => f32(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1));

describe('STRIDED_SLICE hand cases (tflite strided_slice_test.cc)', () => {
  const x = f32([4], [1, 2, 3, 4]);
  it('1-D: plain, negative begin, out-of-range begin, negative end, end mask', () => {
    expect(vals(slice(x, [1], [3], [1]))).toEqual([2, 3]);
    expect(vals(slice(x, [-3], [3], [1]))).toEqual([2, 3]);
    expect(vals(slice(x, [-5], [3], [1]))).toEqual([1, 2, 3]);
    expect(vals(slice(x, [1], [-2], [1]))).toEqual([2]);
    expect(vals(slice(x, [1], [3], [1], { endMask: 1 }))).toEqual([2, 3, 4]);
    expect(vals(slice(x, [1], [3], [1], { beginMask: 1 }))).toEqual([1, 2, 3]);
  });
  it('negative strides, including masks', () => {
    expect(vals(slice(f32([3], [1, 2, 3]), [-1], [-4], [-1]))).toEqual([3, 2, 1]);
    expect(vals(slice(x, [3], [0], [-2]))).toEqual([4, 2]);
    expect(vals(slice(x, [0], [0], [-1], { beginMask: 1, endMask: 1 }))).toEqual([4, 3, 2, 1]);
  });
  it('shrink_axis_mask drops dimensions (the SHAPE → STRIDED_SLICE batch pattern)', () => {
    const a = slice(iota([2, 3]), [0, 0], [1, 3], [1, 1], { shrinkAxisMask: 1 });
    expect(a.shape).toEqual([3]);
    expect(vals(a)).toEqual([1, 2, 3]);
    const b = slice(i32([4], [7, 28, 28, 1]), [0], [1], [1], { shrinkAxisMask: 1 });
    expect(b.shape).toEqual([]);
    expect(Array.from(b.data as Int32Array)).toEqual([7]);
    const c = slice(iota([2, 3]), [-1, -1], [0, 0], [1, 1], { shrinkAxisMask: 3 });
    expect(c.shape).toEqual([]);
    expect(vals(c)).toEqual([6]);
  });
  it('ellipsis_mask expands to the missing dimensions', () => {
    // x[..., 0:1] on [2, 3, 2]
    const a = slice(iota([2, 3, 2]), [0, 0], [0, 1], [1, 1], { ellipsisMask: 1 });
    expect(a.shape).toEqual([2, 3, 1]);
    expect(vals(a)).toEqual([1, 3, 5, 7, 9, 11]);
    // x[1, ...] with shrink on the first spec
    const b = slice(iota([2, 3, 2]), [1, 0], [2, 0], [1, 1], { ellipsisMask: 2, shrinkAxisMask: 1 });
    expect(b.shape).toEqual([3, 2]);
    expect(vals(b)).toEqual([7, 8, 9, 10, 11, 12]);
  });
  it('new_axis_mask inserts a dimension of 1', () => {
    const a = slice(iota([2, 3]), [0, 0, 0], [0, 2, 3], [1, 1, 1], { newAxisMask: 1 });
    expect(a.shape).toEqual([1, 2, 3]);
    expect(vals(a)).toEqual([1, 2, 3, 4, 5, 6]);
    const b = slice(iota([2, 3]), [0, 0, 1], [2, 0, 3], [1, 1, 1], { newAxisMask: 2 });
    expect(b.shape).toEqual([2, 1, 2]);
    expect(vals(b)).toEqual([2, 3, 5, 6]);
  });
  it('offset: end is a length from begin', () => {
    const a = slice(iota([2, 4]), [0, 1], [2, 2], [1, 1], { offset: true });
    expect(a.shape).toEqual([2, 2]);
    expect(vals(a)).toEqual([2, 3, 6, 7]);
  });
  it('fewer spec entries than dims take the rest whole; int64 data', () => {
    const a = slice(iota([2, 2, 2]), [1], [2], [1]);
    expect(a.shape).toEqual([1, 2, 2]);
    expect(vals(a)).toEqual([5, 6, 7, 8]);
    const b = slice(i64([3], [10, 20, 30]), [1], [3], [1]);
    expect(Array.from(b.data as BigInt64Array)).toEqual([20n, 30n]);
  });
  it('reads begin/end computed at run time', () => {
    const k = prepareKernel(stridedSlice, {
      opName: 'STRIDED_SLICE', options: opts(),
      inputs: [runtime(x), runtime(i32([1], [0])), runtime(i32([1], [2])), constant(i32([1], [1]))],
      outputs: [{ dtype: 'float32' }],
    });
    expect(vals(k.run([x, i32([1], [2]), i32([1], [4])])[0])).toEqual([3, 4]);
  });
});

describe('STRIDED_SLICE seeded sweep vs the Python-slice reference', () => {
  it('matches on random shapes, indices, strides and masks', () => {
    const rng = makeRng(31);
    let checked = 0;
    for (let t = 0; t < 300; t++) {
      const rank = rng.int(1, 4);
      const shape = Array.from({ length: rank }, () => rng.int(1, 5));
      const n = rng.int(1, rank);
      const begin = Array.from({ length: n }, (_, d) => rng.int(-shape[d] - 2, shape[d] + 2));
      const end = Array.from({ length: n }, (_, d) => rng.int(-shape[d] - 2, shape[d] + 2));
      const strides = Array.from({ length: n }, () => (rng.next() < 0.5 ? -1 : 1) * rng.int(1, 3));
      const spec = { begin, end, strides, beginMask: rng.int(0, 15), endMask: rng.int(0, 15), shrinkAxisMask: rng.next() < 0.3 ? rng.int(0, 15) : 0 };
      const input = iota(shape);
      const want = refStridedSlice(input.data as Float32Array, shape, spec);
      const run = () => slice(input, begin, end, strides, spec);
      if (want === null) {
        expect(run).toThrow(/STRIDED_SLICE \(node 0\): shrink index .* out of range/);
        continue;
      }
      const got = run();
      expect(got.shape, `case ${t}`).toEqual(want.shape);
      expect(vals(got), `case ${t}`).toEqual(Array.from(want.data));
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });
});

describe('STRIDED_SLICE errors', () => {
  it('refuses zero strides, mismatched lengths, non-int32 indices and > 31 indices', () => {
    expect(() => slice(f32([3], [1, 2, 3]), [0], [2], [0])).toThrow(/stride of dimension 0 is 0/);
    expect(() => runKernel(stridedSlice, {
      opName: 'STRIDED_SLICE', nodeIndex: 2, options: opts(),
      inputs: [runtime(f32([3], [1, 2, 3])), constant(i32([1], [0])), constant(i32([2], [2, 2])), constant(i32([1], [1]))],
      outputs: [{ dtype: 'float32' }],
    })).toThrow(/STRIDED_SLICE \(node 2\): begin, end and strides must have the same length/);
    expect(() => runKernel(stridedSlice, {
      opName: 'STRIDED_SLICE', options: opts(),
      inputs: [runtime(f32([3], [1, 2, 3])), constant(i64([1], [0])), constant(i32([1], [2])), constant(i32([1], [1]))],
      outputs: [{ dtype: 'float32' }],
    })).toThrow(/begin .* must be int32, got int64/);
    const big = new Array(32).fill(0);
    expect(() => slice(f32([1], [1]), big, big, big.map(() => 1))).toThrow(/at most 31 indices/);
  });
});

describe('STRIDED_SLICE vs the official runtime (goldens)', () => {
  it('every case are identical to the official outputs', () => {
    expect(checkOpGoldens('STRIDED_SLICE', 0).length).toBeGreaterThanOrEqual(8);
  });
});
