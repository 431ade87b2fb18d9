import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/rng';
import { constant, f32, i32, runKernel, runtime } from '../../testing/run_kernel';
import { expectClose } from '../../testing/tolerance';
import { refMean } from '../../testing/reference/shape_ops';
import type { TensorValue } from '../kernel';
import { mean } from './mean';
import { describeOpGoldens } from '../../testing/reference/op_goldens';

const run = (x: TensorValue, axes: TensorValue, keepDims: boolean, axesConst = true, nodeIndex = 0): TensorValue =>
  runKernel(mean, {
    opName: 'MEAN', nodeIndex, options: { type: 'ReducerOptions', keepDims },
    inputs: [runtime(x), axesConst ? constant(axes) : runtime(axes)], outputs: [{ dtype: 'float32' }],
  })[0];
const nums = (v: TensorValue): number[] => Array.from(v.data as ArrayLike<number>);
const data24 = Array.from({ length: 24 }, (_, i) => (i + 1) / 10);

describe('MEAN kernel', () => {
  it('hand-computed cases (TFLite reduce_test MeanFloat: duplicate/negative axes, keep_dims)', () => {
    const x = f32([4, 3, 2], data24);
    const a = run(x, i32([4], [1, 0, -3, -3]), false);
    expect(a.shape).toEqual([2]);
    expectClose(a.data as Float32Array, [1.2, 1.3], { rel: 1e-6 });
    const b = run(x, i32([2], [0, 2]), true, false);
    expect(b.shape).toEqual([1, 3, 1]);
    expectClose(b.data as Float32Array, [1.05, 1.25, 1.45], { rel: 1e-6 });
    const all = run(x, i32([3], [0, 1, 2]), false);
    expect(all.shape).toEqual([]);
    expectClose(all.data as Float32Array, [1.25], { rel: 1e-6 });
  });

  it('global average pool: axes [1, 2] of NHWC with keep_dims, and no axes at all', () => {
    const x = f32([1, 2, 2, 2], [1, 10, 3, 30, 5, 50, 7, 70]);
    const out = run(x, i32([2], [1, 2]), true);
    expect(out.shape).toEqual([1, 1, 1, 2]);
    expect(nums(out)).toEqual([4, 40]);
    const none = run(x, i32([0], []), false);
    expect(none.shape).toEqual([1, 2, 2, 2]);
    expect(nums(none)).toEqual(nums(x));
  });

  it('agrees with the naive reference on seeded random shapes and axis sets', () => {
    const rng = makeRng(2718);
    for (let trial = 0; trial < 50; trial++) {
      const shape = Array.from({ length: rng.int(1, 5) }, () => rng.int(1, 5));
      const axes = shape.map((_, i) => i).filter(() => rng.next() < 0.5).map((a) => (rng.next() < 0.5 ? a - shape.length : a));
      const keep = rng.next() < 0.5;
      const x = f32(shape, rng.floats(shape.reduce((p, d) => p * d, 1), -5, 5));
      const out = run(x, i32([axes.length], axes), keep, rng.next() < 0.5);
      const ref = refMean(x.data as Float32Array, shape, axes, keep);
      expect(out.shape).toEqual(ref.shape);
      expectClose(out.data as Float32Array, ref.data, { rel: 1e-6, abs: 1e-6, what: `[${shape}] axes [${axes}]` });
    }
  });

  it('refuses out-of-range axes (const at prepare, runtime at eval), int64 axes and int8 input', () => {
    const x = f32([2, 2], [1, 2, 3, 4]);
    expect(() => run(x, i32([1], [2]), false, true, 8)).toThrow(/MEAN \(node 8\).*axis 2 is out of range/);
    expect(() => run(x, i32([1], [-3]), false, false)).toThrow(/axis -3 is out of range/);
    expect(() => runKernel(mean, {
      opName: 'MEAN', inputs: [runtime(x), constant({ dtype: 'int64', shape: [1], data: new BigInt64Array([0n]), quantization: null })],
      outputs: [{ dtype: 'float32' }],
    })).toThrow(/axes .* has type int64/);
    expect(() => run({ dtype: 'int8', shape: [1], data: new Int8Array(1), quantization: null }, i32([1], [0]), false))
      .toThrow(/only float32 MEAN/);
  });
});

// The official runtime sums in float32 (XNNPACK for the spatial cases): differences of ~1e-7.
describeOpGoldens('MEAN', mean, { exact: true }); // XNNPACK's global-average tree and the builtin float32 sums, bit for bit
