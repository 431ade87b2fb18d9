import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/rng';
import { f32, i32, runKernel, runtime } from '../../testing/run_kernel';
import { expectClose } from '../../testing/tolerance';
import { refTanh } from '../../testing/reference/elementwise';
import type { TensorValue } from '../kernel';
import { tanh } from './tanh';
import { describeOpGoldens } from '../../testing/reference/op_goldens';

const run = (x: TensorValue, nodeIndex = 0): TensorValue =>
  runKernel(tanh, { opName: 'TANH', nodeIndex, inputs: [runtime(x)], outputs: [{ dtype: 'float32' }] })[0];

describe('TANH kernel', () => {
  it('hand-computed values (TFLite activations_test inputs)', () => {
    const out = run(f32([1, 2, 4, 1], [0, -6, 2, 4, 3, -2, 10, 1]));
    expect(out.shape).toEqual([1, 2, 4, 1]);
    expectClose(out.data as Float32Array, [0, -0.9999877, 0.9640275, 0.999329, 0.99505475, -0.9640275, 1, 0.7615941], { rel: 1e-5, abs: 1e-6 });
  });

  it('propagates NaN and handles ±Infinity', () => {
    const out = Array.from(run(f32([3], [NaN, Infinity, -Infinity])).data as ArrayLike<number>);
    expect(Number.isNaN(out[0])).toBe(true);
    expect(out.slice(1)).toEqual([1, -1]);
  });

  it('agrees with the naive reference on seeded random shapes', () => {
    const rng = makeRng(431);
    for (let trial = 0; trial < 20; trial++) {
      const shape = Array.from({ length: rng.int(0, 4) }, () => rng.int(1, 7));
      const x = f32(shape, rng.floats(shape.reduce((p, d) => p * d, 1), -8, 8));
      const out = run(x);
      expect(out.shape).toEqual(shape);
      expectClose(out.data as Float32Array, Array.from(x.data as Float32Array, refTanh), { rel: 2e-7, abs: 1e-7 });
    }
  });

  it('refuses a non-float32 input with a KernelError naming op and node', () => {
    expect(() => run(i32([2], [1, 2]), 3)).toThrow(/TANH \(node 3\).*int32/);
  });
});

// The official runtime's TANH (builtin kernel, Eigen's float tanh) is within an ulp or two of ours.
describeOpGoldens('TANH', tanh, { exact: true }); // Eigen's tanh, bit for bit
