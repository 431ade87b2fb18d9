import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/rng';
import { f32, i32, runKernel, runtime } from '../../testing/run_kernel';
import { expectClose } from '../../testing/tolerance';
import { refLogistic } from '../../testing/reference/elementwise';
import type { TensorValue } from '../kernel';
import { logistic } from './logistic';
import { describeOpGoldens } from '../../testing/reference/op_goldens';

const run = (x: TensorValue, nodeIndex = 0): TensorValue =>
  runKernel(logistic, { opName: 'LOGISTIC', nodeIndex, inputs: [runtime(x)], outputs: [{ dtype: 'float32' }] })[0];

describe('LOGISTIC kernel', () => {
  it('hand-computed values (TFLite activations_test inputs)', () => {
    const out = run(f32([1, 2, 4, 1], [0, -6, 2, 4, 3, -2, 10, 1]));
    expect(out.shape).toEqual([1, 2, 4, 1]);
    expectClose(out.data as Float32Array, [0.5, 0.002473, 0.880797, 0.982014, 0.952574, 0.119203, 0.999955, 0.731059], { rel: 1e-5, abs: 1e-6 });
  });

  it('propagates NaN and handles ±Infinity', () => {
    const out = Array.from(run(f32([3], [NaN, Infinity, -Infinity])).data as ArrayLike<number>);
    expect(Number.isNaN(out[0])).toBe(true);
    // As XNNPACK (which runs LOGISTIC in the official runtime): exp(−|x|) below its cutoff is 0.
    expect(out.slice(1)).toEqual([1, 0]);
  });

  it('agrees with the naive reference on seeded random shapes', () => {
    const rng = makeRng(831);
    for (let trial = 0; trial < 20; trial++) {
      const shape = Array.from({ length: rng.int(0, 4) }, () => rng.int(1, 7));
      const x = f32(shape, rng.floats(shape.reduce((p, d) => p * d, 1), -30, 30));
      const out = run(x);
      expect(out.shape).toEqual(shape);
      // XNNPACK's polynomial exp is within a few ulp of the float64 reference.
      expectClose(out.data as Float32Array, Array.from(x.data as Float32Array, refLogistic), { rel: 5e-7, abs: 0 });
    }
  });

  it('refuses a non-float32 input with a KernelError naming op and node', () => {
    expect(() => run(i32([2], [1, 2]), 3)).toThrow(/LOGISTIC \(node 3\).*int32/);
  });
});

// XNNPACK's sigmoid approximation vs our exp: within an ulp or two.
describeOpGoldens('LOGISTIC', logistic, { exact: true }); // XNNPACK's sigmoid, bit for bit
