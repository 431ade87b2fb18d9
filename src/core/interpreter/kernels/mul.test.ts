import { describe, expect, it } from 'vitest';
import type { Activation } from '../../tflite/options';
import { makeRng } from '../../util/rng';
import { constant, f32, i32, runKernel, runtime } from '../../testing/run_kernel';
import { expectClose } from '../../testing/tolerance';
import { refArith } from '../../testing/reference/arith';
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
    const rng = makeRng(377);
    for (let trial = 0; trial < 50; trial++) {
      const rank = rng.int(0, 6);
      const full = Array.from({ length: rank }, () => rng.int(1, 4));
      const shapeA = full.map((d) => (rng.next() < 0.3 ? 1 : d)).slice(rng.int(0, rank));
      const shapeB = full.map((d) => (rng.next() < 0.3 ? 1 : d)).slice(rng.int(0, rank));
      const a = f32(shapeA, rng.floats(shapeA.reduce((p, d) => p * d, 1), -4, 4));
      const b = f32(shapeB, rng.floats(shapeB.reduce((p, d) => p * d, 1), -4, 4));
      const ref = refArith('mul', shapeA, a.data as Float32Array, shapeB, b.data as Float32Array, { min: -1, max: 1 });
      const out = run(a, b, 'RELU_N1_TO_1');
      expect(out.shape).toEqual(ref.shape);
      expectClose(out.data as Float32Array, ref.data, { rel: 0, abs: 0, what: `[${shapeA}] mul [${shapeB}]` });
      const ri = refArith('mul', shapeA, Array.from(a.data as Float32Array, (v) => Math.round(v * 1e4)), shapeB,
        Array.from(b.data as Float32Array, (v) => Math.round(v * 1e5)), { int32: true });
      const oi = run(i32(shapeA, Array.from(a.data as Float32Array, (v) => Math.round(v * 1e4))),
        i32(shapeB, Array.from(b.data as Float32Array, (v) => Math.round(v * 1e5))));
      expect(Array.from(oi.data as ArrayLike<number>)).toEqual(ri.data);
    }
  });

  it('refuses non-broadcastable shapes and quantized inputs with a KernelError naming the node', () => {
    expect(() => run(f32([3], [1, 2, 3]), f32([2], [1, 2]), 'NONE', 4)).toThrow(/MUL \(node 4\).*do not broadcast/);
    const q = { scale: [0.5], zeroPoint: [0], quantizedDimension: 0, min: null, max: null, custom: null };
    const int8: TensorValue = { dtype: 'int8', shape: [2], data: new Int8Array([1, 2]), quantization: q };
    expect(() => run(int8, int8)).toThrow(/full-integer MUL is not supported/);
  });
});

describeOpGoldens('MUL', mul, { exact: true });
