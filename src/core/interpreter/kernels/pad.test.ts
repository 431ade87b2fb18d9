import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/rng';
import { constant, f32, i32, i64, runKernel, runtime } from '../../testing/run_kernel';
import { refPad } from '../../testing/reference/shape_ops';
import type { TensorValue } from '../kernel';
import { pad } from './pad';
import { describeOpGoldens } from '../../testing/reference/op_goldens';

const run = (x: TensorValue, paddings: TensorValue, nodeIndex = 0, outDtype = x.dtype): TensorValue =>
  runKernel(pad, { opName: 'PAD', nodeIndex, inputs: [runtime(x), constant(paddings)], outputs: [{ dtype: outDtype, quantization: x.quantization }] })[0];
const nums = (v: TensorValue): number[] => Array.from(v.data as ArrayLike<number>);

describe('PAD kernel', () => {
  it('pads with zeros (TFLite pad_test SimpleConstTest, AdvancedConstTest)', () => {
    const a = run(f32([1, 2, 2, 1], [1, 2, 3, 4]), i32([4, 2], [0, 0, 1, 1, 1, 1, 0, 0]));
    expect(a.shape).toEqual([1, 4, 4, 1]);
    expect(nums(a)).toEqual([0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0]);
    const b = run(f32([1, 2, 3, 1], [1, 2, 3, 4, 5, 6]), i64([4, 2], [0, 0, 0, 2, 1, 3, 0, 0]));
    expect(b.shape).toEqual([1, 4, 7, 1]);
    expect(nums(b)).toEqual([0, 1, 2, 3, 0, 0, 0, 0, 4, 5, 6, 0, 0, 0, ...new Array(14).fill(0)]);
  });

  it('pads a quantized uint8 tensor with its zero point, and int64 data with 0n', () => {
    const q = { scale: [0.1], zeroPoint: [128], quantizedDimension: 0, min: null, max: null, custom: null };
    const x: TensorValue = { dtype: 'uint8', shape: [2], data: new Uint8Array([1, 2]), quantization: q };
    expect(nums(run(x, i32([1, 2], [1, 2])))).toEqual([128, 1, 2, 128, 128]);
    const y = run(i64([2], [5, -7]), i32([1, 2], [0, 1]));
    expect(Array.from(y.data as BigInt64Array)).toEqual([5n, -7n, 0n]);
  });

  it('agrees with the naive reference on seeded random shapes (rank 0..5)', () => {
    const rng = makeRng(4242);
    for (let trial = 0; trial < 40; trial++) {
      const shape = Array.from({ length: rng.int(0, 5) }, () => rng.int(1, 4));
      const pads = shape.map(() => [rng.int(0, 2), rng.int(0, 2)]);
      const x = f32(shape, rng.floats(shape.reduce((p, d) => p * d, 1)));
      const out = run(x, i32([shape.length, 2], pads.flat()));
      const ref = refPad(x.data as Float32Array, shape, pads);
      expect(out.shape).toEqual(ref.shape);
      expect(nums(out)).toEqual(ref.data);
    }
  });

  it('refuses negative paddings, a wrong paddings shape, rank > 5 and float paddings', () => {
    expect(() => run(f32([2], [1, 2]), i32([1, 2], [-1, 0]), 5)).toThrow(/PAD \(node 5\).*negative/);
    expect(() => run(f32([2], [1, 2]), i32([2, 2], [0, 0, 0, 0]))).toThrow(/must be \[1, 2\]/);
    expect(() => run(f32([1, 1, 1, 1, 1, 1], [1]), i32([6, 2], new Array(12).fill(0)))).toThrow(/exceeds 5/);
    expect(() => run(f32([2], [1, 2]), f32([1, 2], [0, 0]))).toThrow(/paddings .* has type float32/);
  });
});

describeOpGoldens('PAD', pad, { exact: true });
