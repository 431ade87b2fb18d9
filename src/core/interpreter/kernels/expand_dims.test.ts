import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/rng';
import { f32, i32, i64, runKernel, runtime } from '../../testing/run_kernel';
import type { TensorValue } from '../kernel';
import { expandDims } from './expand_dims';
import { describeOpGoldens } from '../../testing/reference/op_goldens';

const run = (x: TensorValue, axis: TensorValue, nodeIndex = 0): TensorValue =>
  runKernel(expandDims, { opName: 'EXPAND_DIMS', nodeIndex, inputs: [runtime(x), runtime(axis)], outputs: [{ dtype: x.dtype }] })[0];

describe('EXPAND_DIMS kernel', () => {
  it('inserts a 1 at positive, negative and end positions (TFLite expand_dims_test)', () => {
    const x = f32([2, 2], [-1.1, 1.2, -2.1, 2.2]);
    expect(run(x, i32([1], [0])).shape).toEqual([1, 2, 2]);
    expect(run(x, i32([], [1])).shape).toEqual([2, 1, 2]);
    expect(run(x, i32([1], [2])).shape).toEqual([2, 2, 1]);
    expect(run(x, i64([1], [-1])).shape).toEqual([2, 2, 1]);
    expect(run(x, i32([1], [-3])).shape).toEqual([1, 2, 2]);
    expect(Array.from(run(x, i32([1], [0])).data as Float32Array)).toEqual(Array.from(x.data as Float32Array));
    const u8: TensorValue = { dtype: 'uint8', shape: [28, 28], data: new Uint8Array(784).map((_, i) => i), quantization: null };
    const y = run(u8, i32([1], [-1]));
    expect(y.shape).toEqual([28, 28, 1]);
    expect(y.data).toEqual(u8.data);
  });

  it('matches the shape rule for every valid axis of seeded random shapes', () => {
    const rng = makeRng(77);
    for (let trial = 0; trial < 20; trial++) {
      const shape = Array.from({ length: rng.int(0, 4) }, () => rng.int(1, 5));
      for (let axis = -(shape.length + 1); axis <= shape.length; axis++) {
        const want = shape.slice();
        want.splice(axis < 0 ? axis + shape.length + 1 : axis, 0, 1);
        expect(run(f32(shape, rng.floats(shape.reduce((p, d) => p * d, 1))), i32([1], [axis])).shape).toEqual(want);
      }
    }
  });

  it('refuses an out-of-range axis, a multi-element axis and a float axis', () => {
    expect(() => run(f32([2], [1, 2]), i32([1], [2]), 3)).toThrow(/EXPAND_DIMS \(node 3\).*axis 2 is out of range/);
    expect(() => run(f32([2], [1, 2]), i32([1], [-3]))).toThrow(/out of range/);
    expect(() => run(f32([2], [1, 2]), i32([2], [0, 1]))).toThrow(/exactly one element/);
    expect(() => run(f32([2], [1, 2]), f32([1], [0]))).toThrow(/axis .* has type float32/);
  });
});

describeOpGoldens('EXPAND_DIMS', expandDims, { exact: true });
