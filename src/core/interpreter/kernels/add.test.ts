import { describe, expect, it } from 'vitest';
import type { Activation } from '../../tflite/options';
import { makeRng } from '../../util/rng';
import { constant, f32, i32, runKernel, runtime } from '../../testing/run_kernel';
import { expectClose } from '../../testing/tolerance';
import { refArith } from '../../testing/reference/arith';
import { KernelError, type TensorValue } from '../kernel';
import { add } from './add';
import { describeOpGoldens } from '../../testing/reference/op_goldens';

function runAdd(a: TensorValue, b: TensorValue, act: Activation = 'NONE', nodeIndex = 0): TensorValue {
  return runKernel(add, {
    opName: 'ADD', nodeIndex, options: { type: 'AddOptions', fusedActivation: act, potScaleInt16: false },
    inputs: [runtime(a), constant(b)], outputs: [{ dtype: a.dtype }],
  })[0];
}

describe('ADD kernel', () => {
  it('adds same-shape tensors (TFLite add_test FloatAddNoActivation)', () => {
    const out = runAdd(f32([1, 2, 2, 1], [-2.0, 0.2, 0.7, 0.8]), f32([1, 2, 2, 1], [0.1, 0.2, 0.3, 0.5]));
    expect(out.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(out.data as Float32Array)).toEqual([-1.9, 0.4, 1.0, 1.3].map(Math.fround));
  });

  it('applies fused RELU_N1_TO_1 / RELU / RELU6 as clamps', () => {
    const a = f32([4], [-2.0, 0.2, 0.7, 5.8]);
    const b = f32([4], [0.1, 0.2, 0.3, 0.5]);
    expect(Array.from(runAdd(a, b, 'RELU_N1_TO_1').data as ArrayLike<number>)).toEqual([-1, Math.fround(0.4), 1, 1]);
    expect(Array.from(runAdd(a, b, 'RELU').data as ArrayLike<number>)).toEqual([0, Math.fround(0.4), 1, Math.fround(6.3)]);
    expect(Array.from(runAdd(a, b, 'RELU6').data as ArrayLike<number>)).toEqual([0, Math.fround(0.4), 1, 6]);
  });

  it('broadcasts a scalar, a bias vector and a middle axis (hand-computed)', () => {
    const x = f32([2, 1, 3], [1, 2, 3, 4, 5, 6]);
    expect(Array.from(runAdd(x, f32([], [10])).data as ArrayLike<number>)).toEqual([11, 12, 13, 14, 15, 16]);
    expect(Array.from(runAdd(x, f32([3], [10, 20, 30])).data as ArrayLike<number>)).toEqual([11, 22, 33, 14, 25, 36]);
    const y = runAdd(x, f32([1, 2, 1], [100, 200]));
    expect(y.shape).toEqual([2, 2, 3]);
    expect(Array.from(y.data as ArrayLike<number>)).toEqual([101, 102, 103, 201, 202, 203, 104, 105, 106, 204, 205, 206]);
  });

  it('adds int32 with wrap-around and clamps with RELU', () => {
    const out = runAdd(i32([3], [2147483647, -5, 7]), i32([3], [1, 2, 3]), 'RELU');
    expect(out.dtype).toBe('int32');
    expect(Array.from(out.data as ArrayLike<number>)).toEqual([0, 0, 10]);
  });

  it('agrees with the naive reference on seeded random broadcast shapes up to 6D', () => {
    const rng = makeRng(1234);
    for (let trial = 0; trial < 60; trial++) {
      const rank = rng.int(0, 6);
      const full = Array.from({ length: rank }, () => rng.int(1, 4));
      const shapeA = full.map((d) => (rng.next() < 0.3 ? 1 : d)).slice(rng.int(0, rank));
      const shapeB = full.map((d) => (rng.next() < 0.3 ? 1 : d)).slice(rng.int(0, rank));
      const a = f32(shapeA, rng.floats(shapeA.reduce((p, d) => p * d, 1), -3, 3));
      const b = f32(shapeB, rng.floats(shapeB.reduce((p, d) => p * d, 1), -3, 3));
      const act: Activation = (['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'] as const)[rng.int(0, 3)];
      const range = { NONE: {}, RELU: { min: 0 }, RELU6: { min: 0, max: 6 }, RELU_N1_TO_1: { min: -1, max: 1 } }[act];
      const ref = refArith('add', shapeA, a.data as Float32Array, shapeB, b.data as Float32Array, range);
      const out = runAdd(a, b, act);
      expect(out.shape).toEqual(ref.shape);
      expectClose(out.data as Float32Array, ref.data, { rel: 0, abs: 0, what: `[${shapeA}] + [${shapeB}]` });
    }
  });

  it('refuses shapes that do not broadcast, naming op and node', () => {
    expect(() => runAdd(f32([2, 3], [1, 2, 3, 4, 5, 6]), f32([2], [1, 2]), 'NONE', 7)).toThrow(KernelError);
    expect(() => runAdd(f32([2, 3], [1, 2, 3, 4, 5, 6]), f32([2], [1, 2]), 'NONE', 7)).toThrow(/ADD \(node 7\).*do not broadcast/);
  });

  it('refuses broadcasting beyond 6D, mixed types, and TANH fused activation', () => {
    const seven = f32([1, 1, 1, 1, 1, 1, 2], [1, 2]);
    expect(() => runAdd(seven, f32([1], [1]))).toThrow(/more than 6 dimensions/);
    expect(Array.from(runAdd(seven, f32([1, 1, 1, 1, 1, 1, 2], [3, 4])).data as ArrayLike<number>)).toEqual([4, 6]);
    expect(() => runKernel(add, {
      opName: 'ADD', inputs: [runtime(f32([1], [1])), runtime(i32([1], [1]))], outputs: [{ dtype: 'float32' }],
    })).toThrow(/input 1 .* has type int32/);
    expect(() => runAdd(f32([1], [1]), f32([1], [1]), 'TANH')).toThrow(/TANH/);
  });
});

describeOpGoldens('ADD', add, { exact: true });
